/**
 * The id diff of a daily reconciliation: Shopify's ids (an id-only bulk export) against the copy's
 * rows of one table, set-based in PostgreSQL. The exported ids go into a temporary table (one
 * insert per 50,000), so both directions are hash anti-joins whatever the store's size.
 *
 * - missing: in the export, not in the copy, and not tombstoned (a delete webhook already told
 *   ShopSync it is gone; the export may have started just before it).
 * - extra: in the copy, not in the export, written before the export started (a row written since
 *   may be newer than the export), and, for orders without read_all_orders, inside the window
 *   Shopify shows.
 */
import { db, type Db } from "../db";
import type { IdsExport } from "../sync/reconcile-deletions";
import { readJsonlFrom } from "../sync/jsonl-reader";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Ids kept on the report for a person to look at; the counts are always whole. */
export const REPORTED_IDS = 100;
const INSERT_CHUNK = 50_000;

export interface IdDiff {
  shopifyCount: number;
  localCount: number;
  /** Every missing id up to `missingLimit` (the ones to fetch), and how many there are. */
  missingIds: string[];
  missing: number;
  extraIds: string[];
  extra: number;
}

/** Reads the ids of an export's JSONL file (null url: Shopify has none). */
export async function readExportedIds(url: string | null): Promise<string[]> {
  const ids: string[] = [];
  if (!url) return ids;
  for await (const line of readJsonlFrom(url, 0)) {
    const { id } = JSON.parse(line.text) as { id?: unknown };
    if (typeof id === "string") ids.push(id);
  }
  return ids;
}

async function loadExportedIds(tx: Tx, ids: string[]): Promise<void> {
  await tx.$executeRawUnsafe(`CREATE TEMP TABLE reconcile_exported (id text PRIMARY KEY) ON COMMIT DROP`);
  for (let from = 0; from < ids.length; from += INSERT_CHUNK)
    await tx.$executeRawUnsafe(
      `INSERT INTO reconcile_exported SELECT DISTINCT unnest($1::text[]) ON CONFLICT DO NOTHING`,
      ids.slice(from, from + INSERT_CHUNK),
    );
  await tx.$executeRawUnsafe(`ANALYZE reconcile_exported`);
}

interface DiffOptions {
  shopId: string;
  /** PostgreSQL table of the resource (resources.ts). */
  table: string;
  exported: IdsExport;
  ids: string[];
  /** At most this many missing ids are returned (the rest are only counted). */
  missingLimit: number;
  /**
   * Called with the diff and how many extra rows were deleted, in the same transaction, so what was
   * found and removed is recorded exactly when the deletion commits.
   */
  record: (tx: Tx, diff: IdDiff, removed: number) => Promise<void>;
}

/** Diffs one table against Shopify's ids and deletes the extra rows; returns the diff and how many were deleted. */
export async function diffAndRemoveExtra(options: DiffOptions): Promise<IdDiff & { removed: number }> {
  const { shopId, exported, ids } = options;
  const table = `"${options.table}"`;
  // The rows compared: the shop's, inside Shopify's visible window for orders without read_all_orders.
  const window = exported.ordersSince ? `AND t."shopifyCreatedAt" >= $2::timestamptz(3)` : "";
  const windowParams = exported.ordersSince ? [exported.ordersSince] : [];
  const extraWhere = `t."shopId" = $1 ${window} AND t."syncedAt" < $${2 + windowParams.length}::timestamptz(3)
    AND NOT EXISTS (SELECT 1 FROM reconcile_exported e WHERE e.id = t."shopifyId")`;
  return db().$transaction(
    async (tx) => {
      await loadExportedIds(tx, ids);
      const [local] = await tx.$queryRawUnsafe<{ n: bigint }[]>(
        `SELECT count(*) AS n FROM ${table} t WHERE t."shopId" = $1 ${window}`,
        shopId,
        ...windowParams,
      );
      const missingRows = await tx.$queryRawUnsafe<{ id: string; total: bigint }[]>(
        `SELECT e.id, count(*) OVER () AS total FROM reconcile_exported e
          WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t."shopId" = $1 AND t."shopifyId" = e.id)
            AND NOT EXISTS (SELECT 1 FROM "Tombstone" s WHERE s."shopId" = $1 AND s."shopifyId" = e.id)
          ORDER BY e.id LIMIT $2`,
        shopId,
        Math.max(options.missingLimit, REPORTED_IDS),
      );
      const extraRows = await tx.$queryRawUnsafe<{ id: string; total: bigint }[]>(
        `SELECT t."shopifyId" AS id, count(*) OVER () AS total FROM ${table} t WHERE ${extraWhere} ORDER BY t."shopifyId" LIMIT ${REPORTED_IDS}`,
        shopId,
        ...windowParams,
        exported.startedAt,
      );
      const diff: IdDiff = {
        shopifyCount: ids.length,
        localCount: Number(local?.n ?? 0),
        missingIds: missingRows.map((row) => row.id),
        missing: Number(missingRows[0]?.total ?? 0),
        extraIds: extraRows.map((row) => row.id),
        extra: Number(extraRows[0]?.total ?? 0),
      };
      const removed = await tx.$executeRawUnsafe(`DELETE FROM ${table} t WHERE ${extraWhere}`, shopId, ...windowParams, exported.startedAt);
      await options.record(tx, diff, removed);
      return { ...diff, removed };
    },
    { timeout: 120_000 },
  );
}
