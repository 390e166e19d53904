/** Facts a sync notification quotes: what the run had written before it ended. */
import { db } from "../db";

export interface SyncRunOutcome {
  shopDomain: string;
  recordsWritten: number;
  /** When the sync was asked for: the notification's time, so retries and queues never move it. */
  requestedAt: string;
}

export async function syncRunOutcome(syncRunId: string): Promise<SyncRunOutcome> {
  const run = await db().syncRun.findUniqueOrThrow({
    where: { id: syncRunId },
    select: { createdAt: true, shop: { select: { domain: true } }, stages: { select: { processed: true } } },
  });
  return {
    shopDomain: run.shop.domain,
    recordsWritten: run.stages.reduce((sum, stage) => sum + stage.processed, 0),
    requestedAt: run.createdAt.toISOString(),
  };
}

export interface FirstFullSyncOutcome {
  finishedAt: string;
  /** Records copied per resource, e.g. { products: 120, orders: 300 }. */
  counts: Record<string, number>;
}

/** The run's counts when it is the shop's first completed full (not dry) sync; otherwise null. */
export async function firstFullSyncOutcome(syncRunId: string): Promise<FirstFullSyncOutcome | null> {
  const run = await db().syncRun.findUniqueOrThrow({
    where: { id: syncRunId },
    select: {
      shopId: true,
      kind: true,
      status: true,
      dryRun: true,
      finishedAt: true,
      stages: { select: { resource: true, processed: true } },
    },
  });
  if (run.kind !== "FULL" || run.status !== "COMPLETED" || run.dryRun || !run.finishedAt) return null;
  const earlier = await db().syncRun.count({
    where: {
      shopId: run.shopId,
      kind: "FULL",
      status: "COMPLETED",
      dryRun: false,
      id: { not: syncRunId },
      finishedAt: { lte: run.finishedAt },
    },
  });
  if (earlier > 0) return null;
  return {
    finishedAt: run.finishedAt.toISOString(),
    counts: Object.fromEntries(run.stages.map((stage) => [stage.resource, stage.processed])),
  };
}
