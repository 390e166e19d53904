/**
 * Replays a dead letter through the path that failed it: node records through ingestRecords (the
 * full sync's validation and upserts), webhook bodies through processWebhookPayload, a channel
 * listing the channel refused as a push of that one SKU (replayChannelListing). Success marks
 * the row RETRIED; failure updates the same row (new error, retryCount + 1, next retry after
 * backoff, or ABANDONED at maxRetries). A replay that fails never leaves a second dead letter for
 * the record: the node replay runs under a savepoint that is rolled back, taking ingestRecords'
 * update of the open row with it, after its error message was read.
 *
 * The cron and a merchant's click never replay one record twice at once: a node record replays
 * under a row lock on its dead letter (one short transaction, database work only); a webhook body
 * (its handler may call Shopify) and a channel listing (pushed to the channel) replay outside any
 * transaction under a lease on the row (replayLeaseUntil), the outcome recorded under the row lock
 * afterwards.
 */
import { db } from "../db";
import { ingestRecords, type IncomingRecord } from "../sync/ingest/ingest-records";
import { lockInstalledShop } from "../sync/ingest/shop-guard";
import { afterFailedAttempt, isSettled } from "./backoff";
import {
  findDueDeadLetterIds,
  findLatestFailure,
  leaseDeadLetter,
  lockDeadLetter,
  markDeadLetterRetried,
  recordFailedRetry,
  type DeadLetterRow,
} from "./dead-letter-queries";
import { readReplayInput, type ReplayInput } from "./replay-input";
import { processWebhookPayload } from "../webhooks/process-webhook";
import { replayChannelListing } from "../channels/push-channel-batch";
import type { Prisma } from "../../generated/prisma/client";

type Tx = Prisma.TransactionClient;
type WebhookReplay = Extract<ReplayInput, { kind: "webhook" }>;
type ChannelReplay = Extract<ReplayInput, { kind: "channel" }>;

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

/** A node record's replay (database work only) within one transaction. */
const REPLAY_TRANSACTION_TIMEOUT_MS = 60_000;
/** How long a webhook body's replay keeps others off the row; one that outlives it (a crash) may run again. */
const REPLAY_LEASE_MS = 2 * 60_000;

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

/** A channel listing the channel refused, pushed again as that one SKU (its listing updated as a push would). */
async function replayChannel(target: ChannelReplay): Promise<void> {
  const outcome = await replayChannelListing(db(), target);
  if (!outcome.ok) throw new ReplayFailure(outcome.message);
}

/** Whether this attempt may replay the row: unsettled, due (or asked for), and no replay of it running. */
function mayReplay(letter: DeadLetterRow, now: Date, isManual: boolean): boolean {
  if (isSettled(letter.resolution)) return false;
  if (letter.replayLeaseUntil && letter.replayLeaseUntil.getTime() > Date.now()) return false;
  const isDue =
    letter.resolvedAt === null && letter.nextRetryAt !== null && letter.nextRetryAt <= now && letter.retryCount < letter.maxRetries;
  return isManual || isDue;
}

/** Runs the replay and records its outcome on the (locked) row. */
async function settle(tx: Tx, letter: DeadLetterRow, now: Date, replay: () => Promise<void>): Promise<RetryResult> {
  try {
    await replay();
  } catch (error) {
    const update = afterFailedAttempt(letter, now);
    const failure = describeFailure(error);
    await recordFailedRetry(tx, letter.id, update, failure);
    return { id: letter.id, outcome: update.resolution === "ABANDONED" ? "abandoned" : "failed", error: failure.message };
  }
  await markDeadLetterRetried(tx, letter.id, now);
  return { id: letter.id, outcome: "retried" };
}

const TRANSACTION = { timeout: REPLAY_TRANSACTION_TIMEOUT_MS, maxWait: 10_000 };

export async function retryDeadLetter(id: string, options: RetryOptions = {}): Promise<RetryResult> {
  const now = options.now ?? new Date();
  const claim = await db().$transaction(
    async (tx): Promise<RetryResult | { letter: DeadLetterRow; webhook: WebhookReplay | ChannelReplay }> => {
      const letter = await lockDeadLetter(tx, id);
      if (!letter || !mayReplay(letter, now, options.isManual ?? false)) return { id, outcome: "skipped" };
      const input = readReplayInput(letter);
      if (input.kind === "webhook" || input.kind === "channel") {
        await leaseDeadLetter(tx, id, new Date(Date.now() + REPLAY_LEASE_MS));
        return { letter, webhook: input };
      }
      // A node record replays here: database work only, under a savepoint of this transaction.
      return settle(tx, letter, now, async () => {
        if (input.kind === "unreadable") throw new ReplayFailure(input.reason);
        await replayRecord(tx, letter, input.record);
      });
    },
    TRANSACTION,
  );
  if (!("webhook" in claim)) return claim;

  // A webhook body (its handler may call Shopify) and a channel listing (pushed to the channel)
  // replay outside any transaction, with connections of their own, so a replay never holds one
  // idle meanwhile. The lease keeps a second replay of the row from starting; the outcome is
  // recorded once it is known.
  const { letter, webhook } = claim;
  const replayWebhook = options.replayWebhook ?? processWebhookPayload;
  let failure: unknown;
  let failed = false;
  try {
    if (webhook.kind === "channel") await replayChannel(webhook);
    else await replayWebhook(letter.shopDomain, webhook.topic, webhook.payload, webhook.triggeredAt);
  } catch (error) {
    failed = true;
    failure = error;
  }
  return db().$transaction(async (tx) => {
    const current = await lockDeadLetter(tx, id);
    if (!current) return { id, outcome: "skipped" }; // deleted meanwhile (the shop's data was erased)
    return settle(tx, current, now, async () => {
      if (failed) throw failure;
    });
  }, TRANSACTION);
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
