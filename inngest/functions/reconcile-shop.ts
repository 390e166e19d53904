/**
 * reconcile-shop: removes the shop's records that Shopify no longer has. One id-only bulk export
 * per resource, one at a time (a sync may be using the shop's other bulk slots); completion from
 * the bulk_operations/finish webhook with a poll every 30 s as the fallback.
 */
import { inngest } from "../client";
import { shopifyBulkOperationFinished, shopReconcileRequested } from "../events";
import { failFastOnAuth } from "../step-errors";
import { adminClientFor } from "../../src/lib/shopify/shop-tokens";
import { findInstalledShop } from "../../src/lib/shops/shop-queries";
import { getBulkOperation, isFinished } from "../../src/lib/sync/bulk-sync";
import { RECONCILED, removeDeletedUpstream, startIdsExport } from "../../src/lib/sync/reconcile-deletions";

export const reconcileShop = inngest.createFunction(
  {
    id: "reconcile-shop",
    name: "Remove records deleted upstream",
    triggers: [shopReconcileRequested],
    singleton: { key: "event.data.shopId", mode: "skip" },
    cancelOn: [{ event: "shop/app.uninstalled", match: "data.shopId" }],
    retries: 3,
  },
  async ({ event, step, logger }) => {
    const { shopDomain } = event.data;
    const admin = adminClientFor(shopDomain);
    const shop = await step.run("shop", () => findInstalledShop(shopDomain));
    const deleted: Record<string, number> = {};
    for (const resource of RECONCILED) {
      const exported = await step.run(`export-${resource}`, () => failFastOnAuth(() => startIdsExport(admin, resource, shop.scopes)));
      let operation = await step.run(`poll-${resource}-0`, () => failFastOnAuth(() => getBulkOperation(admin, exported.operationId)));
      for (let poll = 1; !isFinished(operation.status); poll++) {
        await step.waitForEvent(`wait-${resource}-${poll}`, {
          event: shopifyBulkOperationFinished,
          timeout: "30s",
          if: `async.data.bulkOperationId == ${JSON.stringify(exported.operationId)}`,
        });
        operation = await step.run(`poll-${resource}-${poll}`, () => failFastOnAuth(() => getBulkOperation(admin, exported.operationId)));
      }
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
