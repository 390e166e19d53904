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
 * most of their time waiting on child processes, HTTP and timers (a sync-faults file used a tenth
 * of a core over its run), and each works in its own database (tests/integration/file-database.ts),
 * so 2.5 files per core keep the cores busy: 5 on 2 cores. TEST_WORKERS overrides (1 runs one file
 * at a time).
 */
const workers = Number(process.env.TEST_WORKERS) || Math.max(4, Math.round(os.availableParallelism() * 2.5));

/** Integration and e2e: one build and one PostgreSQL per run, one database per file. */
const withDatabase = {
  environment: "node" as const,
  globalSetup: ["tests/integration/global-setup.ts"],
  setupFiles: ["tests/integration/file-database.ts"],
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
