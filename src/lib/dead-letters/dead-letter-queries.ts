/** Reads and writes of FailedSyncItem rows (the dead-letter queue) outside the ingest path. */
import { db } from "../db";
import type { Prisma } from "../../generated/prisma/client";
import type { FailedAttemptUpdate, Resolution } from "./backoff";

type Tx = Prisma.TransactionClient;

export interface DeadLetterRow {
  id: string;
  shopId: string;
  shopDomain: string;
  entityType: string;
  shopifyId: string | null;
  rawPayload: string;
  errorMessage: string;
  retryCount: number;
  maxRetries: number;
  nextRetryAt: Date | null;
  resolvedAt: Date | null;
  resolution: Resolution | null;
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

const rowSelect = { ...deadLetterFields, shopId: true, shop: { select: { domain: true } } } as const;

/** Ids of rows due for a retry, oldest due first. */
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

/** Ids of the shop's dead letters for one record (to tell them from one a replay just wrote). */
export async function deadLetterIdsFor(tx: Tx, shopId: string, entityType: string, shopifyId: string | null): Promise<string[]> {
  const rows = await tx.failedSyncItem.findMany({ where: { shopId, entityType, shopifyId }, select: { id: true } });
  return rows.map((row) => row.id);
}

export async function findNewDeadLetter(tx: Tx, shopId: string, entityType: string, shopifyId: string | null, known: string[]) {
  return tx.failedSyncItem.findFirst({
    where: { shopId, entityType, shopifyId, id: { notIn: known } },
    orderBy: { createdAt: "desc" },
    select: { errorMessage: true, errorStack: true },
  });
}

export async function markDeadLetterRetried(tx: Tx, id: string, now: Date): Promise<void> {
  await tx.failedSyncItem.update({ where: { id }, data: { resolvedAt: now, resolution: "RETRIED", nextRetryAt: null } });
}

export async function recordFailedRetry(
  tx: Tx,
  id: string,
  update: FailedAttemptUpdate,
  error: { message: string; stack?: string | null },
): Promise<void> {
  await tx.failedSyncItem.update({
    where: { id },
    data: { ...update, errorMessage: error.message, ...(error.stack ? { errorStack: error.stack } : {}) },
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
    data: { resolvedAt: now, resolution: "RESOLVED_MANUALLY", nextRetryAt: null },
  });
  return count === 1;
}

export interface DeadLetterListItem extends Omit<DeadLetterRow, "shopId" | "shopDomain"> {
  createdAt: Date;
}

/** The shop's dead letters, waiting ones first (newest first within each group), and how many in all. */
export async function listShopDeadLetters(
  shopDomain: string,
  limit: number,
): Promise<{ items: DeadLetterListItem[]; total: number; unresolved: number }> {
  const where = { shop: { domain: shopDomain, uninstalledAt: null } };
  const [items, total, unresolved] = await Promise.all([
    db().failedSyncItem.findMany({
      where,
      orderBy: [{ resolvedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
      take: limit,
      select: { ...deadLetterFields, createdAt: true },
    }),
    db().failedSyncItem.count({ where }),
    db().failedSyncItem.count({ where: { ...where, resolvedAt: null } }),
  ]);
  return { items, total, unresolved };
}
