/**
 * The daily refresh: one incremental sync per installed shop. Runs are recorded first (a shop
 * with a sync already running is skipped: that sync is as fresh as this one would be); the caller
 * sends their events.
 */
import { listInstalledShops } from "../shops/installed-shops";
import { createSyncRun } from "./sync-runs";
import { SYNC_RESOURCES } from "../../../inngest/events";

export interface PlannedRefresh {
  shopId: string;
  shopDomain: string;
  syncRunId: string;
}

export async function planRefreshes(): Promise<{ planned: PlannedRefresh[]; skipped: string[] }> {
  const planned: PlannedRefresh[] = [];
  const skipped: string[] = [];
  for (const shop of await listInstalledShops()) {
    const { runId, created } = await createSyncRun({
      shopId: shop.id,
      kind: "INCREMENTAL",
      trigger: "cron",
      resources: [...SYNC_RESOURCES],
    });
    if (created) planned.push({ shopId: shop.id, shopDomain: shop.domain, syncRunId: runId });
    else skipped.push(shop.domain);
  }
  return { planned, skipped };
}
