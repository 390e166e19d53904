/**
 * The bulk path's way into PostgreSQL: a batch's rows of one table are streamed with COPY (text
 * format) into a session-local staging table, then merged by the same statement the other paths
 * run over unnest() (upsert-rows.ts, mergeStatement). COPY costs PostgreSQL far less per value than
 * array parameters, and the rows are encoded before the transaction opens, so Node encodes the next
 * batch while PostgreSQL merges this one.
 *
 * Staging tables are TEMP ... ON COMMIT DELETE ROWS: private to the connection, never logged,
 * emptied by every commit and rollback, so nothing is left behind by a crash; created once per
 * connection, outside the chunks' transactions.
 */
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { yieldToEventLoop } from "./prepare-records";
import {
  type ColumnSpec,
  incomingColumns,
  mergeResult,
  mergeStatement,
  q,
  type ColumnType,
  type Row,
  type TableSpec,
  type UpsertResult,
} from "./upsert-rows";

function stagingType(type: ColumnType): string {
  // int as bigint: a value out of int's range then fails in the merge, where the savepoint
  // fallback isolates its record (ingest-records.ts), not in the COPY of the whole batch.
  if (type === "timestamp") return "timestamptz(3)";
  if (type === "int") return "bigint";
  return type;
}

export const stagingTableName = (spec: TableSpec) => `ingest_stage_${spec.table}`;

export function stagingTableDdl(spec: TableSpec): string {
  const columns = incomingColumns(spec).map((column) => `${q(column.name)} ${stagingType(column.type)}`);
  return `CREATE TEMP TABLE IF NOT EXISTS ${q(stagingTableName(spec))} (${columns.join(", ")}) ON COMMIT DELETE ROWS`;
}

// COPY's text format: backslash, newline, carriage return and tab are escaped; \N is NULL.
const COPY_SPECIAL = /[\\\n\r\t]/g;
const COPY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };
const copyText = (value: string) =>
  COPY_SPECIAL.test(value) ? ((COPY_SPECIAL.lastIndex = 0), value.replace(COPY_SPECIAL, (c) => COPY_ESCAPES[c]!)) : value;

/** An array literal: every element quoted, `"` and `\` escaped inside quotes. */
const arrayLiteral = (values: readonly string[]) => `{${values.map((value) => `"${value.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;

function encodeValue(value: Row[string] | undefined, type: ColumnType): string {
  if (type === "text[]") return copyText(arrayLiteral(Array.isArray(value) ? value : []));
  if (value === null || value === undefined) return "\\N";
  if (type === "bool") return value ? "t" : "f";
  return copyText(String(value));
}

/** One row's COPY text line (with its newline), columns in incomingColumns order. */
function encodeCopyRow(columns: ColumnSpec[], row: Row): string {
  let line = "";
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!;
    line += (i ? "\t" : "") + encodeValue(row[column.name], column.type);
  }
  return line + "\n";
}

/** The COPY text of a table's rows, one line per row, columns in incomingColumns order. */
export function encodeCopyRows(spec: TableSpec, rows: Row[]): string {
  const columns = incomingColumns(spec);
  let out = "";
  for (const row of rows) out += encodeCopyRow(columns, row);
  return out;
}

const ROWS_PER_SLICE = 2_000;

/** encodeCopyRows, yielding to the event loop every ROWS_PER_SLICE rows (a commit may be running). */
export async function encodeCopyRowsYielding(spec: TableSpec, rows: Row[]): Promise<string> {
  const columns = incomingColumns(spec);
  let out = "";
  for (let i = 0; i < rows.length; i++) {
    out += encodeCopyRow(columns, rows[i]!);
    if ((i + 1) % ROWS_PER_SLICE === 0) await yieldToEventLoop();
  }
  return out;
}

function copyInto(client: pg.ClientBase, table: string, text: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = client.query(copyFrom(`COPY ${q(table)} FROM STDIN`));
    stream.on("error", reject);
    stream.on("finish", () => resolve());
    stream.end(typeof text === "string" ? text : Buffer.from(text.buffer, text.byteOffset, text.byteLength));
  });
}

/** The staging tables each connection's session already has (they live as long as it does). */
const sessionTables = new WeakMap<pg.ClientBase, Set<string>>();

/**
 * Creates the staging tables the connection's session lacks, outside any transaction (before the
 * chunk's BEGIN), so no rollback can take them away and the connection remembers them: after its
 * first chunk, a connection pays no round trip for them.
 */
export async function ensureStagingTables(client: pg.ClientBase, specs: TableSpec[]): Promise<void> {
  const known = sessionTables.get(client) ?? new Set<string>();
  const missing = specs.filter((spec) => !known.has(stagingTableName(spec)));
  if (!missing.length) return;
  await client.query(missing.map(stagingTableDdl).join(";\n"));
  for (const spec of missing) known.add(stagingTableName(spec));
  sessionTables.set(client, known);
}

/**
 * Merges a batch of one table's rows through its staging table, inside the caller's transaction
 * on `client` (ensureStagingTables first). `copy` is encodeCopyRows(spec, rows), made ahead of time. At most one batch per table
 * and transaction: the rows stay in the staging table until the commit empties it.
 */
export async function mergeStaged(
  client: pg.ClientBase,
  shopId: string,
  spec: TableSpec,
  rowCount: number,
  copy: string | Uint8Array,
): Promise<UpsertResult> {
  if (rowCount === 0) return { written: 0, stale: 0, orphans: [] };
  const table = stagingTableName(spec);
  await copyInto(client, table, copy);
  const { rows } = await client.query<{ written: number; orphans: string[] }>(mergeStatement(spec, { kind: "table", name: table }), [
    shopId,
  ]);
  return mergeResult(rowCount, rows[0]);
}
