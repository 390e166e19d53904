/**
 * The time windows a sync reads. Orders of the last 60 days come first (what a merchant looks at),
 * then history. An incremental sync reads records updated since the last successful sync's
 * watermark, minus an overlap that absorbs clock skew and records committed late on Shopify's side;
 * the idempotent, updatedAt-guarded upserts make the overlap free of duplicates.
 */
import { db } from "../db";

export const RECENT_ORDERS_DAYS = 60;
export const INCREMENTAL_OVERLAP_MS = 10 * 60 * 1000;

export function recentOrdersSince(now: Date): string {
  const since = new Date(now.getTime() - RECENT_ORDERS_DAYS * 24 * 60 * 60 * 1000);
  since.setUTCMinutes(0, 0, 0); // stable within the hour, so a re-planned step sees the same window
  return since.toISOString();
}

/**
 * Start of the next incremental window: the oldest per-resource watermark of the newest completed
 * run (full or incremental), minus the overlap; null when the shop never completed a sync.
 */
export async function incrementalSince(shopId: string): Promise<string | null> {
  const run = await db().syncRun.findFirst({
    where: { shopId, status: "COMPLETED", dryRun: false },
    orderBy: { finishedAt: "desc" },
    select: { startedAt: true, stages: { select: { watermark: true } } },
  });
  if (!run?.startedAt) return null;
  const watermarks = run.stages.map((stage) => stage.watermark).filter((w): w is Date => w !== null);
  const base = watermarks.length ? new Date(Math.min(...watermarks.map((w) => w.getTime()))) : run.startedAt;
  const startedBefore = Math.min(base.getTime(), run.startedAt.getTime());
  return new Date(startedBefore - INCREMENTAL_OVERLAP_MS).toISOString();
}
