/**
 * The SyncRun / SyncStage rows: created when a sync is asked for, advanced by the sync's steps,
 * read by the syncing page. Every write that the page depends on happens here.
 */
import { db, type Db, type SqlTx } from "../db";
import { overallProgress } from "./progress";
import { Prisma } from "../../generated/prisma/client";
import { log } from "../log";
import type { SyncResourceName, SyncStageName } from "./resources";
import { encodeCursor, FIRST_PAGES_CURSOR, parseStageCursor, withoutProtectedData } from "./stage-cursor";

type Tx = Prisma.TransactionClient;

/**
 * An active run without a heartbeat this long is dead (its workflow gave up or vanished). Every
 * step that makes progress or polls Shopify beats, so this must stay well above the longest wait
 * between two steps (a bulk-export poll interval); a run that is busy for hours stays alive.
 */
export const RUN_HEARTBEAT_STALE_MS = 15 * 60 * 1000;

export interface CreateSyncRunOptions {
  shopId: string;
  kind: "FULL" | "INCREMENTAL";
  trigger: "install" | "manual" | "cron" | "webhook";
  resources: SyncStageName[];
  dryRun?: boolean;
  /** Start even when another run for the shop is active: that run is cancelled. */
  force?: boolean;
}

/** The shop/sync.requested data a run is started with (kept in its outbox until sent). */
export type SyncRunEventData = Omit<CreateSyncRunOptions, "dryRun" | "force"> & {
  shopDomain: string;
  syncRunId: string;
  dryRun: boolean;
  force: boolean;
};

export type CreatedSyncRun = { runId: string; created: boolean; pendingEvent: SyncRunEventData | null };

/**
 * Creates a QUEUED run with one PENDING stage per resource, unless the shop already has a live
 * run (a heartbeat within RUN_HEARTBEAT_STALE_MS): then that run is returned with `created: false`
 * (a reinstall or a double click never starts a second concurrent sync). An active run without a
 * heartbeat is marked FAILED and replaced. Serialised per shop by an advisory lock.
 *
 * Outbox: the run's event data is written in the same transaction (`pendingEvent`) and cleared by
 * markSyncRunEventSent once Inngest has it, so a failed send (or a crash before it) cannot leave
 * a run that blocks syncs without ever starting: the next request for the shop gets the pending
 * event back, and sends it again under the same event id.
 */
