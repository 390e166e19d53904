/**
 * The daily reconciliation (03:00, REFRESH_CRON_TZ, an hour after the refresh): fans out one
 * reconcile-shop run per installed shop. `app/reconcile.requested` runs it now.
 */
import { inngest } from "../client";
import { reconcileRequested, shopReconcileRequested } from "../events";
import { envVar } from "../../src/lib/env";
import { listInstalledShops } from "../../src/lib/shops/shop-queries";

export const reconcileShops = inngest.createFunction(
  {
    id: "reconcile-shops",
    name: "Daily reconciliation of every shop",
    triggers: [{ cron: `TZ=${envVar("REFRESH_CRON_TZ")} 0 3 * * *` }, reconcileRequested],
    singleton: { key: "'reconcile'", mode: "skip" },
  },
  async ({ step }) => {
    const shops = await step.run("list-shops", () => listInstalledShops());
    if (shops.length) {
      await step.sendEvent(
        "fan-out",
        shops.map((shop) => shopReconcileRequested.create({ shopId: shop.id, shopDomain: shop.domain })),
      );
    }
    return { shops: shops.length };
  },
);
