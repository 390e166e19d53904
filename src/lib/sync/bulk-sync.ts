/**
 * The bulk path: Shopify exports a whole resource as JSONL (children on their own lines with
 * __parentId); ShopSync streams the file from a byte offset in chunks, each chunk's rows and the
 * stage's new offset committed together. The operation id is stored on the stage so a restarted
 * run polls the same job instead of starting another. A FAILED export's partial data is ingested,
 * and the export restarted after the last root whose children are all in (id:>), with each root's
 * children grouped right after it (`groupObjects`, slower for Shopify to build) so that even a
 * short partial file proves some roots complete.
 */
import { db } from "../db";
import type { ShopifyAdmin } from "../shopify/admin-client";
import { BULK_OPERATION_STATUS, RUN_BULK_QUERY } from "../shopify/queries/sync";
import { ShopifyRequestError } from "../shopify/shopify-errors";
import type { BulkOperationStatusQuery } from "../shopify/types/admin.generated";
import type { CutChunk } from "./ingest/bulk-chunks";
import { openChunkSource } from "./ingest/chunk-source";
import { commitStagedChunk } from "./ingest/staged-chunk";
import type { ShopifySource, SyncResourceName } from "./resources";
import { encodeCursor, readBulkCursor, type BulkCursor } from "./stage-cursor";
import { advanceStage, readStage, saveBulkOperationId, touchSyncRun } from "./sync-runs";
import { analyzeIfGrown } from "./table-statistics";
import { log } from "../log";

export type BulkOperationState = NonNullable<BulkOperationStatusQuery["bulkOperation"]>;

export const isFinished = (status: BulkOperationState["status"]) => ["COMPLETED", "FAILED", "CANCELED", "EXPIRED"].includes(status);

const and = (...terms: (string | null | undefined)[]) => terms.filter(Boolean).join(" AND ") || undefined;

/**
 * Starts the export for the stage's current pass, or returns the one already started (its id is
 * on the stage). Resumes after `resumeAfterId` when a previous export of this pass failed.
 */
export async function startBulkExport(
  admin: ShopifyAdmin,
  runId: string,
  config: ShopifySource,
  passes: (string | null)[],
): Promise<string | null> {
  const resource = config.resource;
  const stage = await readStage(runId, resource);
  const cursor = readBulkCursor(stage.cursor);
  if (cursor.pass >= passes.length) return null;
  if (cursor.operation) return cursor.operation;
  const search = and(passes[cursor.pass], cursor.resumeAfterId ? `id:>${cursor.resumeAfterId}` : null);
  const { data } = await admin.request(RUN_BULK_QUERY, {
    query: (cursor.withoutProtectedData && config.withoutProtectedData ? config.withoutProtectedData.bulkQuery : config.bulkQuery)(search),
    groupObjects: cursor.groupObjects,
  });
  const { bulkOperation, userErrors } = data.bulkOperationRunQuery ?? { bulkOperation: null, userErrors: [] };
  if (!bulkOperation)
    throw new ShopifyRequestError(`bulk export of ${resource} refused: ${userErrors.map((e) => e.message).join("; ")}`, userErrors);
  await saveBulkOperationId(runId, resource, bulkOperation.id, encodeCursor({ ...cursor, offset: 0, operation: bulkOperation.id }));
  log.info(
    { stage: resource, pass: cursor.pass, operation: bulkOperation.id, resumeAfterId: cursor.resumeAfterId ?? null },
    "bulk export started",
  );
  return bulkOperation.id;
}

/** The export's state; polling a sync's export is a heartbeat of its run (`syncRunId`). */
export async function getBulkOperation(admin: ShopifyAdmin, id: string, syncRunId?: string): Promise<BulkOperationState> {
  if (syncRunId) await touchSyncRun(syncRunId);
  const { data } = await admin.request(BULK_OPERATION_STATUS, { id });
  if (!data.bulkOperation) throw new ShopifyRequestError(`bulk operation ${id} not found`);
  const { status, errorCode, objectCount } = data.bulkOperation;
  log.info({ operation: id, status, errorCode, objectCount }, "bulk export polled");
  return data.bulkOperation;
}

export interface BulkChunkOptions {
  shopId: string;
  runId: string;
  config: ShopifySource;
  url: string;
  /** Lines per transaction. */
  batchLines?: number;
  /** Lines of the step's first transaction (default: BULK_FIRST_BATCH_LINES, or batchLines when that is given). */
  firstBatchLines?: number;
  /** Stop after this long; the next step continues from the stored offset. */
  budgetMs?: number;
}

/**
 * Lines per transaction. Large, because a chunk's fixed costs (the stage's compare-and-set, the
 * shop guard, one COPY and one merge per table) are paid per chunk; bounded, because a chunk's
 * records and their text are held until it commits, and one more chunk is read while it does.
 */
export const BULK_BATCH_LINES = 10_000;

/**
 * Lines of a step's first chunk: PostgreSQL has nothing to do until the first chunk is read and
 * validated, so it is cut smaller (and each chunk after it is read while the previous commits).
 */
export const BULK_FIRST_BATCH_LINES = 2_500;

