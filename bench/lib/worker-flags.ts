/**
 * The heap bounds of `npm run worker` and `npm start`, read from their scripts in package.json so
 * the benchmarks run the worker and Next as they are run: V8 otherwise lets a heap grow into its
 * garbage long before it collects (docs/performance.md, sections 3 and 4).
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
