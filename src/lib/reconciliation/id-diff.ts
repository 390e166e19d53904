/**
 * The id diff of a daily reconciliation: Shopify's ids (an id-only bulk export) against the copy's
 * rows of one table, set-based in PostgreSQL. The exported ids stream into a temporary table (one
 * insert per 50,000; never one array of every id), so both directions are hash anti-joins whatever
 * the store's size. An export with an unreadable line compares nothing (UnreadableExportError).
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

/** An export with a line that is not JSON: it may hide an id that must be kept, so nothing is compared. */
export class UnreadableExportError extends Error {
  constructor(lineNumber: number) {
    super(`line ${lineNumber} of Shopify's id export is not JSON: not compared, nothing removed`);
    this.name = "UnreadableExportError";
  }
}

/**
 * Streams the ids of an export's JSONL file (null url: Shopify has none) into a temporary table, a
 * batch at a time: memory holds one batch, never every id of a large store. Returns how many ids
 * the export listed.
 */
async function loadExportedIds(tx: Tx, url: string | null, batchSize: number): Promise<number> {
  await tx.$executeRawUnsafe(`CREATE TEMP TABLE reconcile_exported (id text PRIMARY KEY) ON COMMIT DROP`);
  let batch: string[] = [];
  let listed = 0;
  const flush = async () => {
    if (batch.length)
      await tx.$executeRawUnsafe(`INSERT INTO reconcile_exported SELECT DISTINCT unnest($1::text[]) ON CONFLICT DO NOTHING`, batch);
    batch = [];
  };
  let lineNumber = 0;
  for await (const line of url ? readJsonlFrom(url, 0) : []) {
    lineNumber++;
    let id: unknown;
    try {
      ({ id } = JSON.parse(line.text) as { id?: unknown });
    } catch {
      throw new UnreadableExportError(lineNumber);
    }
    if (typeof id !== "string") continue;
    listed++;
    batch.push(id);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  await tx.$executeRawUnsafe(`ANALYZE reconcile_exported`);
  return listed;
}

interface DiffOptions {
  shopId: string;
  /** PostgreSQL table of the resource (resources.ts). */
  table: string;
  exported: IdsExport;
  /** The export's result file (null: Shopify has none of the resource). */
  url: string | null;
  /** Ids sent to PostgreSQL per statement while the export is read (default 50,000). */
  batchSize?: number;
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
  const { shopId, exported } = options;
  const table = `"${options.table}"`;
  // The rows compared: the shop's, inside Shopify's visible window for orders without read_all_orders.
  const window = exported.ordersSince ? `AND t."shopifyCreatedAt" >= $2::timestamptz(3)` : "";
  const windowParams = exported.ordersSince ? [exported.ordersSince] : [];
  const extraWhere = `t."shopId" = $1 ${window} AND t."syncedAt" < $${2 + windowParams.length}::timestamptz(3)
    AND NOT EXISTS (SELECT 1 FROM reconcile_exported e WHERE e.id = t."shopifyId")`;
  return db().$transaction(
    async (tx) => {
      const shopifyCount = await loadExportedIds(tx, options.url, options.batchSize ?? INSERT_CHUNK);
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
        shopifyCount,
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
    // The export is read inside the transaction (a million order ids take a while to download).
    { timeout: 15 * 60_000, maxWait: 10_000 },
  );
}
