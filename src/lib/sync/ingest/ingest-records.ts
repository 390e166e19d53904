/**
 * One batch of Shopify records into Postgres: validate each with zod, dedupe (newest wins), upsert
 * per table in parent-then-child order, and put every record that cannot be stored (invalid,
 * unknown type, parent missing) into the dead-letter queue with its raw payload. Runs inside the
 * caller's transaction so the batch and its progress commit together.
 */
import { NODE_SCHEMAS, type NodeType } from "./records";
import { TABLES, WRITE_ORDER } from "./tables";
import { prepareRecords, type DeadLetter, type Entry, type IncomingRecord, type PreparedRecords } from "./prepare-records";
import { lockInstalledShop } from "./shop-guard";
import { upsertRows, type UpsertResult } from "./upsert-rows";
import type { SqlTx } from "../../db";
import { recordDeadLetters } from "../../dead-letters/dead-letter-queries";
import { log } from "../../log";

export interface IngestContext {
  shopId: string;
  syncRunId?: string;
  /** List the ids written in the result (`IngestResult.writtenIds`; the webhook drain's set-based apply). */
  listWritten?: boolean;
}

export interface TypeCounts {
  written: number;
  stale: number;
  deadLettered: number;
}

export interface IngestResult {
  byType: Partial<Record<NodeType, TypeCounts>>;
  deadLettered: number;
  /** With `listWritten`: the shopifyIds inserted or updated, of every type. */
  writtenIds?: Set<string>;
}

export {
  addRecord,
  emptyPrepared,
  finishPrepared,
  prepareRecords,
  prepareRecordsYielding,
  yieldToEventLoop,
  type Entry,
  type IncomingRecord,
  type PreparedRecords,
} from "./prepare-records";

type Tx = SqlTx;

/**
 * PostgreSQL's own words for a refused statement, whichever client ran it: node-pg's error message
 * is PostgreSQL's; Prisma wraps it ("Invalid `prisma.$queryRawUnsafe()` invocation: Raw query
 * failed. Code: ...") and keeps the original in its driver adapter's error. Dead letters then read
 * the same on every path.
 */