/**
 * Ingests the file from the stage's offset until EOF or the budget; returns whether it reached EOF.
 * Each chunk's rows and the stage's new offset commit in one transaction (staged-chunk.ts); while
 * PostgreSQL commits one chunk, the next one is read, validated and encoded, in a worker thread
 * when there is one (ingest/chunk-source.ts), so this thread only feeds PostgreSQL.
 */
export async function ingestBulkFile(options: BulkChunkOptions): Promise<{ done: boolean; records: number; resumeAfterId: number | null }> {
  const resource = options.config.resource;
  const batchLines = options.batchLines ?? BULK_BATCH_LINES;
  const deadline = Date.now() + (options.budgetMs ?? 20_000);
  const stage = await readStage(options.runId, resource);
  const processedBefore = stage.processed;
  /** The cursor as it will be once every chunk cut so far has committed. */
  let stored = stage.cursor;
  const cursor = readBulkCursor(stored);
  let records = 0;
  let resumeAfterId = cursor.resumeAfterId;
  let inFlight: Promise<void> = Promise.resolve();
  /** Threshold ANALYZEs, run beside the next chunks (another connection) and awaited before returning. */
  const analyses: Promise<unknown>[] = [];

  const source = openChunkSource({
    url: options.url,
    offset: cursor.offset,
    resumeAfterId: cursor.resumeAfterId,
    countedMaxId: cursor.countedMaxId ?? 0,
    hasChildren: Boolean(options.config.nested),
    firstBatchLines: options.firstBatchLines ?? (options.batchLines === undefined ? BULK_FIRST_BATCH_LINES : batchLines),
    batchLines,
  });
  /** Commits a chunk after the one in flight (at most one waits, while the next one is read). */
  const commit = (cut: CutChunk) => {
    const next: BulkCursor = { ...cursor, offset: cut.end, resumeAfterId: cut.resumeAfterId, countedMaxId: cut.countedMaxId };
    const nextText = encodeCursor(next);
    const fromCursor = stored;
    stored = nextText;
    records = cut.records;
    resumeAfterId = cut.resumeAfterId;
    const newest = cut.newest === null ? null : new Date(cut.newest);
    inFlight = (async () => {
      await commitStagedChunk({ shopId: options.shopId, syncRunId: options.runId }, cut.chunk, async (tx) => {
        const moved = await advanceStage(tx, options.runId, resource, {
          fromCursor,
          toCursor: nextText,
          processed: cut.roots,
          newestUpdatedAt: newest,
        });
        if (!moved)
          throw new Error(
            `stage ${resource} of run ${options.runId} moved underneath this step; it will be retried from the stored offset`,
          );
      });
      log.info(
        { stage: resource, lines: cut.lineCount, records: cut.roots, offset: next.offset, readIn: source.where },
        "bulk chunk ingested",
      );
      const analysis = analyzeIfGrown(resource, processedBefore, processedBefore + cut.records);
      analysis.catch(() => undefined); // awaited below
      analyses.push(analysis);
    })();
    inFlight.catch(() => undefined); // awaited below; this only keeps it from being "unhandled" meanwhile
  };

  /** The read under way (at most one), so that it is settled before the source closes. */
  let reading: Promise<CutChunk | null> | null = null;
  let done = false;
  try {
    reading = source.next();
    for (;;) {
      const cut = await reading;
      reading = null;
      if (!cut) {
        done = true;
        break;
      }
      await inFlight;
      commit(cut);
      if (Date.now() >= deadline) break;
      reading = source.next(); // the next chunk is read while this one commits
    }
  } finally {
    // never leave a commit (or an ANALYZE) running behind a failed read: a retried step must find the stage settled
    await inFlight.catch(() => undefined);
    await Promise.allSettled(analyses);
    await reading?.catch(() => undefined);
    await source.close();
  }
  await inFlight;
  await Promise.all(analyses);
  return { done, records, resumeAfterId };
}

/**
 * After export `operationId`'s file is ingested: move the stage to the next pass (or past the
 * last), or, for a failed export, back to starting a new export of the same pass. Idempotent: only
 * the stage still on that export moves (compare-and-set on the cursor), so a step body run twice
 * (killed after its commit, before Inngest recorded the result) cannot skip a pass.
 */
export async function finishBulkPass(
  runId: string,
  resource: SyncResourceName,
  operationId: string,
  outcome: "completed" | "failed-partial",
): Promise<void> {
  const stage = await readStage(runId, resource);
  const cursor = readBulkCursor(stage.cursor);
  if (cursor.operation !== operationId) {
    log.info({ stage: resource, operation: operationId, outcome }, "bulk pass already finished");
    return;
  }
  const next: BulkCursor =
    outcome === "completed"
      ? { ...cursor, pass: cursor.pass + 1, offset: 0, resumeAfterId: null, countedMaxId: null, groupObjects: false, operation: null }
      : { ...cursor, offset: 0, groupObjects: true, operation: null };
  const { count } = await db().syncStage.updateMany({
    where: { syncRunId: runId, resource, cursor: stage.cursor },
    data: { cursor: encodeCursor(next) },
  });
  log.info({ stage: resource, pass: cursor.pass, operation: operationId, outcome, moved: count > 0 }, "bulk pass finished");
}
