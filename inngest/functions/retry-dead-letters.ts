/**
 * retry-dead-letters: every 5 minutes, replays the dead letters that are due (see
 * src/lib/dead-letters/backoff.ts for the schedule) in small batches, one step per batch. A batch's
 * rows leave the due set whatever happens to them (stored, rescheduled or abandoned), so a step
 * retried after a crash picks up only what is left. One run at a time: a slow run is never joined
 * by the next tick's. Then shops with DEAD_LETTER_NOTIFY_THRESHOLD or more open dead letters are
 * notified (dead_letters_threshold, once a day each). `app/dead-letters.retry-requested` runs it now.
 */
import { inngest } from "../client";
import { deadLettersRetryRequested, shopNotificationRequested } from "../events";
import { env, envVar } from "../../src/lib/env";
import { findShopsOverDeadLetterThreshold } from "../../src/lib/dead-letters/dead-letter-queries";
import { retryDueDeadLetters, type BatchResult } from "../../src/lib/dead-letters/retry-dead-letter";

/** Rows per step: each is its own short transaction, so a step stays well inside its time limit. */
const BATCH_SIZE = 25;
/** Batches per run: bounds a run's steps; what is left is due again at the next tick. */
const MAX_BATCHES = 20;

export const retryDeadLetters = inngest.createFunction(
  {
    id: "retry-dead-letters",
    name: "Retry dead letters",
    triggers: [{ cron: "*/5 * * * *" }, deadLettersRetryRequested],
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
    // What is still open after the retries: shops at or above the threshold are told, once a day
    // each (the event id is the shop's and the day's; Inngest drops a repeat within 24 hours).
    const threshold = envVar("DEAD_LETTER_NOTIFY_THRESHOLD");
    const over = await step.run("shops-over-threshold", () => findShopsOverDeadLetterThreshold(threshold));
    if (over.length) {
      const day = new Date().toISOString().slice(0, 10);
      await step.sendEvent(
        "notify-dead-letters",
        over.map(({ shopId, open }) =>
          shopNotificationRequested.create(
            {
              shopId,
              kind: "dead_letters_threshold",
              requestedAt: new Date().toISOString(),
              facts: { open, threshold, deadLettersUrl: `${env().APP_URL}/dashboard/dead-letters` },
            },
            { id: `dead-letters-threshold:${shopId}:${day}` },
          ),
        ),
      );
    }
    return { ...totals, shopsOverThreshold: over.length };
  },
);
