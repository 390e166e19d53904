/**
 * The time windows a sync reads. Orders of the last 60 days come first (what a merchant looks at),
 * then history. An incremental sync reads each resource from that resource's own high-water mark
 * minus an overlap; the idempotent, updatedAt-guarded upserts make the overlap free of duplicates.
 *
 * The high-water mark (SyncStage.watermark) is what a stage actually stored: the newest Shopify
 * updatedAt among the records it read (Shopify's clock, so the app's clock does not move it), but
 * never later than the moment its run started, because a record changed while an export was
 * running may be missing from it. Only COMPLETED stages of real (not dry) runs count, and only
 * the stages of that resource: a customers-only sync never moves the products or orders window.
 * A stage that found nothing new keeps the previous mark. The overlap absorbs records Shopify makes
 * searchable late and, where the run's start bounds the mark, skew between the app's clock and
 * Shopify's.
 */
import { db } from "../db";
import type { SyncResourceName } from "./resources";

export const RECENT_ORDERS_DAYS = 60;
export const INCREMENTAL_OVERLAP_MS = 10 * 60 * 1000;

export function recentOrdersSince(now: Date): string {
  const since = new Date(now.getTime() - RECENT_ORDERS_DAYS * 24 * 60 * 60 * 1000);
  since.setUTCMinutes(0, 0, 0); // stable within the hour, so a re-planned step sees the same window
  return since.toISOString();
}

/** Per resource, the start of its next incremental window; null reads the resource whole. */
export type IncrementalWindows = Partial<Record<SyncResourceName, string | null>>;

/**
 * Where each resource's next incremental window starts: its high-water mark minus the overlap.
 * A resource whose completed stages never stored a record (an empty store's customers, or stages
 * written before marks existed) falls back to the start of the newest run that completed it; one
 * that never completed is read whole.
 */
export async function incrementalWindows(shopId: string, resources: readonly SyncResourceName[]): Promise<IncrementalWindows> {
  const completed = { status: "COMPLETED", syncRun: { shopId, dryRun: false } } as const;
  const marks = await db().syncStage.groupBy({
    by: ["resource"],
    where: { ...completed, resource: { in: [...resources] }, watermark: { not: null } },
    _max: { watermark: true },
  });
  const windows: IncrementalWindows = {};
  for (const resource of resources) {
    let mark = marks.find((row) => row.resource === resource)?._max.watermark ?? null;
    if (!mark) {
      const newest = await db().syncStage.findFirst({
        where: { ...completed, resource, syncRun: { ...completed.syncRun, startedAt: { not: null } } },
        orderBy: { syncRun: { startedAt: "desc" } },
        select: { syncRun: { select: { startedAt: true } } },
      });
      mark = newest?.syncRun.startedAt ?? null;
    }
    windows[resource] = mark ? new Date(mark.getTime() - INCREMENTAL_OVERLAP_MS).toISOString() : null;
  }
  return windows;
}

/** The newest `updatedAt` among Shopify records (ISO timestamps); records without one are skipped. */
export function newestUpdatedAt(records: Iterable<unknown>): Date | null {
  let newest = Number.NEGATIVE_INFINITY;
  for (const record of records) {
    const value = (record as { updatedAt?: unknown } | null)?.updatedAt;
    const time = typeof value === "string" ? Date.parse(value) : Number.NaN;
    if (time > newest) newest = time;
  }
  return Number.isFinite(newest) ? new Date(newest) : null;
}

/**
 * The mark a stage may keep after reading records updated up to `newest` in a run that started at
 * `runStartedAt`: everything changed before the run started was read by the time the stage
 * completes, while a record changed later may have been passed over (bulk exports are not sorted
 * by updatedAt, and are not snapshots).
 */
export function highWaterMark(newest: Date, runStartedAt: Date | null): Date {
  return runStartedAt && runStartedAt < newest ? runStartedAt : newest;
}
