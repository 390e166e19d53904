/**
 * The SyncRun / SyncStage rows: created when a sync is asked for, advanced by the sync's steps,
 * read by the syncing page. Every write that the page depends on happens here.
 */
import { db } from "../db";
import { overallProgress } from "./progress";
import { highWaterMark } from "./sync-windows";
import type { Prisma } from "../../generated/prisma/client";

export type SyncResourceName = "products" | "orders" | "customers" | "inventory";

type Tx = Prisma.TransactionClient;

/** A run untouched this long is considered dead (its workflow gave up or vanished). */
const STALE_RUN_MS = 30 * 60 * 1000;

export interface CreateSyncRunOptions {
  shopId: string;
  kind: "FULL" | "INCREMENTAL";
  trigger: "install" | "manual" | "cron" | "webhook";
  resources: SyncResourceName[];
  dryRun?: boolean;
  /** Start even when another run for the shop is active: that run is cancelled. */
  force?: boolean;
}

/**
 * Creates a QUEUED run with one PENDING stage per resource, unless the shop already has an active
 * run: then that run is returned with `created: false` (a reinstall or a double click never starts
 * a second concurrent sync). Serialised per shop by an advisory lock.
 */
export async function createSyncRun(options: CreateSyncRunOptions): Promise<{ runId: string; created: boolean }> {
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`sync-run:${options.shopId}`}))`;
    if (options.force) {
      // The sync function's singleton runs in cancel mode: the new run's event cancels the
      // running one, whose row says so here.
      await tx.syncRun.updateMany({
        where: { shopId: options.shopId, status: { in: ["QUEUED", "RUNNING"] } },
        data: { status: "CANCELLED", finishedAt: new Date(), error: "replaced by a forced sync" },
      });
    } else {
      const active = await tx.syncRun.findFirst({
        where: { shopId: options.shopId, status: { in: ["QUEUED", "RUNNING"] }, updatedAt: { gt: new Date(Date.now() - STALE_RUN_MS) } },
        select: { id: true },
        orderBy: { createdAt: "desc" },
      });
      if (active) return { runId: active.id, created: false };
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
    if (!options.dryRun) {
      await tx.shop.update({ where: { id: options.shopId }, data: { syncStatus: "PENDING", lastSyncError: null } });
    }
    return { runId: run.id, created: true };
  });
}

export async function markSyncRunStarted(runId: string, inngestRunId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const { count } = await tx.syncRun.updateMany({
      where: { id: runId, status: { in: ["QUEUED", "RUNNING"] } },
      data: { status: "RUNNING", inngestRunId, startedAt: new Date() },
    });
    if (count === 0) return; // cancelled before it started
    const run = await tx.syncRun.findUniqueOrThrow({ where: { id: runId }, select: { shopId: true, dryRun: true } });
    if (!run.dryRun) {
      await tx.shop.update({
        where: { id: run.shopId },
        data: { syncStatus: "IN_PROGRESS", syncProgress: 0, lastSyncError: null, syncAttempts: { increment: 1 } },
      });
    }
  });
}

/** Recomputes the shop's progress from the run's stages; never lowers it during the run. */
async function refreshShopProgress(tx: Tx, runId: string): Promise<void> {
  const run = await tx.syncRun.findUniqueOrThrow({
    where: { id: runId },
    select: { shopId: true, dryRun: true, stages: { select: { resource: true, status: true, processed: true, total: true } } },
  });
  if (run.dryRun) return;
  const progress = overallProgress(run.stages);
  await tx.$executeRaw`UPDATE "Shop" SET "syncProgress" = GREATEST("syncProgress", ${progress}), "updatedAt" = now() WHERE id = ${run.shopId} AND "syncStatus" = 'IN_PROGRESS'`;
}

export async function setStageTotal(runId: string, resource: SyncResourceName, total: number): Promise<void> {
  await db().syncStage.update({ where: { syncRunId_resource: { syncRunId: runId, resource } }, data: { total } });
}

export async function startStage(runId: string, resource: SyncResourceName): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.syncStage.updateMany({
      where: { syncRunId: runId, resource, status: "PENDING" },
      data: { status: "RUNNING", startedAt: new Date() },
    });
    await tx.syncRun.update({ where: { id: runId }, data: { updatedAt: new Date() } });
  });
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
export async function advanceStage(tx: Tx, runId: string, resource: SyncResourceName, checkpoint: StageAdvance): Promise<boolean> {
  const moved = await tx.syncStage.updateMany({
    where: { syncRunId: runId, resource, cursor: checkpoint.fromCursor },
    data: { cursor: checkpoint.toCursor, processed: { increment: checkpoint.processed } },
  });
  if (moved.count === 0) return false;
  const run = await tx.syncRun.update({ where: { id: runId }, data: { updatedAt: new Date() }, select: { startedAt: true } });
  if (checkpoint.newestUpdatedAt) {
    // Only ever raised: the chunks of an export are not in updatedAt order.
    const mark = highWaterMark(checkpoint.newestUpdatedAt, run.startedAt);
    await tx.syncStage.updateMany({
      where: { syncRunId: runId, resource, OR: [{ watermark: null }, { watermark: { lt: mark } }] },
      data: { watermark: mark },
    });
  }
  await refreshShopProgress(tx, runId);
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
}

/**
 * Shopify refused protected customer data for this stage's query: from now on the stage reads
 * without those fields (a bulk export restarts from the last record it had), and says so.
 */
export async function continueWithoutProtectedData(runId: string, resource: SyncResourceName, note: string): Promise<void> {
  const stage = await readStage(runId, resource);
  const cursor = stage.cursor ? (JSON.parse(stage.cursor) as Record<string, unknown>) : { pass: 0 };
  const next = { ...cursor, withoutProtectedData: true, ...(stage.bulkOperationId ? { operation: "finished", offset: 0 } : {}) };
  await db().syncStage.update({
    where: { syncRunId_resource: { syncRunId: runId, resource } },
    data: { cursor: JSON.stringify(next), error: note },
  });
}

export async function finishStage(
  runId: string,
  resource: SyncResourceName,
  outcome: { status: "COMPLETED" | "SKIPPED" | "FAILED"; error?: string },
): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.syncStage.update({
      where: { syncRunId_resource: { syncRunId: runId, resource } },
      // A note left while running (e.g. protected data withheld) stays unless replaced.
      data: { status: outcome.status, ...(outcome.error !== undefined ? { error: outcome.error } : {}), finishedAt: new Date() },
    });
    await refreshShopProgress(tx, runId);
  });
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
