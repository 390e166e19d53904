/**
 * prune-history: hourly, deletes what outlived its retention (handled webhook deliveries, resolved
 * dead letters, tombstones that no longer matter: src/lib/retention/prune-history.ts), one bounded
 * batch per step. What is left after MAX_BATCHES is pruned by the next hour's run. Then the
 * dashboard's count deltas are folded into one row per shop and table (record-counts.ts).
 */
import { inngest } from "../client";
import { PRUNED_TABLES, pruneBatch } from "../../src/lib/retention/prune-history";
import { foldRecordCounts } from "../../src/lib/dashboard/record-counts";

const BATCH_SIZE = 5_000;
const MAX_BATCHES = 20;

export const pruneHistory = inngest.createFunction(
  {
    id: "prune-history",
    name: "Prune history past its retention",
    triggers: [{ cron: "17 * * * *" }],
    concurrency: { limit: 1 },
    retries: 3,
  },
  async ({ step }) => {
    const pruned: Record<string, number> = {};
    for (const table of PRUNED_TABLES) {
      pruned[table] = 0;
      for (let batch = 0; batch < MAX_BATCHES; batch++) {
        const deleted = await step.run(`prune-${table}-${batch}`, () => pruneBatch(table, { limit: BATCH_SIZE }));
        pruned[table] += deleted;
        if (deleted < BATCH_SIZE) break;
      }
    }
    pruned.recordCountDeltas = await step.run("fold-record-counts", () => foldRecordCounts());
    return pruned;
  },
);
