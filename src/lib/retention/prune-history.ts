/**
 * What keeps the database from growing with history (run hourly by prune-history): handled webhook
 * deliveries, resolved dead letters and tombstones that no longer matter are deleted after their
 * retention (env: WEBHOOK_LOG_RETENTION_DAYS, DEAD_LETTER_RETENTION_DAYS, TOMBSTONE_RETENTION_DAYS).
 * Each call deletes one bounded batch (a short transaction, an index range), so a step never runs
 * long and a backlog is worked off over a few calls.
 */
import { envVar } from "../env";
import { pruneResolvedDeadLetters } from "../dead-letters/dead-letter-queries";
import { pruneTombstones } from "../webhooks/record-queries";
import { pruneWebhookLog } from "../webhooks/webhook-queries";

export type PrunedTable = "webhookLog" | "deadLetters" | "tombstones";

const DAY_MS = 86_400_000;

const PRUNERS: Record<PrunedTable, { prune: (before: Date, limit: number) => Promise<number>; retentionDays: () => number }> = {
  webhookLog: { prune: pruneWebhookLog, retentionDays: () => envVar("WEBHOOK_LOG_RETENTION_DAYS") },
  deadLetters: { prune: pruneResolvedDeadLetters, retentionDays: () => envVar("DEAD_LETTER_RETENTION_DAYS") },
  tombstones: { prune: pruneTombstones, retentionDays: () => envVar("TOMBSTONE_RETENTION_DAYS") },
};

export const PRUNED_TABLES = Object.keys(PRUNERS) as PrunedTable[];

/** Deletes one batch of what outlived its retention in `table`; returns how many rows. */
export async function pruneBatch(table: PrunedTable, options: { limit: number; now?: Date }): Promise<number> {
  const pruner = PRUNERS[table];
  const before = new Date((options.now ?? new Date()).getTime() - pruner.retentionDays() * DAY_MS);
  return pruner.prune(before, options.limit);
}
