/**
 * Set-based idempotent upserts: one INSERT ... SELECT FROM unnest(<one array per column>) ...
 * ON CONFLICT (shopId, shopifyId) DO UPDATE ... WHERE the incoming copy wins (newer-or-tie rule
 * below), per table and batch. The bulk path runs the same statement (mergeStatement) over a
 * staging table filled by COPY instead of unnest (staging-table.ts). Prisma's per-row upsert manages ~600 rows/s on this machine kind; this path
 * runs at tens of thousands (see ../shared/research/prisma-offline.md section 9).
 *
 * Child rows (variants, line items, inventory levels) are joined to their parent row, so a child
 * whose parent is not stored is not written: it is returned as an orphan for the dead-letter queue.
 *
 * Which copy wins (docs/webhooks.md, "Guarantees"):
 * - Timestamps travel as timestamptz: exact instants, whatever offset Shopify wrote them in.
 * - A later updatedAt wins. Shopify's updatedAt has one-second precision, so two different copies
 *   can carry the same one: then the copy whose content hash (md5 of the stored columns' text) is
 *   greater wins, whichever arrived first. Arrival order is not a clock (webhooks run in parallel;
 *   an inventory level fetched later may have been read from an older replica), so the rule only
 *   promises that every path converges on the same row; the next change of the record decides.
 * - A record with a Tombstone (deleted upstream) is never written again, nor are its children.
 * - Columns marked `personal` stay NULL on a row whose `redactedAt` is set (customers/redact).
 */
import type { SqlTx } from "../../db";

export type ColumnType = "text" | "numeric" | "int" | "bool" | "timestamp" | "text[]";

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  /** SQL for the value instead of the incoming column (e.g. a parent's column). */
  expression?: string;
  /** Not part of the incoming arrays (computed by `expression`). */
  computed?: boolean;
  /** Travels with the rows (e.g. for the join) but is not a column of the table. */
  incomingOnly?: boolean;
  /** Personal data: never written again once the row's `redactedAt` is set. */
  personal?: boolean;
}

export interface TableSpec {
  table: string;
  columns: ColumnSpec[];
  /** Column holding Shopify's updatedAt: an older incoming row never overwrites a newer one. */
  guard: string;
  /**
   * The parent row a child hangs from. With `versionColumn`, a child is written only when the
   * parent copy it came with is the stored one (a line item from an older copy of its order that
   * lost the guard is not written either); null there means "whatever copy is stored".
   */
  parent?: { table: string; column: string; versionColumn?: string };
  /** The table has a `redactedAt` column that freezes its `personal` columns at NULL. */
  redactable?: boolean;
}

export type Row = Record<string, string | number | boolean | null | string[]>;

export interface UpsertResult {
  /** Inserted or updated. */
  written: number;
  /** Not written: the stored copy is newer (or wins the same-second rule), or the record was deleted upstream. */
  stale: number;
  /** Not written because their parent row does not exist. */
  orphans: string[];
  /**
   * The shopifyIds written, when asked for (`listWritten`): the webhook drain writes a parent's
   * children only when that copy of the parent was written.
   */
  writtenIds?: string[];
}

export const q = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** How an incoming column travels: as a Postgres array parameter of this type. */
function arrayType(type: ColumnType): string {
  switch (type) {
    case "text[]":
      return "text[]"; // JSON-encoded, because Postgres arrays must be rectangular
    case "timestamp":
      return "timestamptz(3)[]"; // ISO strings with any offset (or Z) parse to the same instant
    default:
      return `${type}[]`;
  }
}

/** The columns that travel with the rows (everything but `computed` ones), in table-spec order. */
export const incomingColumns = (spec: TableSpec) => spec.columns.filter((column) => !column.computed);

/**
 * Where the merge reads the incoming rows from, as relation `u`: a CTE over unnest() of one array
 * parameter per column (any client, any batch), or a staging table filled by COPY (bulk path,
 * staging-table.ts). Arrays of text[] values travel JSON-encoded in the first, as real arrays in the second.
 */
export type RowSource = { kind: "unnest"; unnestArgs: string[] } | { kind: "table"; name: string };

function valueExpression(column: ColumnSpec, source: RowSource): string {
  if (column.expression) return column.expression;
  if (column.type === "text[]")
    return source.kind === "unnest"
      ? `COALESCE(ARRAY(SELECT jsonb_array_elements_text(u.${q(column.name)}::jsonb)), '{}')`
      : `COALESCE(u.${q(column.name)}, '{}')`;
  return `u.${q(column.name)}`;
}

/**
 * The one merge statement per table and batch, whichever way the rows arrive: INSERT ... SELECT
 * ... ON CONFLICT DO UPDATE WHERE the incoming copy wins, skipping tombstoned records and (for
 * children) rows whose parent is not stored, which it returns as orphans. $1 is the shop id.
 * Answers one row: { written, orphans }, and { writtenIds } with `listWritten`.
 */
