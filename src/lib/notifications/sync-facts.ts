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
