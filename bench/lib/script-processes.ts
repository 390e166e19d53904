/**
 * How the benchmarks start Next and the worker: as `npm start` and `npm run worker` do, with the
 * heap bounds read from those scripts in package.json (V8 otherwise lets a heap grow into its
 * garbage long before it collects: docs/performance.md, sections 3 and 4), but on plain node,
 * without npm's own process in the tree.
 */
import fs from "node:fs";
import path from "node:path";

const scripts = (
  JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, "../../package.json"), "utf8")) as { scripts: Record<string, string> }
).scripts;

/** The `--flags` between `node` and `before` in a script. */
const nodeFlags = (script: string | undefined, before: string): string[] =>
  new RegExp(`\\bnode ((?:--\\S+ ?)*)${before}`)
    .exec(script ?? "")?.[1]
    ?.trim()
    .split(/\s+/)
    .filter(Boolean) ?? [];

export const WORKER_NODE_FLAGS: string[] = nodeFlags(scripts.worker, "dist/worker/");

/** `npm start`'s: Next under `next start` (a long-running host; Vercel runs Next its own way). */
export const NEXT_NODE_FLAGS: string[] = nodeFlags(scripts.start, "node_modules/next/");

/** node's arguments for `next start` (of the build in the working directory) on 127.0.0.1:`port`. */
export function nextStartArgs(root: string, port: number, extraFlags: string[] = []): string[] {
  return [
    ...NEXT_NODE_FLAGS,
    ...extraFlags, // after the script's, so that a benchmark's flag can override them
    path.join(root, "node_modules/next/dist/bin/next"),
    "start",
    "--port",
    String(port),
    "--hostname",
    "127.0.0.1",
  ];
}

/** node's arguments for the worker's bundle (`npm run build:worker`) on `port`. */
export function workerArgs(port: number, extraFlags: string[] = []): string[] {
  return [...WORKER_NODE_FLAGS, ...extraFlags, "dist/worker/node-server.mjs", "--port", String(port)];
}
