/**
 * Starts the test files that take longest first, so the slowest file never starts last and the
 * workers finish together. Vitest orders by its cache of the last run's durations; a clean checkout
 * (CI, a fresh clone) has no cache, and vitest then orders by file size, which starts last the
 * files whose tests live in a shared helper (sync-faults-*.test.ts, install-and-sync-*.test.ts).
 * Without a cached duration, a file's duration is read from tests/file-durations.json (seconds,
 * measured on a 2-core machine; only files that take 20 s or more), or estimated from its size. A
 * file missing from the list runs as before; the list only orders.
 */
import path from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import measured from "./file-durations.json" with { type: "json" };

const MEASURED_SECONDS: Record<string, number | undefined> = measured.seconds;
/** Test files of this repository run about a second per 200 bytes of source (a rough guess). */
const BYTES_PER_SECOND = 200;

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const estimates = new Map(files.map((file) => [file, this.estimateSeconds(file)]));
    // Vitest runs each sequence.groupOrder group after the one before: keep that order.
    const group = (file: TestSpecification) => file.project.config.sequence.groupOrder;
    return [...files].sort((a, b) => group(a) - group(b) || estimates.get(b)! - estimates.get(a)!);
  }

  private estimateSeconds(file: TestSpecification): number {
    const relative = path.relative(this.ctx.config.root, file.moduleId).split(path.sep).join("/");
    const key = `${file.project.name}:${relative}`;
    const cached = this.ctx.cache.getFileTestResults(key);
    if (cached && !cached.failed) return cached.duration / 1000;
    const listed = MEASURED_SECONDS[relative];
    if (listed !== undefined) return listed;
    return (this.ctx.cache.getFileStats(key)?.size ?? 0) / BYTES_PER_SECOND;
  }
}
