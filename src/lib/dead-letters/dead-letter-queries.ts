/** Reads and writes of FailedSyncItem rows (the dead-letter queue). */
import { db, type SqlTx } from "../db";
import type { Prisma } from "../../generated/prisma/client";
import type { FailedAttemptUpdate, Resolution } from "./backoff";

type Tx = Prisma.TransactionClient;

/** Dead letters are first retried a minute later (the retry job owns the schedule from there). */
const FIRST_RETRY_DELAY_MS = 60_000;

export interface NewDeadLetter {
  shopId: string;
  syncRunId?: string | null;
  entityType: string;
  shopifyId: string | null;
  /** The parent record's GID, when the record is a child and its parent is known. */
  parentShopifyId?: string | null;
  /** Webhook dead letters: when Shopify triggered the delivery (a replay is ordered by it). */
  triggeredAt?: Date | null;
  rawPayload: string;
  errorMessage: string;
  errorStack?: string | null;
}

/**
 * Records failures: one open row per (shop, entity, Shopify id). A record that fails again while
 * its row is open updates that row (failureCount, the newest payload and error, lastSeenAt) and
 * keeps its retry schedule; the unique index on (shopId, entityType, shopifyId, isOpen) makes
 * this one statement, safe under concurrency. A failure without an id always adds a row.
 */
export async function recordDeadLetters(tx: Pick<SqlTx, "$executeRawUnsafe">, letters: NewDeadLetter[]): Promise<void> {
  for (const letter of letters) {
    const nextRetryAt = new Date(Date.now() + FIRST_RETRY_DELAY_MS).toISOString();
    await tx.$executeRawUnsafe(
      `INSERT INTO "FailedSyncItem" (id, "shopId", "syncRunId", "entityType", "shopifyId", "parentShopifyId", "triggeredAt", "rawPayload", "errorMessage", "errorStack",
        "nextRetryAt", "isOpen", "failureCount", "lastSeenAt", "createdAt", "updatedAt")
      VALUES (gen_random_uuid()::text, $1, $2, $3, $4, $5, $6::timestamptz, $7, $8, $9, $10::timestamptz, true, 1, now(), now(), now())
      ON CONFLICT ("shopId", "entityType", "shopifyId", "isOpen") DO UPDATE SET
        "failureCount" = "FailedSyncItem"."failureCount" + 1,
        "parentShopifyId" = COALESCE(excluded."parentShopifyId", "FailedSyncItem"."parentShopifyId"),
        "rawPayload" = excluded."rawPayload",
        "triggeredAt" = excluded."triggeredAt",
        "errorMessage" = excluded."errorMessage",
        "errorStack" = excluded."errorStack",
        "syncRunId" = COALESCE(excluded."syncRunId", "FailedSyncItem"."syncRunId"),
        "lastSeenAt" = now(),
        "updatedAt" = now()`,
      letter.shopId,
      letter.syncRunId ?? null,
      letter.entityType,
      letter.shopifyId,
      letter.parentShopifyId ?? null,
      letter.triggeredAt?.toISOString() ?? null,
      letter.rawPayload,
      letter.errorMessage,
      letter.errorStack ?? null,
      nextRetryAt,
    );
  }
}

export interface DeadLetterRow {
  id: string;
  shopId: string;
  shopDomain: string;
  entityType: string;
  shopifyId: string | null;
  parentShopifyId: string | null;
  triggeredAt: Date | null;
  replayLeaseUntil: Date | null;
  rawPayload: string;
  errorMessage: string;
  retryCount: number;
  maxRetries: number;
  nextRetryAt: Date | null;
  resolvedAt: Date | null;
  resolution: Resolution | null;
  createdAt: Date;
}

/** The fields every view of a dead letter shows. */
const deadLetterFields = {
  id: true,
  entityType: true,
  shopifyId: true,
  rawPayload: true,
  errorMessage: true,
  retryCount: true,
  maxRetries: true,
  nextRetryAt: true,
  resolvedAt: true,
  resolution: true,
} as const;

const rowSelect = {
  ...deadLetterFields,
  shopId: true,
  parentShopifyId: true,
  triggeredAt: true,
  replayLeaseUntil: true,
  createdAt: true,
  shop: { select: { domain: true } },
} as const;

/** Ids of rows due for a retry, oldest due first. */
/** Shops with at least `threshold` open dead letters, and how many each has. */
export async function findShopsOverDeadLetterThreshold(threshold: number): Promise<{ shopId: string; open: number }[]> {
  const rows = await db().failedSyncItem.groupBy({
    by: ["shopId"],
    where: { resolvedAt: null },
    _count: { _all: true },
    having: { shopId: { _count: { gte: threshold } } },
  });
  return rows.map((row) => ({ shopId: row.shopId, open: row._count._all }));
}

