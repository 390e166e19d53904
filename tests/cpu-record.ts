/**
 * Setup file added to every project when TEST_CPU_DIR is set (vitest.config.ts): records, per test
 * file, its wall time and the CPU seconds of its fork and of the children the fork has reaped (the
 * app, runner and CLI processes it started), as one JSON line in TEST_CPU_DIR/files.jsonl. CPU
 * seconds, unlike wall, survive a loaded machine: they say which files cost the suite most.
 * PostgreSQL backends serve every file from one server and are not counted here.
 */
import { appendFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, expect } from "vitest";

const TICKS_PER_SECOND = 100;

/** utime, stime, cutime, cstime of this process (seconds), from /proc/self/stat. */
function processTimes(): { self: number; children: number } {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number) as [number, number, number, number];
  return { self: (utime + stime) / TICKS_PER_SECOND, children: (cutime + cstime) / TICKS_PER_SECOND };
}

const dir = process.env.TEST_CPU_DIR!;
const file = path.relative(process.cwd(), expect.getState().testPath ?? "unknown");
const startedAt = Date.now();
const before = processTimes();

afterAll(() => {
  const after = processTimes();
  const line = {
    file,
    pid: process.pid,
    startedAt,
    wallSeconds: (Date.now() - startedAt) / 1000,
    forkCpuSeconds: after.self - before.self,
    childrenCpuSeconds: after.children - before.children,
  };
  appendFileSync(path.join(dir, "files.jsonl"), `${JSON.stringify(line)}\n`);
});
