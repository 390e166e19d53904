/**
 * A chunk of bulk JSONL lines on the COPY path: prepared (validated, deduplicated, rows encoded
 * as COPY text) without the database, then committed in one transaction with whatever the caller
 * writes alongside (the stage's cursor). Every table's rows go through COPY into its staging table
 * and one merge, without a savepoint; a batch PostgreSQL refuses aborts that transaction, and the
 * chunk runs again with the savepoint bisection of ingest-records.ts, so dead letters are exactly
 * those of the other paths.
 */
import type { SqlTx } from "../../db";
import { log } from "../../log";
import { closeBulkDb, withBulkTransaction } from "./bulk-transaction";
import {
  MergeRefusedError,
  prepareRecordsYielding,
  writePreparedRecords,
  type IncomingRecord,
  type IngestContext,
  type IngestResult,
  type PreparedRecords,
} from "./ingest-records";
import type { NodeType } from "./records";
import { encodeCopyRowsYielding, ensureStagingTables, mergeStaged } from "./staging-table";
import { TABLES } from "./tables";

export interface StagedChunk {
  prepared: PreparedRecords;
  /** Each table's rows as COPY text, in the order of its entries. */
  copies: Map<NodeType, string>;
}

/** Validates and encodes a chunk, yielding to the event loop as it goes (a commit may be running). */
export async function prepareStagedChunk(lines: IncomingRecord[]): Promise<StagedChunk> {
  return encodeStagedChunk(await prepareRecordsYielding(lines));
}

/** Encodes validated records (finishPrepared done) as COPY text, yielding to the event loop as it goes. */
export async function encodeStagedChunk(prepared: PreparedRecords): Promise<StagedChunk> {
  const copies = new Map<NodeType, string>();
  for (const [type, entries] of prepared.rowsByType)
    copies.set(
      type,
      await encodeCopyRowsYielding(
        TABLES[type],
        [...entries.values()].map((entry) => entry.row),
      ),
    );
  return { prepared, copies };
}

/** Commits the chunk; `before` runs first in the same transaction (and may throw to abandon it). */
export async function commitStagedChunk(
  ctx: IngestContext,
  chunk: StagedChunk,
  before: (tx: SqlTx) => Promise<void>,
): Promise<IngestResult> {
  try {
    return await commitOnce(ctx, chunk, before, true);
  } catch (error) {
    if (!(error instanceof MergeRefusedError)) throw error;
    log.info({ type: error.type, error: error.message }, "bulk chunk refused whole: committed again record by record where refused");
    return commitOnce(ctx, chunk, before, false);
  }
}

function commitOnce(
  ctx: IngestContext,
  { prepared, copies }: StagedChunk,
  before: (tx: SqlTx) => Promise<void>,
  withoutSavepoints: boolean,
): Promise<IngestResult> {
  const specs = [...copies.keys()].map((type) => TABLES[type]);
  return withBulkTransaction(
    async (tx, client) => {
      await before(tx);
      return writePreparedRecords(
        tx,
        ctx,
        prepared,
        async (type, entries) => {
          const copy = copies.get(type);
          if (copy === undefined || entries.length !== prepared.rowsByType.get(type)?.size) throw new Error(`no staged copy of ${type}`);
          return mergeStaged(client, ctx.shopId, TABLES[type], entries.length, copy);
        },
        withoutSavepoints,
      );
    },
    (client) => ensureStagingTables(client, specs),
  );
}

export { closeBulkDb };