export async function createSyncRun(options: CreateSyncRunOptions & { shopDomain: string }): Promise<CreatedSyncRun> {
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`sync-run:${options.shopId}`}))`;
    const active = { shopId: options.shopId, status: { in: ["QUEUED" as const, "RUNNING" as const] } };
    if (options.force) {
      // The sync function's singleton runs in cancel mode: the new run's event cancels the
      // running one, whose row says so here.
      await tx.syncRun.updateMany({
        where: active,
        data: { status: "CANCELLED", finishedAt: new Date(), error: "replaced by a forced sync", pendingEvent: Prisma.DbNull },
      });
    } else {
      const live = await findLiveRun(tx, options.shopId);
      if (live) return { ...live, created: false };
      await tx.syncRun.updateMany({
        where: active,
        data: {
          status: "FAILED",
          finishedAt: new Date(),
          error: `no sign of life for ${RUN_HEARTBEAT_STALE_MS / 60_000} minutes: replaced by a new run`,
          pendingEvent: Prisma.DbNull,
        },
      });
    }
    const run = await tx.syncRun.create({
      data: {
        shopId: options.shopId,
        kind: options.kind,
        trigger: options.trigger,
        dryRun: options.dryRun ?? false,
        resources: options.resources,
        stages: { create: options.resources.map((resource) => ({ resource })) },
      },
      select: { id: true },
    });
    const pendingEvent: SyncRunEventData = {
      shopId: options.shopId,
      shopDomain: options.shopDomain,
      syncRunId: run.id,
      kind: options.kind,
      trigger: options.trigger,
      resources: options.resources,
      dryRun: options.dryRun ?? false,
      force: options.force ?? false,
    };
    await tx.syncRun.update({ where: { id: run.id }, data: { pendingEvent } });
    if (!options.dryRun) {
      await tx.shop.update({ where: { id: options.shopId }, data: { syncStatus: "PENDING", lastSyncError: null } });
    }
    return { runId: run.id, created: true, pendingEvent };
  });
}

/** The shop's live run: active, with a heartbeat within RUN_HEARTBEAT_STALE_MS (newest first). */
async function findLiveRun(tx: Tx | Db, shopId: string): Promise<{ runId: string; pendingEvent: SyncRunEventData | null } | null> {
  const live = await tx.syncRun.findFirst({
    where: { shopId, status: { in: ["QUEUED", "RUNNING"] }, heartbeatAt: { gt: new Date(Date.now() - RUN_HEARTBEAT_STALE_MS) } },
    select: { id: true, pendingEvent: true },
    orderBy: { createdAt: "desc" },
  });
  return live ? { runId: live.id, pendingEvent: live.pendingEvent as SyncRunEventData | null } : null;
}

/** The shop's live run to join (see createSyncRun), with its unsent event if any; null when none runs. */
export async function findLiveSyncRun(shopId: string): Promise<{ runId: string; pendingEvent: SyncRunEventData | null } | null> {
  return findLiveRun(db(), shopId);
}

/** The run's event reached Inngest: its outbox entry is done. */
export async function markSyncRunEventSent(runId: string): Promise<void> {
  await db().syncRun.updateMany({ where: { id: runId }, data: { pendingEvent: Prisma.DbNull } });
}

/** The run is alive: called by every step that makes progress or polls (see RUN_HEARTBEAT_STALE_MS). */
export async function touchSyncRun(runId: string, tx: Tx | Db = db()): Promise<void> {
  await tx.syncRun.updateMany({ where: { id: runId, status: { in: ["QUEUED", "RUNNING"] } }, data: { heartbeatAt: new Date() } });
}

export async function markSyncRunStarted(runId: string, inngestRunId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const { count } = await tx.syncRun.updateMany({
      where: { id: runId, status: { in: ["QUEUED", "RUNNING"] } },
      // The function runs, so its event was delivered: the outbox entry is done too.
      data: { status: "RUNNING", inngestRunId, startedAt: new Date(), heartbeatAt: new Date(), pendingEvent: Prisma.DbNull },
    });
    if (count === 0) {
      log.info({ syncRun: runId }, "sync run was cancelled before it started");
      return;
    }
    log.info({ syncRun: runId }, "sync run started");
    const run = await tx.syncRun.findUniqueOrThrow({ where: { id: runId }, select: { shopId: true, dryRun: true } });
    if (!run.dryRun) {
      await tx.shop.update({
        where: { id: run.shopId },
        data: { syncStatus: "RUNNING", syncProgress: 0, lastSyncError: null, syncAttempts: { increment: 1 } },
      });
    }
  });
}

interface RunStageRow {
  shopId: string;
  dryRun: boolean;
  resource: string;
  status: string;
  processed: number;
  total: number | null;
}

/** Recomputes the shop's progress from the run's stages; never lowers it during the run. */
async function refreshShopProgress(tx: SqlTx, runId: string): Promise<void> {
  const stages = await tx.$queryRawUnsafe<RunStageRow[]>(
    `SELECT r."shopId", r."dryRun", s.resource::text, s.status::text, s.processed, s.total
     FROM "SyncRun" r JOIN "SyncStage" s ON s."syncRunId" = r.id WHERE r.id = $1`,
    runId,
  );
  await writeShopProgress(tx, stages);
}

/** Writes the progress of a run whose stages are `stages` to its shop (not for a dry run). */
async function writeShopProgress(tx: SqlTx, stages: RunStageRow[]): Promise<void> {
  const run = stages[0];
  if (!run || run.dryRun) return;
  const progress = overallProgress(stages);
  await tx.$executeRawUnsafe(
    `UPDATE "Shop" SET "syncProgress" = GREATEST("syncProgress", $1), "updatedAt" = now() WHERE id = $2 AND "syncStatus" = 'RUNNING'`,
    progress,
    run.shopId,
  );
}

export async function setStageTotal(runId: string, resource: SyncStageName, total: number): Promise<void> {
  await db().syncStage.update({ where: { syncRunId_resource: { syncRunId: runId, resource } }, data: { total } });
  await touchSyncRun(runId);
}

export async function startStage(runId: string, resource: SyncStageName): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.syncStage.updateMany({
      where: { syncRunId: runId, resource, status: "PENDING" },
      data: { status: "RUNNING", startedAt: new Date() },
    });
    await tx.syncRun.update({ where: { id: runId }, data: { heartbeatAt: new Date() } });
  });
  log.info({ stage: resource }, "stage started");
}

export interface StageCheckpoint {
  cursor: string | null;
  processed: number;
  bulkOperationId: string | null;
  status: string;
}

export async function readStage(runId: string, resource: SyncResourceName): Promise<StageCheckpoint> {
  return db().syncStage.findUniqueOrThrow({
    where: { syncRunId_resource: { syncRunId: runId, resource } },
    select: { cursor: true, processed: true, bulkOperationId: true, status: true },
  });
}

export interface StageAdvance {
  fromCursor: string | null;
  toCursor: string | null;
  processed: number;
  /** Newest Shopify updatedAt among the chunk's records: raises the stage's high-water mark. */
  newestUpdatedAt?: Date | null;
}

/**
 * Within the transaction that wrote a chunk's rows: move the stage's cursor from `fromCursor` to
 * `toCursor`, add the chunk's records and raise the stage's high-water mark (sync-windows.ts).
 * Compare-and-set: if the cursor already moved (a step retried after its transaction committed),
 * nothing changes and false is returned, so counts are never added twice.
 */
export async function advanceStage(tx: SqlTx, runId: string, resource: SyncResourceName, checkpoint: StageAdvance): Promise<boolean> {
  // Raw SQL, so the bulk path's raw `pg` transaction runs it as well as Prisma's (db.ts, SqlTx).
  // The mark is only ever raised (an export's chunks are not in updatedAt order) and never passes
  // the run's start (sync-windows.ts, highWaterMark); GREATEST and LEAST skip NULLs.
  // One statement moves the stage, beats the run's heartbeat and reads the run's stages for the
  // shop's progress (the moved one as it now is: the other CTEs see the statement's snapshot), so
  // a chunk pays two round trips for its bookkeeping, not four.
  const stages = await tx.$queryRawUnsafe<(RunStageRow & { moved: boolean })[]>(
    `WITH moved AS (
       UPDATE "SyncStage" s SET cursor = $4, processed = s.processed + $5, "updatedAt" = now(),
         watermark = CASE WHEN $6::timestamptz IS NULL THEN s.watermark ELSE GREATEST(s.watermark, LEAST($6::timestamptz, r."startedAt")) END
       FROM "SyncRun" r
       WHERE r.id = s."syncRunId" AND s."syncRunId" = $1 AND s.resource::text = $2 AND s.cursor IS NOT DISTINCT FROM $3
       RETURNING r."shopId", r."dryRun", s.resource::text AS resource, s.status::text AS status, s.processed, s.total
     ),
     beat AS (UPDATE "SyncRun" SET "heartbeatAt" = now(), "updatedAt" = now() WHERE id = $1 AND EXISTS (SELECT 1 FROM moved))
     SELECT *, true AS moved FROM moved
     UNION ALL
     SELECT r."shopId", r."dryRun", s.resource::text, s.status::text, s.processed, s.total, false
     FROM "SyncRun" r JOIN "SyncStage" s ON s."syncRunId" = r.id
     WHERE r.id = $1 AND s.resource::text <> $2 AND EXISTS (SELECT 1 FROM moved)`,
    runId,
    resource,
    checkpoint.fromCursor,
    checkpoint.toCursor,
    checkpoint.processed,
    checkpoint.newestUpdatedAt?.toISOString() ?? null,
  );
  if (!stages.some((stage) => stage.moved)) return false;
  await writeShopProgress(tx, stages);
  return true;
}

/** Records the stage's bulk operation with the cursor that starts reading its file. */
export async function saveBulkOperationId(
  runId: string,
  resource: SyncResourceName,
  bulkOperationId: string,
  cursor: string,
): Promise<void> {
  await db().syncStage.update({ where: { syncRunId_resource: { syncRunId: runId, resource } }, data: { bulkOperationId, cursor } });
  await touchSyncRun(runId);
}

/**
 * Shopify refused protected customer data for this stage's query: from now on the stage reads
 * without those fields (a bulk export restarts from the last record it had), and says so.
 */
export async function continueWithoutProtectedData(runId: string, resource: SyncResourceName, note: string): Promise<void> {
  const stage = await readStage(runId, resource);
  // A stage with no cursor yet is paginated: a bulk stage has one from the moment its export started.
  const cursor = parseStageCursor(stage.cursor) ?? FIRST_PAGES_CURSOR;
  await db().syncStage.update({
    where: { syncRunId_resource: { syncRunId: runId, resource } },
    data: { cursor: encodeCursor(withoutProtectedData(cursor)), error: note },
  });
  log.warn({ stage: resource, note }, "stage continues without protected customer data");
}

export async function finishStage(
  runId: string,
  resource: SyncStageName,
  outcome: { status: "COMPLETED" | "SKIPPED" | "FAILED"; error?: string },
): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.syncStage.update({
      where: { syncRunId_resource: { syncRunId: runId, resource } },
      // A note left while running (e.g. protected data withheld) stays unless replaced.
      data: { status: outcome.status, ...(outcome.error !== undefined ? { error: outcome.error } : {}), finishedAt: new Date() },
    });
    await touchSyncRun(runId, tx);
    await refreshShopProgress(tx, runId);
  });
  log.info({ stage: resource, status: outcome.status, error: outcome.error }, "stage finished");
}

export async function completeSyncRun(runId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const now = new Date();
    // A run cancelled meanwhile (uninstall, forced replacement) stays cancelled.
    const { count } = await tx.syncRun.updateMany({
      where: { id: runId, status: "RUNNING" },
      data: { status: "COMPLETED", finishedAt: now },
    });
    if (count === 0) return;
    log.info({ syncRun: runId }, "sync run completed");
    const run = await tx.syncRun.findUniqueOrThrow({ where: { id: runId }, select: { shopId: true, dryRun: true } });
    if (!run.dryRun) {
      await tx.shop.update({
        where: { id: run.shopId },
        data: { syncStatus: "COMPLETED", syncProgress: 100, lastSyncAt: now, lastSyncError: null },
      });
    }
  });
}

export async function failSyncRun(runId: string, message: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const { count } = await tx.syncRun.updateMany({
      where: { id: runId, status: { in: ["QUEUED", "RUNNING"] } },
      data: { status: "FAILED", finishedAt: new Date(), error: message },
    });
    if (count === 0) return;
    log.error({ syncRun: runId, error: message }, "sync run failed");
    const run = await tx.syncRun.findUniqueOrThrow({ where: { id: runId }, select: { shopId: true, dryRun: true } });
    await tx.syncStage.updateMany({
      where: { syncRunId: runId, status: { in: ["PENDING", "RUNNING"] } },
      data: { status: "FAILED", error: message },
    });
    if (!run.dryRun) await tx.shop.update({ where: { id: run.shopId }, data: { syncStatus: "FAILED", lastSyncError: message } });
  });
}

export async function cancelActiveSyncRuns(shopId: string, reason: string): Promise<number> {
  const { count } = await db().syncRun.updateMany({
    where: { shopId, status: { in: ["QUEUED", "RUNNING"] } },
    data: { status: "CANCELLED", finishedAt: new Date(), error: reason },
  });
  return count;
}
