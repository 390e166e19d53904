/**
 * Where the bulk path's chunks are read, parsed, validated and encoded: a worker thread when the
 * worker's bundle is there, else the thread that commits them.
 *
 * Why a thread: each chunk's transaction is a series of statements, each sent when the previous
 * one's answer is handled. In the thread that also parses, an answer waits for the slice of
 * parsing under way, and for every garbage collection of the chunk being read, while PostgreSQL
 * idles (measured on the large store: PostgreSQL not runnable 10-13% of the ingest, garbage
 * collection pauses 4.5-6.4 s on that thread; docs/performance.md, section 2g). In a worker the
 * committing thread only moves bytes: COPY text arrives as transferred buffers (no copy, no
 * objects on its heap).
 *
 * The worker is a file of its own, built by `npm run build:worker` (esbuild) next to the worker
 * server: dist/worker/bulk-chunk-worker.mjs. The worker server (inngest/node-server.ts) points here
 * at its sibling; Next's /api/inngest and the CLIs find it under the working directory. In
 * development (`npm run dev`, NODE_ENV=development) chunks are prepared in this thread, so that an
 * edit of the validation applies at once instead of waiting for a rebuilt bundle; likewise when the
 * file is absent. Same code (bulk-chunks.ts), same results.
 */
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { env } from "../../env";
import { readBulkChunks, type ChunkReadOptions, type CutChunk } from "./bulk-chunks";

export interface ChunkSource {
  /** Reads the next chunk (at most one read at a time); null at the end of the file. */
  next(): Promise<CutChunk | null>;
  /** Stops reading (a chunk being read is dropped) and frees the thread. */
  close(): Promise<void>;
  /** Where chunks are prepared, for logs and tests. */
  readonly where: "worker" | "thread";
}

/** Lines read between two yields to the event loop when the committing thread reads too. */
const LINES_PER_SLICE = 200;

export const BULK_CHUNK_WORKER_FILE = "bulk-chunk-worker.mjs";

/** Where build:worker writes the worker, under a checkout's working directory. */
export const builtChunkWorkerFile = () => path.resolve(process.cwd(), "dist", "worker", BULK_CHUNK_WORKER_FILE);

let configuredFile: string | null | undefined;

/** The worker's file (the worker server: its sibling), or null to prepare chunks in this thread. */
export function setBulkChunkWorkerFile(file: string | null): void {
  configuredFile = file;
}

function workerFile(): string | null {
  if (configuredFile !== undefined) return configuredFile;
  if (env().NODE_ENV === "development") return null;
  const file = builtChunkWorkerFile();
  return fs.existsSync(file) ? file : null;
}

export function openChunkSource(options: Omit<ChunkReadOptions, "linesPerSlice">): ChunkSource {
  const file = workerFile();
  return file ? workerSource(file, options) : threadSource(options);
}

function threadSource(options: Omit<ChunkReadOptions, "linesPerSlice">): ChunkSource {
  const chunks = readBulkChunks({ ...options, linesPerSlice: LINES_PER_SLICE });
  return {
    where: "thread",
    next: async () => {
      const { done, value } = await chunks.next();
      return done ? null : value;
    },
    close: async () => {
      await chunks.return(undefined); // closes the download
    },
  };
}

/** What the committing thread asks the worker: open a read, its next chunk, or to close it. */
export type WorkerRequest = { read: number; open: ChunkReadOptions } | { read: number; next: true } | { read: number; close: true };

/** What the worker answers to each "next" of a read. */
export type WorkerAnswer = { read: number } & ({ chunk: CutChunk } | { done: true } | { error: string; stack?: string });

interface Waiting {
  resolve(chunk: CutChunk | null): void;
  reject(error: Error): void;
}

/**
 * One worker per process, kept while reads use it (its compiled code stays warm from one step to
 * the next: a new thread per step measured twice the CPU per chunk) and ended after a minute idle.
 * Reads of different shops' steps share it, each answered in its own order.
 */
const IDLE_MS = 60_000;

interface ChunkWorker {
  worker: Worker;
  waiting: Map<number, Waiting>;
  reads: number;
  idle?: NodeJS.Timeout;
}

let shared: ChunkWorker | null = null;
let nextRead = 1;

function chunkWorker(file: string): ChunkWorker {
  if (shared) return shared;
  const worker = new Worker(file);
  const state: ChunkWorker = { worker, waiting: new Map(), reads: 0 };
  const failAll = (error: Error) => {
    if (shared === state) shared = null;
    for (const waiting of state.waiting.values()) waiting.reject(error);
    state.waiting.clear();
  };
  worker.on("message", (answer: WorkerAnswer) => {
    const waiting = state.waiting.get(answer.read);
    state.waiting.delete(answer.read);
    if ("error" in answer) waiting?.reject(Object.assign(new Error(answer.error), answer.stack ? { stack: answer.stack } : {}));
    else waiting?.resolve("done" in answer ? null : answer.chunk);
  });
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`the bulk chunk worker exited (code ${code})`)));
  worker.unref(); // an idle worker never keeps the process alive
  shared = state;
  return state;
}

function workerSource(file: string, options: Omit<ChunkReadOptions, "linesPerSlice">): ChunkSource {
  const state = chunkWorker(file);
  const read = nextRead++;
  const send = (request: WorkerRequest) => state.worker.postMessage(request);
  state.reads += 1;
  clearTimeout(state.idle);
  send({ read, open: { ...options, linesPerSlice: 0 } });
  let closed = false;
  return {
    where: "worker",
    next: () =>
      new Promise<CutChunk | null>((resolve, reject) => {
        if (closed || shared !== state) return reject(new Error("the bulk chunk worker is gone"));
        state.waiting.set(read, { resolve, reject });
        send({ read, next: true });
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      state.waiting.delete(read);
      if (shared !== state) return;
      send({ read, close: true });
      state.reads -= 1;
      if (state.reads === 0)
        state.idle = setTimeout(() => {
          if (shared === state && state.reads === 0) {
            shared = null;
            void state.worker.terminate();
          }
        }, IDLE_MS).unref();
    },
  };
}
