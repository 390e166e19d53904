/**
 * retry-dead-letters: every 5 minutes, replays the dead letters that are due (see
 * src/lib/dead-letters/backoff.ts for the schedule) in small batches, one step per batch. A batch's
 * rows leave the due set whatever happens to them (stored, rescheduled or abandoned), so a step
 * retried after a crash picks up only what is left. One run at a time: a slow run is never joined
 * by the next tick's.
 */
import { inngest } from "../client";
import { retryDueDeadLetters, type BatchResult } from "../../src/lib/dead-letters/retry-dead-letter";

/** Rows per step: each is its own short transaction, so a step stays well inside its time limit. */
const BATCH_SIZE = 25;
/** Batches per run: bounds a run's steps; what is left is due again at the next tick. */
const MAX_BATCHES = 20;

export const retryDeadLetters = inngest.createFunction(
  {
    id: "retry-dead-letters",
    name: "Retry dead letters",
    triggers: [{ cron: "*/5 * * * *" }],
    concurrency: { limit: 1 },
    retries: 3,
  },
  async ({ step, logger }) => {
    const totals: BatchResult = { attempted: 0, retried: 0, failed: 0, abandoned: 0 };
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const result = await step.run(`retry-batch-${batch}`, () => retryDueDeadLetters({ limit: BATCH_SIZE }));
      for (const key of Object.keys(totals) as (keyof BatchResult)[]) totals[key] += result[key];
      if (result.attempted < BATCH_SIZE) break;
    }
    if (totals.attempted) logger.info(totals, "dead letters retried");
    return totals;
  },
);
