/**
 * app/uninstalled: running syncs of the shop are cancelled (their SyncRun rows, and the sync
 * function through its cancelOn of shop/app.uninstalled), the shop is marked uninstalled and its
 * tokens are discarded. From then on nothing is written for it (lockInstalledShop) and the
 * scheduled refresh skips it. The data stays until shop/redact (a reinstall within 48 h keeps it).
 */
import { z } from "zod";
import { inngest } from "../../../../inngest/client";
import { shopAppUninstalled } from "../../../../inngest/events";
import { uninstallShop } from "../../shops/shop-queries";
import { defineTopic, gid, restId } from "./define-topic";

export const appUninstalled = defineTopic({
  topic: "app/uninstalled",
  schema: z.object({ id: restId, myshopify_domain: z.string().optional() }),
  runsWhenUninstalled: true,
  resourceId: (shop) => gid("Shop", shop.id),
  handle: async ({ shop, triggeredAt }) => {
    const outcome = await uninstallShop(shop.id, triggeredAt);
    if (!outcome.uninstalled) return outcome.reason;
    // The ingress route sent this event already; sent again here for a replayed dead letter.
    await inngest.send(shopAppUninstalled.create({ shopId: shop.id, shopDomain: shop.domain }));
  },
});
