/**
 * Replays a dead letter through the path that failed it: node records through ingestRecords (the
 * full sync's validation and upserts), webhook bodies through processWebhookPayload. Success marks
 * the row RETRIED; failure updates the same row (new error, retryCount + 1, next retry after
 * backoff, or ABANDONED at maxRetries). A replay that fails never leaves a second dead letter for
 * the record: the node replay runs under a savepoint that is rolled back, taking ingestRecords'
 * update of the open row with it, after its error message was read.
 *
 * Each replay holds a row lock on its dead letter for its transaction, so the cron and a merchant's
 * click never replay one record twice at once.
 */
import { db } from "../db";
import { ingestRecords, type IncomingRecord } from "../sync/ingest/ingest-records";
import { lockInstalledShop } from "../sync/ingest/shop-guard";
import { afterFailedAttempt, isSettled } from "./backoff";
import {
  findDueDeadLetterIds,
  findLatestFailure,
  lockDeadLetter,
  markDeadLetterRetried,
  recordFailedRetry,
  type DeadLetterRow,
} from "./dead-letter-queries";
import { readReplayInput } from "./replay-input";
import { processWebhookPayload } from "../webhooks/process-webhook";
import type { Prisma } from "../../generated/prisma/client";

type Tx = Prisma.TransactionClient;

export type RetryOutcome = "retried" | "failed" | "abandoned" | "skipped";

export interface RetryResult {
  id: string;
  outcome: RetryOutcome;
  /** Why the replay failed (failed, abandoned). */
  error?: string;
}

export interface RetryOptions {
  now?: Date;
  /** A merchant's click: replays whatever the schedule says (not only due rows). */
  isManual?: boolean;
  /** Replays a webhook body; processWebhookPayload unless a test gives another. */
  replayWebhook?: (shopDomain: string, topic: string, payload: unknown, triggeredAt?: Date) => Promise<void>;
}

/** Webhook processing can call Shopify for the full record: allow it time. */
const REPLAY_TRANSACTION_TIMEOUT_MS = 60_000;

/** The record failed again; its message is what the merchant reads (no stack worth keeping). */
class ReplayFailure extends Error {}

const describeFailure = (error: unknown) =>
  error instanceof ReplayFailure || !(error instanceof Error)
    ? { message: error instanceof Error ? error.message : String(error) }
    : { message: error.message, stack: error.stack };

async function replayRecord(tx: Tx, letter: DeadLetterRow, record: IncomingRecord): Promise<void> {
  await tx.$executeRawUnsafe("SAVEPOINT dead_letter_replay");
  let failure: string | undefined;
  try {
    await lockInstalledShop(tx, letter.shopId);
    const result = await ingestRecords(tx, { shopId: letter.shopId }, [record]);
    if (result.deadLettered > 0) {
      const fresh = await findLatestFailure(tx, letter.shopId, letter.entityType, letter.shopifyId);
      failure = fresh?.errorMessage ?? "the record failed again when replayed";
    }
  } catch (error) {
    // An uninstalled shop, or a database error that aborted the transaction: undo the replay so
    // the row can record the failure.
    await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT dead_letter_replay");
    throw error;
  }
  if (failure === undefined) {
    await tx.$executeRawUnsafe("RELEASE SAVEPOINT dead_letter_replay");
    return;
  }
  await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT dead_letter_replay");
  throw new ReplayFailure(failure);
}

export async function retryDeadLetter(id: string, options: RetryOptions = {}): Promise<RetryResult> {
  const now = options.now ?? new Date();
  return db().$transaction(
    async (tx) => {
      const letter = await lockDeadLetter(tx, id);
      if (!letter || isSettled(letter.resolution)) return { id, outcome: "skipped" };
      const isDue =
        letter.resolvedAt === null && letter.nextRetryAt !== null && letter.nextRetryAt <= now && letter.retryCount < letter.maxRetries;
      if (!options.isManual && !isDue) return { id, outcome: "skipped" };
      try {
        const input = readReplayInput(letter);
        if (input.kind === "unreadable") throw new ReplayFailure(input.reason);
        if (input.kind === "record") await replayRecord(tx, letter, input.record);
        else await (options.replayWebhook ?? processWebhookPayload)(letter.shopDomain, input.topic, input.payload, input.triggeredAt);
      } catch (error) {
        const update = afterFailedAttempt(letter, now);
        const failure = describeFailure(error);
        await recordFailedRetry(tx, id, update, failure);
        return { id, outcome: update.resolution === "ABANDONED" ? "abandoned" : "failed", error: failure.message };
      }
      await markDeadLetterRetried(tx, id, now);
      return { id, outcome: "retried" };
    },
    { timeout: REPLAY_TRANSACTION_TIMEOUT_MS, maxWait: 10_000 },
  );
}

export interface BatchResult {
  attempted: number;
  retried: number;
  failed: number;
  abandoned: number;
}

/** Retries up to `limit` due dead letters, one transaction each; returns what happened. */
export async function retryDueDeadLetters(
  options: { limit: number; now?: Date } & Pick<RetryOptions, "replayWebhook">,
): Promise<BatchResult> {
  const now = options.now ?? new Date();
  const ids = await findDueDeadLetterIds(now, options.limit);
  const result: BatchResult = { attempted: ids.length, retried: 0, failed: 0, abandoned: 0 };
  for (const id of ids) {
    const { outcome } = await retryDeadLetter(id, { now, replayWebhook: options.replayWebhook });
    if (outcome !== "skipped") result[outcome] += 1;
  }
  return result;
}
