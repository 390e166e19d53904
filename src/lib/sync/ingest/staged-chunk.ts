/**
 * A chunk of bulk JSONL lines on the COPY path: prepared (validated, deduplicated, rows encoded
 * as COPY text) without the database, then committed in one transaction with whatever the caller
 * writes alongside (the stage's cursor). Every table's rows go through COPY into its staging table
 * and one merge; a batch PostgreSQL refuses falls back to the savepoint bisection of
 * ingest-records.ts, so dead letters are exactly those of the other paths.
 */
import type { NodeType } from "./records";
import type { SqlTx } from "../../db";
import { closeBulkDb, withBulkTransaction } from "./bulk-transaction";
import {
  prepareRecords,
  writePreparedRecords,
  type IncomingRecord,
  type IngestContext,
  type IngestResult,
  type PreparedRecords,
} from "./ingest-records";
import { encodeCopyRows, ensureStagingTables, mergeStaged } from "./staging-table";
import { TABLES } from "./tables";

export interface StagedChunk {
  prepared: PreparedRecords;
  /** Each table's rows as COPY text, in the order of its entries. */
  copies: Map<NodeType, string>;
}

export function prepareStagedChunk(lines: IncomingRecord[]): StagedChunk {
  const prepared = prepareRecords(lines);
  const copies = new Map<NodeType, string>();
  for (const [type, entries] of prepared.rowsByType)
    copies.set(
      type,
      encodeCopyRows(
        TABLES[type],
        [...entries.values()].map((entry) => entry.row),
      ),
    );
  return { prepared, copies };
}

/** Commits the chunk; `before` runs first in the same transaction (and may throw to abandon it). */
export async function commitStagedChunk(
  ctx: IngestContext,
  { prepared, copies }: StagedChunk,
  before: (tx: SqlTx) => Promise<void>,
): Promise<IngestResult> {
  return withBulkTransaction(async (tx, client) => {
    await before(tx);
    await ensureStagingTables(
      client,
      [...copies.keys()].map((type) => TABLES[type]),
    );
    return writePreparedRecords(tx, ctx, prepared, async (type, entries) => {
      const copy = copies.get(type);
      if (copy === undefined || entries.length !== prepared.rowsByType.get(type)?.size) throw new Error(`no staged copy of ${type}`);
      return mergeStaged(client, ctx.shopId, TABLES[type], entries.length, copy);
    });
  });
}

export { closeBulkDb };
