/**
 * reconcile-shop: the daily reconciliation of one shop. Per reconciled table, one id-only bulk
 * export (one at a time: a sync may be using the shop's other bulk slots; completion from the
 * bulk_operations/finish webhook, a backing-off poll as the fallback, wait-for-bulk-operation.ts),
 * then the id diff recorded as the pass's report line, extra rows removed and missing records
 * fetched by id (src/lib/reconciliation). A pass with a critical line asks for a
 * `reconciliation_critical` notification (sent by notify-shop, never from here).
 */
import { inngest } from "../client";
import { shopAppUninstalled, shopNotificationRequested, shopReconcileRequested } from "../events";
import { runShopifyStep } from "../steps/run-shopify-step";
import { waitForBulkOperation } from "../steps/wait-for-bulk-operation";
import { env } from "../../src/lib/env";
import { reconcileResource, recordNotCompared, type ResourceOutcome } from "../../src/lib/reconciliation/reconcile-resource";
import { adminClientFor } from "../../src/lib/shopify/shop-tokens";
import { findInstalledShop } from "../../src/lib/shops/shop-queries";
import { RECONCILED, startIdsExport } from "../../src/lib/sync/reconcile-deletions";

export const reconcileShop = inngest.createFunction(
  {
    id: "reconcile-shop",
    name: "Reconcile a shop with Shopify",
    triggers: [shopReconcileRequested],
    singleton: { key: "event.data.shopId", mode: "skip" },
    cancelOn: [{ event: shopAppUninstalled.name, match: "data.shopId" }],
    retries: 3,
  },
  async ({ event, step, logger, runId }) => {
    const { shopDomain } = event.data;
    const passId = event.data.passId ?? runId;
    const admin = adminClientFor(shopDomain);
    const shop = await step.run("shop", () => findInstalledShop(shopDomain));
    const outcomes: Partial<Record<string, ResourceOutcome>> = {};
    let passStartedAt: string | undefined;
    for (const resource of RECONCILED) {
      const exported = await step.run(`export-${resource}`, () => runShopifyStep(() => startIdsExport(admin, resource, shop.scopes)));
      passStartedAt ??= exported.startedAt;
      const operation = await waitForBulkOperation(step, { admin, operationId: exported.operationId, stepPrefix: resource });
      if (operation.status !== "COMPLETED") {
        // Comparing with partial knowledge would delete records that exist: skip, and say why.
        const reason = `Shopify's id export ended ${operation.status}${operation.errorCode ? ` (${operation.errorCode})` : ""}: not compared`;
        logger.warn({ resource, status: operation.status, errorCode: operation.errorCode }, "id export did not complete: not compared");
        outcomes[resource] = await step.run(`not-compared-${resource}`, () =>
          recordNotCompared({ shopId: shop.id, passId, resource, startedAt: exported.startedAt, reason }),
        );
        continue;
      }
      const outcome = await step.run(`reconcile-${resource}`, () =>
        runShopifyStep(() => reconcileResource({ admin, shopId: shop.id, passId, resource, url: operation.url ?? null, exported })),
      );
      outcomes[resource] = outcome;
      logger.info({ resource, ...outcome }, "resource reconciled");
    }
    const critical = Object.entries(outcomes).filter(([, outcome]) => outcome?.status === "CRITICAL");
    if (critical.length && passStartedAt) {
      await step.sendEvent(
        "request-notification",
        shopNotificationRequested.create({
          shopId: shop.id,
          kind: "reconciliation_critical",
          requestedAt: passStartedAt,
          facts: {
            critical: critical
              .map(([resource, outcome]) => `${resource} (${outcome!.missing} missing, ${outcome!.extra} extra)`)
              .join(", "),
            healed: critical.reduce((sum, [, outcome]) => sum + outcome!.healed, 0),
            removed: critical.reduce((sum, [, outcome]) => sum + outcome!.removed, 0),
            reportUrl: `${env().APP_URL}/dashboard/reconciliation`,
          },
        }),
      );
    }
    return { passId, outcomes };
  },
);
