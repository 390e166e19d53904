import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";
import LongestFirstSequencer from "./tests/longest-first-sequencer.ts";

const alias = {
  "@": path.resolve(import.meta.dirname, "src"),
  // Tests run app modules outside Next.js, as server code: `import "server-only"` is a no-op here.
  "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
};

/**
 * Test files run side by side, unit, integration and e2e alike: integration and e2e files spend
 * most of their time waiting on child processes, HTTP and timers, and each works in its own
 * database (tests/integration/file-database.ts). Measured (TEST_CPU_DIR, 2026-11-30): a file's
 * fork, app, runner and PostgreSQL backends together use about a quarter of a core over its run
 * (the suite's 116 files about 640 CPU seconds against 2,435 file-seconds), so 2.5 files per core
 * left a third of two cores idle; 3.5 per core (7 on 2 cores) keep them busy. TEST_WORKERS
 * overrides (1 runs one file at a time).
 */
const workers = Number(process.env.TEST_WORKERS) || Math.max(4, Math.round(os.availableParallelism() * 3.5));

/** TEST_CPU_DIR=dir records each file's wall and CPU seconds in dir/files.jsonl (tests/cpu-record.ts). */
const cpuRecord = process.env.TEST_CPU_DIR ? ["tests/cpu-record.ts"] : [];

/** Integration and e2e: one build and one PostgreSQL per run, one database per file. */
const withDatabase = {
  environment: "node" as const,
  globalSetup: ["tests/integration/global-setup.ts"],
  setupFiles: [...cpuRecord, "tests/integration/file-database.ts"],
  pool: "forks" as const,
  hookTimeout: 180_000,
};

export default defineConfig({
  resolve: { alias },
  test: {
    reporters: ["default"],
    maxWorkers: workers,
    // The longest files start first (on a clean checkout too), so none starts last.
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
          setupFiles: cpuRecord,
          testTimeout: 20_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          ...withDatabase,
          testTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          ...withDatabase,
          // Finds Chromium, or installs Debian's: `npm test` needs no manual step.
          globalSetup: [...withDatabase.globalSetup, "tests/e2e/chromium-setup.ts"],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
