/** Asking for one shop's reconciliation now (`npm run reconcile`), as the daily cron does for every shop. */
import { randomUUID } from "node:crypto";
import { inngest } from "../../../inngest/client";
import { shopReconcileRequested } from "../../../inngest/events";
import { findInstalledShop } from "../shops/shop-queries";

/** Sends shop/reconcile.requested with a new pass id; its report lines carry that id. Throws not_found for an unknown shop. */
export async function requestReconciliation(shopDomain: string): Promise<{ shopId: string; passId: string }> {
  const shop = await findInstalledShop(shopDomain);
  const passId = `manual-${randomUUID()}`;
  await inngest.send(shopReconcileRequested.create({ shopId: shop.id, shopDomain: shop.domain, passId }));
  return { shopId: shop.id, passId };
}