function databaseMessage(error: unknown): string {
  const original = (error as { meta?: { driverAdapterError?: { cause?: { originalMessage?: unknown } } } } | null)?.meta?.driverAdapterError
    ?.cause?.originalMessage;
  if (typeof original === "string") return original;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Upserts a table's rows; if PostgreSQL refuses the batch (a value it cannot store: an amount
 * beyond the column's precision, say), rolls back to a savepoint and bisects until the refused
 * rows are isolated: those become dead letters with the database's error, the rest are written.
 * A few bad records never stall a sync.
 */
async function upsertIsolatingBadRows(
  tx: Tx,
  shopId: string,
  type: NodeType,
  entries: Entry[],
  deadLetters: DeadLetter[],
  staged?: StagedMerge,
  listWritten = false,
  withoutSavepoint = false,
): Promise<UpsertResult> {
  if (staged && withoutSavepoint) {
    try {
      return await staged(type, entries);
    } catch (error) {
      throw new MergeRefusedError(type, error);
    }
  }
  await tx.$executeRawUnsafe("SAVEPOINT ingest_rows");
  try {
    const result = staged
      ? await staged(type, entries)
      : await upsertRows(
          tx,
          shopId,
          TABLES[type],
          entries.map(([, entry]) => entry.row),
          { listWritten },
        );
    await tx.$executeRawUnsafe("RELEASE SAVEPOINT ingest_rows");
    return result;
  } catch (error) {
    await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT ingest_rows");
    await tx.$executeRawUnsafe("RELEASE SAVEPOINT ingest_rows");
    if (entries.length === 1) {
      const [id, entry] = entries[0]!;
      const message = databaseMessage(error);
      const parent = TABLES[type].parent;
      deadLetters.push({
        entityType: type,
        shopifyId: id,
        ...(parent ? { parentShopifyId: String(entry.row[parent.column]) } : {}),
        rawPayload: entry.text,
        errorMessage: `PostgreSQL refused ${type} ${id}: ${message}`,
        errorStack: (error as Error).stack,
      });
      return { written: 0, stale: 0, orphans: [] };
    }
    const middle = Math.ceil(entries.length / 2);
    const first = await upsertIsolatingBadRows(tx, shopId, type, entries.slice(0, middle), deadLetters, undefined, listWritten);
    const second = await upsertIsolatingBadRows(tx, shopId, type, entries.slice(middle), deadLetters, undefined, listWritten);
    return {
      written: first.written + second.written,
      stale: first.stale + second.stale,
      orphans: [...first.orphans, ...second.orphans],
      ...(listWritten ? { writtenIds: [...(first.writtenIds ?? []), ...(second.writtenIds ?? [])] } : {}),
    };
  }
}

/**
 * How a table's batch reaches PostgreSQL instead of the unnest() statement: the bulk path COPYs it
 * into a staging table on the transaction's raw connection (staging-table.ts).
 */
export type StagedMerge = (type: NodeType, entries: Entry[]) => Promise<UpsertResult>;

/**
 * A staged merge run without its savepoint failed: the transaction is aborted, and the caller
 * runs the batch again in a new one with savepoints, which isolates the refused records.
 */
export class MergeRefusedError extends Error {
  constructor(
    readonly type: NodeType,
    cause: unknown,
  ) {
    super(`PostgreSQL refused the ${type} batch: ${databaseMessage(cause)}`, { cause });
    this.name = "MergeRefusedError";
  }
}

export async function ingestRecords(tx: Tx, ctx: IngestContext, records: IncomingRecord[]): Promise<IngestResult> {
  return writePreparedRecords(tx, ctx, prepareRecords(records));
}

/** The database half of ingestRecords: upserts, orphans, dead letters, counts. */
export async function writePreparedRecords(
  tx: Tx,
  ctx: IngestContext,
  { rowsByType, sameSecond, deadLetters: prepareLetters }: PreparedRecords,
  staged?: StagedMerge,
  /**
   * Staged merges without a savepoint each (two round trips a table fewer): any refusal throws
   * MergeRefusedError and aborts the transaction, to be run again without this.
   */
  withoutSavepoints = false,
): Promise<IngestResult> {
  // Nothing is written for an uninstalled shop, even by a sync step already running (shop-guard.ts).
  await lockInstalledShop(tx, ctx.shopId);
  const deadLetters = [...prepareLetters];
  const byType: Partial<Record<NodeType, TypeCounts>> = {};
  const writtenIds = ctx.listWritten ? new Set<string>() : undefined;
  /** Orphans are counted per type as they are found; every other dead letter below. */
  const orphans = new Set<DeadLetter>();
  for (const type of WRITE_ORDER) {
    const entries = rowsByType.get(type);
    if (!entries?.size) continue;
    const result = await upsertIsolatingBadRows(
      tx,
      ctx.shopId,
      type,
      [...entries.entries()],
      deadLetters,
      staged,
      ctx.listWritten,
      withoutSavepoints,
    );
    for (const id of result.writtenIds ?? []) writtenIds?.add(id);
    for (const orphan of result.orphans) {
      const entry = entries.get(orphan);
      const parent = NODE_SCHEMAS[type].parent;
      const parentShopifyId = String(entry?.row[TABLES[type].parent!.column]);
      const letter: DeadLetter = {
        entityType: type,
        shopifyId: orphan,
        parentShopifyId,
        rawPayload: entry?.text ?? orphan,
        errorMessage: `${type} ${orphan} belongs to ${parent} ${parentShopifyId}, which is not stored`,
      };
      deadLetters.push(letter);
      orphans.add(letter);
    }
    byType[type] = { written: result.written, stale: result.stale, deadLettered: result.orphans.length };
  }
  for (const [type, id, entry] of sameSecond) {
    const result = await upsertIsolatingBadRows(tx, ctx.shopId, type, [[id, entry]], deadLetters, undefined, ctx.listWritten);
    for (const written of result.writtenIds ?? []) writtenIds?.add(written);
    const counts = (byType[type] ??= { written: 0, stale: 0, deadLettered: 0 });
    counts.written += result.written;
    counts.stale += result.stale;
  }

  for (const letter of deadLetters) {
    if (!(letter.entityType in NODE_SCHEMAS) || orphans.has(letter)) continue;
    const counts = (byType[letter.entityType as NodeType] ??= { written: 0, stale: 0, deadLettered: 0 });
    counts.deadLettered += 1;
  }
  for (const letter of deadLetters)
    log.warn({ entity: letter.entityType, shopifyId: letter.shopifyId, error: letter.errorMessage }, "dead letter written");
  await recordDeadLetters(
    tx,
    deadLetters.map((letter) => ({ ...letter, shopId: ctx.shopId, syncRunId: ctx.syncRunId ?? null })),
  );
  return { byType, deadLettered: deadLetters.length, ...(writtenIds ? { writtenIds } : {}) };
}