export function mergeStatement(spec: TableSpec, source: RowSource, options: { listWritten?: boolean } = {}): string {
  const incoming = incomingColumns(spec);
  const alias = incoming.map((column) => q(column.name)).join(", ");
  const parent = spec.parent;
  // The parent is found by one primary-key probe per incoming row: a LATERAL subquery with LIMIT is
  // never flattened into a join, so the plan cannot turn into a scan or a hash of the whole parent
  // table per batch, whatever the statistics say (a table filled by this very sync has none yet).
  const probe = (columns: string) =>
    `LATERAL (SELECT ${columns} FROM ${q(parent!.table)} p WHERE p."shopId" = $1 AND p."shopifyId" = u.${q(parent!.column)} LIMIT 1) p`;
  const versionMatch = parent?.versionColumn
    ? ` AND (u.${q(parent.versionColumn)} IS NULL OR p."shopifyUpdatedAt" = u.${q(parent.versionColumn)})`
    : "";
  const join = parent ? `JOIN ${probe(`p."shopifyUpdatedAt"`)} ON true${versionMatch}` : "";
  const stored = spec.columns.filter((column) => !column.incomingOnly);
  const allColumns = ["shopId", ...stored.map((column) => column.name), "syncedAt"];
  const values = ["$1", ...stored.map((column) => valueExpression(column, source)), "now()"];
  const table = q(spec.table);
  const updates = [
    ...stored.map((column) =>
      column.personal && spec.redactable
        ? `${q(column.name)} = CASE WHEN ${table}."redactedAt" IS NULL THEN excluded.${q(column.name)} END`
        : `${q(column.name)} = excluded.${q(column.name)}`,
    ),
    `"syncedAt" = now()`,
  ];
  // Deleted upstream: the record itself, or the parent a child hangs from. Whether the shop has any
  // tombstone is asked once per statement (an uncorrelated subquery: one InitPlan), so a shop
  // without deletions (every first sync) pays no per-row probe; OR evaluates left to right. Asked
  // as min() so that it is always one descent of the primary key's index: as EXISTS, the planner
  // may read Tombstone sequentially expecting an early match (other shops' rows), and for a shop
  // with none that reads the whole table on every statement (webhook-log-plans.test.ts).
  const notTombstoned = (alias: string) =>
    `((SELECT min(t0."shopifyId") FROM "Tombstone" t0 WHERE t0."shopId" = $1) IS NULL OR NOT EXISTS (SELECT 1 FROM "Tombstone" t WHERE t."shopId" = $1 AND t."shopifyId" IN (${alias}."shopifyId"${parent ? `, ${alias}.${q(parent.column)}` : ""})))`;
  const from = source.kind === "unnest" ? "u" : `${q(source.name)} u`;
  // Orphans can only be among the rows not written: when every incoming row was written, the
  // second pass over the batch (one more parent probe per row) is skipped. The ARRAY subquery is
  // an InitPlan, which PostgreSQL runs only when the CASE asks for its value.
  const orphanQuery = parent
    ? `CASE WHEN (SELECT count(*) FROM written) < (SELECT count(*) FROM ${from}) THEN ARRAY(SELECT u."shopifyId" FROM ${from} LEFT JOIN ${probe("true AS found")} ON true WHERE p.found IS NULL AND ${notTombstoned("u")}) ELSE ARRAY[]::text[] END`
    : `ARRAY[]::text[]`;
  // The same-second tie-break hashes the content columns (the key and syncedAt left out).
  const content = (alias: string) =>
    `md5(ROW(${stored
      .filter((column) => column.name !== "shopifyId")
      .map((column) => `${alias}.${q(column.name)}`)
      .join(", ")})::text)`;
  const guard = `${table}.${q(spec.guard)}`;
  const incomingWins = `${guard} < excluded.${q(spec.guard)} OR (${guard} = excluded.${q(spec.guard)} AND ${content(table)} <= ${content("excluded")})`;
  const rows = source.kind === "unnest" ? `u AS (SELECT * FROM unnest(${source.unnestArgs.join(", ")}) AS u(${alias})),` : "";
  return `
    WITH ${rows}
    written AS (
      INSERT INTO ${table} (${allColumns.map(q).join(", ")})
      SELECT ${values.join(", ")} FROM ${from} ${join} WHERE ${notTombstoned("u")}
      ON CONFLICT ("shopId", "shopifyId") DO UPDATE SET ${updates.join(", ")}
      WHERE ${incomingWins}
      RETURNING "shopifyId"
    )
    SELECT (SELECT count(*) FROM written)::int AS written, ${orphanQuery} AS orphans${
      options.listWritten ? `, ARRAY(SELECT "shopifyId" FROM written) AS "writtenIds"` : ""
    }`;
}

export const mergeResult = (
  rows: number,
  result: { written: number; orphans: string[]; writtenIds?: string[] } | undefined,
): UpsertResult => {
  const written = result?.written ?? 0;
  const orphans = result?.orphans ?? [];
  return { written, stale: rows - written - orphans.length, orphans, ...(result?.writtenIds ? { writtenIds: result.writtenIds } : {}) };
};

export async function upsertRows(
  client: Pick<SqlTx, "$queryRawUnsafe">,
  shopId: string,
  spec: TableSpec,
  rows: Row[],
  options: { listWritten?: boolean } = {},
): Promise<UpsertResult> {
  if (rows.length === 0) return { written: 0, stale: 0, orphans: [], ...(options.listWritten ? { writtenIds: [] } : {}) };
  const params: unknown[] = [shopId];
  const unnestArgs = incomingColumns(spec).map((column) => {
    params.push(rows.map((row) => (column.type === "text[]" ? JSON.stringify(row[column.name] ?? []) : (row[column.name] ?? null))));
    return `$${params.length}::${arrayType(column.type)}`;
  });
  const sql = mergeStatement(spec, { kind: "unnest", unnestArgs }, options);
  const [result] = await client.$queryRawUnsafe<{ written: number; orphans: string[]; writtenIds?: string[] }[]>(sql, ...params);
  return mergeResult(rows.length, result);
}
