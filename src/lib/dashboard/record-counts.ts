/**
 * The dashboard's record counts without counting the tables: triggers append a signed delta per
 * shop, table and statement to RecordCount (migration 20261130070445_record_counts), so a shop's
 * count is the sum of its few delta rows (an index range on shopId), exact whichever path wrote or
 * deleted the records. The hourly prune-history folds the deltas into one row per shop and table.
 */
import { db } from "../db";
import { COUNTED_TABLES, type CountedTableKey } from "../sync/resources";

/** Rows per counted table for the shop, by the table's registry key. */
export async function recordCounts(shopId: string): Promise<Record<CountedTableKey, number>> {
  const rows = await db().$queryRaw<{ table: string; n: number }[]>`
    SELECT "table", sum(delta)::int AS n FROM "RecordCount" WHERE "shopId" = ${shopId} GROUP BY "table"`;
  const byTable = new Map(rows.map((row) => [row.table, row.n]));
  return Object.fromEntries(COUNTED_TABLES.map(({ table, key }) => [key, byTable.get(table) ?? 0])) as Record<CountedTableKey, number>;
}

/**
 * Folds every shop's deltas into one row per table (dropping shops that no longer exist and sums of
 * zero); returns the rows folded. One statement: deltas committed meanwhile are not in its snapshot
 * and stay for the next fold, so the sums stay exact while writers run.
 */
export async function foldRecordCounts(): Promise<number> {
  const [row] = await db().$queryRaw<{ folded: number }[]>`
    WITH moved AS (DELETE FROM "RecordCount" RETURNING "shopId", "table", delta),
    kept AS (
      INSERT INTO "RecordCount" ("shopId", "table", delta)
      SELECT m."shopId", m."table", sum(m.delta) FROM moved m
      WHERE EXISTS (SELECT 1 FROM "Shop" s WHERE s.id = m."shopId")
      GROUP BY m."shopId", m."table" HAVING sum(m.delta) <> 0
      RETURNING 1)
    SELECT (SELECT count(*) FROM moved)::int AS folded`;
  return row?.folded ?? 0;
}
