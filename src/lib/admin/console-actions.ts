/** The operator console's actions on a shop: resync, pause and resume its syncs. */
import "server-only";
import { assertSyncsNotPaused, findInstalledShopById, setShopSyncsPaused } from "../shops/shop-queries";
import { requestSync } from "../sync/request-sync";

export const CONSOLE_ACTIONS = ["resync", "pause", "resume"] as const;
export type ConsoleAction = (typeof CONSOLE_ACTIONS)[number];

/**
 * Runs an action. A resync is a full sync on the operator's say (no merchant rate limit; joins a
 * sync already running) and is refused while the shop's syncs are paused.
 */
export async function runConsoleAction(shopId: string, action: ConsoleAction): Promise<{ runId?: string; started?: boolean }> {
  const shop = await findInstalledShopById(shopId);
  if (action === "resync") {
    await assertSyncsNotPaused(shop.id);
    const { runId, created } = await requestSync({ shopId: shop.id, shopDomain: shop.domain, kind: "FULL", trigger: "manual" });
    return { runId, started: created };
  }
  await setShopSyncsPaused(shop.id, action === "pause");
  return {};
}