export async function findDueDeadLetterIds(now: Date, limit: number): Promise<string[]> {
  const rows = await db().failedSyncItem.findMany({
    where: { resolvedAt: null, nextRetryAt: { lte: now }, retryCount: { lt: db().failedSyncItem.fields.maxRetries } },
    orderBy: { nextRetryAt: "asc" },
    take: limit,
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/** Locks the row for the rest of the transaction (a cron retry and a click never replay it twice). */
export async function lockDeadLetter(tx: Tx, id: string): Promise<DeadLetterRow | null> {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "FailedSyncItem" WHERE id = ${id} FOR UPDATE`;
  if (locked.length === 0) return null;
  const { shop, ...row } = await tx.failedSyncItem.findUniqueOrThrow({ where: { id }, select: rowSelect });
  return { ...row, shopDomain: shop.domain };
}

/** The newest failure recorded for one record (a replay that failed again updated the open row). */
export async function findLatestFailure(tx: Tx, shopId: string, entityType: string, shopifyId: string | null) {
  return tx.failedSyncItem.findFirst({
    where: { shopId, entityType, shopifyId },
    orderBy: { lastSeenAt: "desc" },
    select: { errorMessage: true, errorStack: true },
  });
}

/** A webhook body's replay starts: no other replay of the row starts until `until` (or the outcome is recorded). */
export async function leaseDeadLetter(tx: Tx, id: string, until: Date): Promise<void> {
  await tx.failedSyncItem.update({ where: { id }, data: { replayLeaseUntil: until } });
}

export async function markDeadLetterRetried(tx: Tx, id: string, now: Date): Promise<void> {
  await tx.failedSyncItem.update({
    where: { id },
    data: { resolvedAt: now, resolution: "RETRIED", nextRetryAt: null, isOpen: null, replayLeaseUntil: null },
  });
}

export async function recordFailedRetry(
  tx: Tx,
  id: string,
  update: FailedAttemptUpdate,
  error: { message: string; stack?: string | null },
): Promise<void> {
  await tx.failedSyncItem.update({
    where: { id },
    data: {
      ...update,
      ...(update.resolvedAt ? { isOpen: null } : {}),
      replayLeaseUntil: null,
      errorMessage: error.message,
      ...(error.stack ? { errorStack: error.stack } : {}),
    },
  });
}

/** The shop's dead letter with this id, or null (another shop's id is as good as unknown). */
export async function findShopDeadLetter(shopDomain: string, id: string): Promise<{ id: string; resolution: Resolution | null } | null> {
  return db().failedSyncItem.findFirst({
    where: { id, shop: { domain: shopDomain, uninstalledAt: null } },
    select: { id: true, resolution: true },
  });
}

/** Marks the row resolved by the merchant unless it is settled meanwhile; returns whether it was. */
export async function markDeadLetterResolved(id: string, now: Date): Promise<boolean> {
  const { count } = await db().failedSyncItem.updateMany({
    where: { id, OR: [{ resolution: null }, { resolution: "ABANDONED" }] },
    data: { resolvedAt: now, resolution: "RESOLVED_MANUALLY", nextRetryAt: null, isOpen: null },
  });
  return count === 1;
}

/**
 * How much of each payload the dead-letters list loads: a body can be 1 MiB and a page lists 200,
 * so the list reads the start of each (and its length), never the whole.
 */
export const PAYLOAD_PREVIEW_CHARS = 4_000;

export type DeadLetterListItem = Omit<
  DeadLetterRow,
  "shopId" | "shopDomain" | "parentShopifyId" | "triggeredAt" | "replayLeaseUntil" | "rawPayload"
> & {
  /** The payload's first PAYLOAD_PREVIEW_CHARS characters. */
  payloadPreview: string;
  /** The payload's whole length, in characters. */
  payloadLength: number;
};

/** The shop's dead letters, waiting ones first (newest first within each group), and how many in all. */
export async function listShopDeadLetters(
  shopDomain: string,
  limit: number,
): Promise<{ items: DeadLetterListItem[]; total: number; unresolved: number }> {
  const where = { shop: { domain: shopDomain, uninstalledAt: null } };
  const { rawPayload: _rawPayload, ...listFields } = deadLetterFields;
  const [rows, total, unresolved] = await Promise.all([
    db().failedSyncItem.findMany({
      where,
      orderBy: [{ resolvedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
      take: limit,
      select: { ...listFields, createdAt: true },
    }),
    db().failedSyncItem.count({ where }),
    db().failedSyncItem.count({ where: { ...where, resolvedAt: null } }),
  ]);
  const ids = rows.map((row) => row.id);
  const previews = ids.length
    ? await db().$queryRaw<{ id: string; preview: string; length: number }[]>`
        SELECT id, left("rawPayload", ${PAYLOAD_PREVIEW_CHARS}) AS preview, char_length("rawPayload")::int AS length
          FROM "FailedSyncItem" WHERE id = ANY(${ids}::text[])`
    : [];
  const byId = new Map(previews.map((preview) => [preview.id, preview]));
  const items = rows.map((row) => ({
    ...row,
    payloadPreview: byId.get(row.id)?.preview ?? "",
    payloadLength: byId.get(row.id)?.length ?? 0,
  }));
  return { items, total, unresolved };
}

/**
 * Deletes up to `limit` dead letters resolved before `before` (retried, resolved by hand or
 * abandoned); open ones are never pruned. Returns how many. A range of the (resolvedAt, ...) index;
 * the rows found are deleted by their physical address (a TID scan).
 */
export async function pruneResolvedDeadLetters(before: Date, limit: number): Promise<number> {
  return db().$executeRaw`
    DELETE FROM "FailedSyncItem" WHERE ctid = ANY(ARRAY(
      SELECT ctid FROM "FailedSyncItem" WHERE "resolvedAt" < ${before} ORDER BY "resolvedAt" LIMIT ${limit}))`;
}
