// A worker thread's entry: registers tsx's loader in this thread, then runs the TypeScript module.
import { register } from "tsx/esm/api";
import { workerData } from "node:worker_threads";

register();
await import(workerData.module);
