/**
 * The daily refresh: one incremental sync per installed shop. Runs are recorded first (a shop
 * with a live sync is skipped: that sync is as fresh as this one would be); the caller sends their
 * events. A live run whose event never reached Inngest (its outbox entry is still pending) is
 * handed back too, so the cron also drains what a failed send left behind.
 */
import { listInstalledShops, listPausedShopIds } from "../shops/shop-queries";
import { SYNC_STAGES } from "./resources";
import { createSyncRun, type SyncRunEventData } from "./sync-runs";

export async function planRefreshes(): Promise<{ planned: SyncRunEventData[]; skipped: string[] }> {
  const planned: SyncRunEventData[] = [];
  const skipped: string[] = [];
  const paused = await listPausedShopIds();
  for (const shop of await listInstalledShops()) {
    if (paused.has(shop.id)) {
      skipped.push(shop.domain); // an operator paused its syncs (/admin)
      continue;
    }
    const { pendingEvent } = await createSyncRun({
      shopId: shop.id,
      shopDomain: shop.domain,
      kind: "INCREMENTAL",
      trigger: "cron",
      resources: [...SYNC_STAGES],
    });
    if (pendingEvent) planned.push(pendingEvent);
    else skipped.push(shop.domain);
  }
  return { planned, skipped };
}
