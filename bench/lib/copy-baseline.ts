/**
 * The ceiling the ingest is compared with: a raw COPY FROM STDIN (pg-copy-streams) of the very
 * rows a sync wrote, into the same tables of the same PostgreSQL. The rows are dumped with COPY TO,
 * the tables emptied, and only the COPY back in (one transaction, parents before children for the
 * foreign keys) is timed.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";

/** The tables a sync fills, parents before children. */
export const SYNC_TABLES = [
  "Product",
  "ProductVariant",
  "Order",
  "OrderLineItem",
  "Customer",
  "Location",
  "InventoryItem",
  "InventoryLevel",
];
const q = (name: string) => `"${name}"`;

export async function tableCounts(sql: pg.Client): Promise<Record<string, number>> {
  const { rows } = await sql.query<Record<string, number>>(
    `SELECT ${SYNC_TABLES.map((t) => `(SELECT count(*)::int FROM ${q(t)}) AS ${q(t)}`).join(", ")}`,
  );
  return rows[0]!;
}

export const sumCounts = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

const setAutovacuum = (sql: pg.Client, enabled: boolean) =>
  sql.query(SYNC_TABLES.map((table) => `ALTER TABLE ${q(table)} SET (autovacuum_enabled = ${enabled})`).join("; "));

/** `cpu`, when given, reads the server's CPU seconds: the result then has what the timed COPY used. */
export async function copyBaseline(sql: pg.Client, cpu?: () => number): Promise<{ rows: number; seconds: number; cpuSeconds?: number }> {
  const expected = sumCounts(await tableCounts(sql));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shopsync-copy-"));
  try {
    for (const table of SYNC_TABLES)
      await pipeline(sql.query(copyTo(`COPY ${q(table)} TO STDOUT`)), fs.createWriteStream(path.join(dir, `${table}.tsv`)));
    // No auto-analyze of the emptied tables while the COPY runs: one that lands after the TRUNCATE
    // records a parent table (Order) as empty, the first child row's foreign-key check then plans a
    // sequential scan of it and keeps that plan for the whole COPY: a COPY of the large store's
    // line items ran for 9 and 44 minutes in two runs, quadratic in the orders loaded.
    await setAutovacuum(sql, false);
    await sql.query(`TRUNCATE ${SYNC_TABLES.map(q).join(", ")} CASCADE`);
    await sql.query("CHECKPOINT");
    const cpuBefore = cpu?.();
    const started = performance.now();
    await sql.query("BEGIN");
    for (const table of SYNC_TABLES)
      await pipeline(fs.createReadStream(path.join(dir, `${table}.tsv`)), sql.query(copyFrom(`COPY ${q(table)} FROM STDIN`)));
    await sql.query("COMMIT");
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = cpu && cpuBefore !== undefined ? cpu() - cpuBefore : undefined;
    const rows = sumCounts(await tableCounts(sql));
    if (rows !== expected) throw new Error(`COPY restored ${rows} rows, expected ${expected}`);
    return { rows, seconds, ...(cpuSeconds === undefined ? {} : { cpuSeconds }) };
  } finally {
    await setAutovacuum(sql, true).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
