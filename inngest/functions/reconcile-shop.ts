/**
 * reconcile-shop: removes the shop's records that Shopify no longer has. One id-only bulk export
 * per resource, one at a time (a sync may be using the shop's other bulk slots); completion from
 * the bulk_operations/finish webhook, with a backing-off poll as the fallback (wait-for-bulk-operation.ts).
 */
import { inngest } from "../client";
import { shopAppUninstalled, shopReconcileRequested } from "../events";
import { runShopifyStep } from "../steps/run-shopify-step";
import { waitForBulkOperation } from "../steps/wait-for-bulk-operation";
import { adminClientFor } from "../../src/lib/shopify/shop-tokens";
import { findInstalledShop } from "../../src/lib/shops/shop-queries";
import { RECONCILED, removeDeletedUpstream, startIdsExport } from "../../src/lib/sync/reconcile-deletions";

export const reconcileShop = inngest.createFunction(
  {
    id: "reconcile-shop",
    name: "Remove records deleted upstream",
    triggers: [shopReconcileRequested],
    singleton: { key: "event.data.shopId", mode: "skip" },
    cancelOn: [{ event: shopAppUninstalled.name, match: "data.shopId" }],
    retries: 3,
  },
  async ({ event, step, logger }) => {
    const { shopDomain } = event.data;
    const admin = adminClientFor(shopDomain);
    const shop = await step.run("shop", () => findInstalledShop(shopDomain));
    const deleted: Record<string, number> = {};
    for (const resource of RECONCILED) {
      const exported = await step.run(`export-${resource}`, () => runShopifyStep(() => startIdsExport(admin, resource, shop.scopes)));
      const operation = await waitForBulkOperation(step, { admin, operationId: exported.operationId, stepPrefix: resource });
      if (operation.status !== "COMPLETED") {
        // Deleting on partial knowledge would delete records that exist: skip, say why.
        logger.warn(
          { resource, status: operation.status, errorCode: operation.errorCode },
          "id export did not complete: deletions skipped",
        );
        deleted[resource] = -1;
        continue;
      }
      const result = await step.run(`sweep-${resource}`, () => removeDeletedUpstream(shop.id, resource, operation.url ?? null, exported));
      deleted[resource] = result.deleted;
      logger.info({ resource, deleted: result.deleted }, "records deleted upstream removed");
    }
    return { deleted };
  },
);
