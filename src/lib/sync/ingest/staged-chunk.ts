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
import { encodeChunk, rebuildPrepared, type EncodedChunk } from "./bulk-chunks";
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
import type { BatchEntry } from "./prepare-records";
import { ensureStagingTables, mergeStaged } from "./staging-table";
import { TABLES } from "./tables";

export type StagedChunk = EncodedChunk;

/** Validates and encodes a chunk, yielding to the event loop as it goes (a commit may be running). */
export async function prepareStagedChunk(lines: IncomingRecord[]): Promise<StagedChunk> {
  return encodeChunk(await prepareRecordsYielding(lines));
}

/**
 * A chunk from a worker thread is committed from its COPY text and ids alone; its validated batch
 * (rows and text of every record) is rebuilt only when the commit needs a record's row or text.
 */
class RecordsNeededError extends Error {}

/** Placeholder entry of an outline batch: never read (a commit that would read one rebuilds the batch first). */
const OUTLINE_ENTRY: BatchEntry = Object.freeze({ row: {}, text: "", updatedAt: "", instant: Number.NaN });

/** The batch as far as the COPY path reads it when every row is written or stale: ids per table. */
function outline({ ids, deadLetters, sameSecond }: StagedChunk): PreparedRecords {
  return {
    rowsByType: new Map([...ids].map(([type, list]) => [type, new Map(list.map((id) => [id, OUTLINE_ENTRY]))])),
    deadLetters,
    sameSecond,
  };
}

/** Commits the chunk; `before` runs first in the same transaction (and may throw to abandon it). */
export async function commitStagedChunk(
  ctx: IngestContext,
  chunk: StagedChunk,
  before: (tx: SqlTx) => Promise<void>,
): Promise<IngestResult> {
  let prepared = chunk.prepared;
  const full = async () => {
    if (prepared) return prepared;
    if (!chunk.lines) throw new Error("a chunk with neither its records nor its place in the file");
    return (prepared = await rebuildPrepared(chunk.lines));
  };
  try {
    try {
      return await commitOnce(ctx, chunk, prepared ?? outline(chunk), !prepared, before, true);
    } catch (error) {
      if (!(error instanceof MergeRefusedError && error.cause instanceof RecordsNeededError)) throw error;
      // orphans to dead-letter with their rows and text: the same commit again, with the whole batch
      return await commitOnce(ctx, chunk, await full(), false, before, true);
    }
  } catch (error) {
    if (!(error instanceof MergeRefusedError)) throw error;
    log.info({ type: error.type, error: error.message }, "bulk chunk refused whole: committed again record by record where refused");
    return commitOnce(ctx, chunk, await full(), false, before, false);
  }
}

function commitOnce(
  ctx: IngestContext,
  { copies }: StagedChunk,
  prepared: PreparedRecords,
  isOutline: boolean,
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
          const result = await mergeStaged(client, ctx.shopId, TABLES[type], entries.length, copy);
          if (isOutline && result.orphans.length) throw new RecordsNeededError(`${result.orphans.length} orphans of ${type}`);
          return result;
        },
        withoutSavepoints,
      );
    },
    (client) => ensureStagingTables(client, specs),
  );
}

export { closeBulkDb };
