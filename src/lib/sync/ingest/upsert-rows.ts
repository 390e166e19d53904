/**
 * Set-based idempotent upserts: one INSERT ... SELECT FROM unnest(<one array per column>) ...
 * ON CONFLICT (shopId, shopifyId) DO UPDATE ... WHERE stored.shopifyUpdatedAt <= incoming, per
 * table and batch. Prisma's per-row upsert manages ~600 rows/s on this machine kind; this path
 * runs at tens of thousands (see ../shared/research/prisma-offline.md section 9).
 *
 * Child rows (variants, line items, inventory levels) are joined to their parent row, so a child
 * whose parent is not stored is not written: it is returned as an orphan for the dead-letter queue.
 */
import type { Db } from "../../db";

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
}

export type Row = Record<string, string | number | boolean | null | string[]>;

export interface UpsertResult {
  /** Inserted or updated. */
  written: number;
  /** Not written because the stored row is newer. */
  stale: number;
  /** Not written because their parent row does not exist. */
  orphans: string[];
}

const q = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** How an incoming column travels: as a Postgres array parameter of this type. */
function arrayType(type: ColumnType): string {
  switch (type) {
    case "text[]":
      return "text[]"; // JSON-encoded, because Postgres arrays must be rectangular
    case "timestamp":
      return "timestamp(3)[]";
    default:
      return `${type}[]`;
  }
}

function valueExpression(column: ColumnSpec): string {
  if (column.expression) return column.expression;
  if (column.type === "text[]") return `COALESCE(ARRAY(SELECT jsonb_array_elements_text(u.${q(column.name)}::jsonb)), '{}')`;
  return `u.${q(column.name)}`;
}

export async function upsertRows(client: Pick<Db, "$queryRawUnsafe">, shopId: string, spec: TableSpec, rows: Row[]): Promise<UpsertResult> {
  if (rows.length === 0) return { written: 0, stale: 0, orphans: [] };
  const incoming = spec.columns.filter((column) => !column.computed);
  const params: unknown[] = [shopId];
  const unnestArgs = incoming.map((column) => {
    params.push(rows.map((row) => (column.type === "text[]" ? JSON.stringify(row[column.name] ?? []) : (row[column.name] ?? null))));
    return `$${params.length}::${arrayType(column.type)}`;
  });
  const alias = incoming.map((column) => q(column.name)).join(", ");
  const parent = spec.parent;
  const versionMatch = parent?.versionColumn
    ? ` AND (u.${q(parent.versionColumn)} IS NULL OR p."shopifyUpdatedAt" = u.${q(parent.versionColumn)})`
    : "";
  const join = parent ? `JOIN ${q(parent.table)} p ON p."shopId" = $1 AND p."shopifyId" = u.${q(parent.column)}${versionMatch}` : "";
  const stored = spec.columns.filter((column) => !column.incomingOnly);
  const allColumns = ["shopId", ...stored.map((column) => column.name), "syncedAt"];
  // Prisma keeps DateTime columns (timestamp without time zone) in UTC: so must raw SQL.
  const utcNow = "(now() AT TIME ZONE 'UTC')";
  const values = ["$1", ...stored.map(valueExpression), utcNow];
  const updates = [...stored.map((column) => `${q(column.name)} = excluded.${q(column.name)}`), `"syncedAt" = ${utcNow}`];
  const orphanQuery = parent
    ? `ARRAY(SELECT u."shopifyId" FROM u WHERE NOT EXISTS (SELECT 1 FROM ${q(parent.table)} p WHERE p."shopId" = $1 AND p."shopifyId" = u.${q(parent.column)}))`
    : `ARRAY[]::text[]`;
  const sql = `
    WITH u AS (SELECT * FROM unnest(${unnestArgs.join(", ")}) AS u(${alias})),
    written AS (
      INSERT INTO ${q(spec.table)} (${allColumns.map(q).join(", ")})
      SELECT ${values.join(", ")} FROM u ${join}
      ON CONFLICT ("shopId", "shopifyId") DO UPDATE SET ${updates.join(", ")}
      WHERE ${q(spec.table)}.${q(spec.guard)} <= excluded.${q(spec.guard)}
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM written)::int AS written, ${orphanQuery} AS orphans`;
  const [result] = await client.$queryRawUnsafe<{ written: number; orphans: string[] }[]>(sql, ...params);
  const written = result?.written ?? 0;
  const orphans = result?.orphans ?? [];
  return { written, stale: rows.length - written - orphans.length, orphans };
}
