/**
 * sync-resource: one stage of a sync run (one resource), invoked by sync-shop with `step.invoke`.
 * Its own run, so its own 1,000-step budget and its own retries, and a stage shows as a run of its
 * own in the Inngest dashboard.
 *
 * Every step returns only cursors, counts and ids; the records go straight from Shopify to Postgres
 * inside the step, and each chunk commits with the stage's new cursor, so a step retried after a
 * crash resumes exactly where the last commit left off.
 *
 * Cancelled with its sync: on app/uninstalled, and when a newer sync of the shop replaces the one
 * that invoked it (sync-shop's singleton cancels the parent; Inngest does not cancel the child).
 */
import { NonRetriableError, type GetStepTools } from "inngest";
import { inngest } from "../client";
import { shopAppUninstalled, shopSyncRequested, syncResourceInvoked } from "../events";
import { runShopifyStep } from "../steps/run-shopify-step";
import { waitForBulkOperation } from "../steps/wait-for-bulk-operation";
import { adminClientFor } from "../../src/lib/shopify/shop-tokens";
import type { ShopifyAdmin } from "../../src/lib/shopify/admin-client";
import { finishBulkPass, ingestBulkFile, startBulkExport } from "../../src/lib/sync/bulk-sync";
import { syncChangedInventoryLevels } from "../../src/lib/sync/inventory-level-changes";
import { syncLocations } from "../../src/lib/sync/locations-sync";
import { syncPages } from "../../src/lib/sync/paginated-sync";
import type { ResourcePlan } from "../../src/lib/sync/plan-sync";
import { RESOURCES } from "../../src/lib/sync/resources";
import { continueWithoutProtectedData, finishStage, startStage } from "../../src/lib/sync/sync-runs";

/** Exports that fail without bringing anything new, in a row, before the stage gives up. */
const MAX_STALLED_EXPORTS = 3;

interface StageContext {
  step: GetStepTools<typeof inngest>;
  admin: ShopifyAdmin;
  shopId: string;
  syncRunId: string;
  plan: ResourcePlan;
}

export const syncResource = inngest.createFunction(
  {
    id: "sync-resource",
    name: "Sync one resource of a shop",
    triggers: [syncResourceInvoked],
    cancelOn: [
      { event: shopAppUninstalled.name, match: "data.shopId" },
      { event: shopSyncRequested.name, if: "event.data.shopId == async.data.shopId && event.data.syncRunId != async.data.syncRunId" },
    ],
    retries: 5,
  },
  async ({ event, step }) => {
    const { shopId, shopDomain, syncRunId, plan } = event.data;
    const context: StageContext = { step, admin: adminClientFor(shopDomain, { syncRunId }), shopId, syncRunId, plan };
    const source = RESOURCES[plan.resource];

    await step.run("stage-start", () => startStage(syncRunId, plan.resource));
    if (source.syncLocationsFirst) {
      await step.run("locations", () => runShopifyStep(() => syncLocations(context.admin, shopId, syncRunId)));
    }
    const denied = plan.strategy === "bulk" ? await runBulk(context) : await runPaginated(context);
    if (denied) {
      // Shopify withholds protected data (customers' personal data) from apps not approved for
      // it: the stage is skipped with the reason, and the other stages complete.
      await step.run("stage-skip", () =>
        finishStage(syncRunId, plan.resource, { status: "SKIPPED", error: `Shopify denied access: ${denied}` }),
      );
      return { resource: plan.resource, status: "SKIPPED" as const };
    }
    if (plan.levelsSince) await runChangedLevels(context, plan.levelsSince);
    await step.run("stage-complete", () => finishStage(syncRunId, plan.resource, { status: "COMPLETED" }));
    return { resource: plan.resource, status: "COMPLETED" as const };
  },
);

/** Pages until the stage is done; returns the reason when Shopify denied access to the data. */
async function runPaginated({ step, admin, shopId, syncRunId, plan }: StageContext): Promise<string | undefined> {
  for (let i = 0; ; i++) {
    const result = await step.run(`pages-${i}`, () =>
      runShopifyStep(() => syncPages({ admin, shopId, runId: syncRunId, config: RESOURCES[plan.resource], passes: plan.passes }), {
        deniedIsAnswer: true,
      }),
    );
    if ("denied" in result) return result.denied;
    if (result.ok.done) return undefined;
  }
}

/** Inventory levels whose quantities changed in the window (their items did not): location by location. */
async function runChangedLevels({ step, admin, shopId, syncRunId }: StageContext, since: string): Promise<void> {
  for (let i = 0; ; i++) {
    const result = await step.run(`inventory-levels-changed-${i}`, () =>
      runShopifyStep(() => syncChangedInventoryLevels({ admin, shopId, runId: syncRunId, since })),
    );
    if (result.done) return;
  }
}

/** Exports and ingests each pass; returns the reason when Shopify denied access to the data. */
async function runBulk({ step, admin, shopId, syncRunId, plan }: StageContext): Promise<string | undefined> {
  const config = RESOURCES[plan.resource];
  for (let pass = 0; pass < plan.passes.length; pass++) {
    // A failed export resumes after the last record its partial file held; only exports that
    // fail without bringing anything new count towards giving up.
    let stalled = 0;
    let resumeAfter = 0;
    for (let round = 0; ; round++) {
      // Idempotent: returns the export already started for this pass (kept on the stage).
      const started = await step.run(`bulk-export-${pass}-${round}`, () =>
        runShopifyStep(() => startBulkExport(admin, syncRunId, config, plan.passes), { deniedIsAnswer: true }),
      );
      if ("denied" in started) return started.denied;
      const operationId = started.ok;
      if (!operationId) return undefined;
      const operation = await waitForBulkOperation(step, { admin, operationId, stepPrefix: `bulk-${operationId}`, syncRunId });
      if (operation.errorCode === "ACCESS_DENIED") {
        const fallback = config.withoutProtectedData;
        if (!fallback) return `the bulk export of ${plan.resource} was denied access`;
        await step.run(`bulk-without-protected-data-${operationId}`, () =>
          continueWithoutProtectedData(syncRunId, plan.resource, fallback.note),
        );
        continue;
      }
      const file = operation.status === "COMPLETED" ? operation.url : operation.partialDataUrl;
      let progressed = false;
      for (let chunk = 0; file; chunk++) {
        const result = await step.run(`bulk-ingest-${operationId}-${chunk}`, () =>
          ingestBulkFile({ shopId, runId: syncRunId, config, url: file }),
        );
        progressed ||= result.records > 0 || (result.resumeAfterId ?? 0) > resumeAfter;
        resumeAfter = Math.max(resumeAfter, result.resumeAfterId ?? 0);
        if (result.done) break;
      }
      if (operation.status === "COMPLETED") {
        await step.run(`bulk-finish-${operationId}`, () => finishBulkPass(syncRunId, plan.resource, operationId, "completed"));
        break;
      }
      stalled = progressed ? 0 : stalled + 1;
      if (stalled >= MAX_STALLED_EXPORTS) {
        // Replaying the function would only repeat the same exports: fail the stage now.
        throw new NonRetriableError(
          `bulk export of ${plan.resource} ended ${operation.status} (${operation.errorCode ?? "no error code"}) ${MAX_STALLED_EXPORTS} times without progress`,
        );
      }
      await step.run(`bulk-resume-${operationId}`, () => finishBulkPass(syncRunId, plan.resource, operationId, "failed-partial"));
    }
  }
  return undefined;
}
