/**
 * The heap bounds of `npm run worker`, read from its script in package.json so the benchmarks run
 * the worker as it is run: V8 otherwise lets the heap grow into the chunks' garbage long before it
 * collects (docs/performance.md, section 3).
 */
import fs from "node:fs";
import path from "node:path";

export const WORKER_NODE_FLAGS: string[] =
  /\bnode ((?:--\S+ ?)*)dist\/worker\//
    .exec(
      (JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, "../../package.json"), "utf8")) as { scripts: Record<string, string> })
        .scripts.worker ?? "",
    )?.[1]
    ?.trim()
    .split(/\s+/)
    .filter(Boolean) ?? [];
