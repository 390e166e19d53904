/**
 * sync-shop: copies a shop's products, orders, customers and inventory into Postgres, durably.
 *
 * One run per shop at a time (singleton keyed by shop: a concurrency limit would count steps, not
 * runs; a forced sync replaces the running one), cancelled when the app is uninstalled, retried on
 * failure. Every step returns only
 * cursors, counts and ids; the records themselves go straight from Shopify to Postgres inside the
 * step, and each chunk commits with the stage's new cursor, so a step retried after a crash
 * resumes exactly where the last commit left off.
 *
 * Per resource, the plan step picks cursor pagination (small) or a bulk export (large). Bulk
 * exports of all resources start together (API 2026-01+ allows five per shop), so Shopify builds
 * them while earlier stages ingest. Completion arrives as the bulk_operations/finish webhook; a
 * poll every 30 s is the fallback.
 */
import { NonRetriableError } from "inngest";
import { shopifyBulkOperationFinished, shopSyncRequested, type SYNC_RESOURCES } from "../events";
import { inngest } from "../client";
import { failFastOnAuth } from "../step-errors";
import { env } from "../../src/lib/env";
import { adminClientFor } from "../../src/lib/shopify/shop-tokens";
import { ensureWebhookSubscriptions } from "../../src/lib/shopify/webhook-subscriptions";
import { ShopifyAccessDeniedError } from "../../src/lib/shopify/shopify-errors";
import { findInstalledShop } from "../../src/lib/shops/shop-queries";
import { finishBulkPass, getBulkOperation, ingestBulkFile, isFinished, startBulkExport } from "../../src/lib/sync/bulk-sync";
import { syncChangedInventoryLevels } from "../../src/lib/sync/inventory-level-changes";
import { syncLocations } from "../../src/lib/sync/locations-sync";
import { syncPages } from "../../src/lib/sync/paginated-sync";
import { recordDryRunStage } from "../../src/lib/sync/dry-run";
import { planSync, type ResourcePlan } from "../../src/lib/sync/plan-sync";
import { RESOURCES } from "../../src/lib/sync/resources";
import { recentOrdersSince, incrementalWindows } from "../../src/lib/sync/sync-windows";
import {
  completeSyncRun,
  continueWithoutProtectedData,
  failSyncRun,
  finishStage,
  markSyncRunStarted,
  setStageTotal,
  startStage,
  type SyncResourceName,
} from "../../src/lib/sync/sync-runs";

const MAX_STALLED_EXPORTS = 3;

type Guarded<T> = { ok: T } | { denied: string };

/**
 * Runs a step's Shopify work: a refused token fails fast (NonRetriableError); ACCESS_DENIED on
 * protected data is an answer, not an error, so the step returns it instead of being retried.
 */
const guarded = <T>(work: () => Promise<T>): Promise<Guarded<T>> =>
  failFastOnAuth(async () => {
    try {
      return { ok: await work() };
    } catch (error) {
      if (error instanceof ShopifyAccessDeniedError) return { denied: error.message };
      throw error;
    }
  });
const STAGE_ORDER: (typeof SYNC_RESOURCES)[number][] = ["products", "orders", "customers", "inventory"];

export const syncShop = inngest.createFunction(
  {
    id: "sync-shop",
    name: "Sync a shop",
    triggers: [shopSyncRequested],
    // One run per shop. createSyncRun only sends an event when no run is active, so a second
    // event means a forced sync (or a dead run's replacement): it cancels the running one.
    singleton: { key: "event.data.shopId", mode: "cancel" },
    cancelOn: [{ event: "shop/app.uninstalled", match: "data.shopId" }],
    retries: 5,
    onFailure: async ({ event, error, step }) => {
      const original = event.data.event.data as { syncRunId: string };
      await step.run("record-failure", () => failSyncRun(original.syncRunId, error.message));
    },
  },
  async ({ event, step, runId }) => {
    const { shopDomain, syncRunId, kind, resources, dryRun } = event.data;
    const admin = adminClientFor(shopDomain);
    const wanted = STAGE_ORDER.filter((resource) => resources.includes(resource));

    await step.run("mark-started", () => markSyncRunStarted(syncRunId, runId));

    const plans = await step.run("plan", () =>
      failFastOnAuth(async () => {
        const shop = await findInstalledShop(shopDomain);
        const plans = await planSync(admin, {
          resources: wanted,
          windows: kind === "INCREMENTAL" ? await incrementalWindows(shop.id, wanted) : undefined,
          recentSince: recentOrdersSince(new Date()),
          hasReadAllOrders: shop.scopes.includes("read_all_orders"),
          strategy: env().SYNC_STRATEGY,
        });
        for (const plan of plans) await setStageTotal(syncRunId, plan.resource, plan.total);
        return { shopId: shop.id, plans };
      }),
    );
    const { shopId } = plans;

    if (event.data.trigger === "cron") {
      // Shopify deletes a subscription after 8 failed deliveries in a row: the daily refresh puts
      // back any that went missing, so webhooks resume after an outage.
      await step.run("ensure-webhook-subscriptions", () => failFastOnAuth(() => ensureWebhookSubscriptions(admin)));
    }

    if (dryRun) {
      // A dry run reports what a sync would fetch (the stage totals) and its estimated API cost
      // (src/lib/sync/dry-run.ts), and writes no records.
      const estimates = [];
      for (const plan of plans.plans) {
        const estimate = await step.run(`dry-run-${plan.resource}`, () => failFastOnAuth(() => recordDryRunStage(admin, syncRunId, plan)));
        estimates.push({ resource: plan.resource, strategy: plan.strategy, total: plan.total, ...estimate });
      }
      await step.run("complete", () => completeSyncRun(syncRunId));
      return { dryRun: true, stages: estimates };
    }

    // Start every bulk export up front: Shopify runs them while earlier stages ingest.
    const bulkPlans = plans.plans.filter((plan) => plan.strategy === "bulk");
    await Promise.all(
      bulkPlans.map((plan) =>
        step.run(`bulk-start-${plan.resource}`, () =>
          guarded(() => startBulkExport(admin, syncRunId, RESOURCES[plan.resource], plan.passes)),
        ),
      ),
    );

    /** Returns the reason when Shopify denied access to the resource's data. */
    const runPaginated = async (plan: ResourcePlan): Promise<string | undefined> => {
      for (let i = 0; ; i++) {
        const result = await step.run(`pages-${plan.resource}-${i}`, () =>
          guarded(() => syncPages({ admin, shopId, runId: syncRunId, config: RESOURCES[plan.resource], passes: plan.passes })),
        );
        if ("denied" in result) return result.denied;
        if (result.ok.done) return undefined;
      }
    };

    const runBulk = async (plan: ResourcePlan): Promise<string | undefined> => {
      const config = RESOURCES[plan.resource];
      for (let pass = 0; pass < plan.passes.length; pass++) {
        // A failed export resumes after the last record its partial file held; only exports that
        // fail without bringing anything new count towards giving up.
        let stalled = 0;
        let resumeAfter = 0;
        for (let round = 0; ; round++) {
          // Idempotent: returns the export already started for this pass (kept on the stage).
          const started = await step.run(`bulk-export-${plan.resource}-${pass}-${round}`, () =>
            guarded(() => startBulkExport(admin, syncRunId, config, plan.passes)),
          );
          if ("denied" in started) return started.denied;
          const operationId = started.ok;
          if (!operationId) return undefined;
          let operation = await step.run(`bulk-poll-${operationId}-0`, () =>
            failFastOnAuth(() => getBulkOperation(admin, operationId, syncRunId)),
          );
          for (let poll = 1; !isFinished(operation.status); poll++) {
            await step.waitForEvent(`bulk-wait-${operationId}-${poll}`, {
              event: shopifyBulkOperationFinished,
              timeout: "30s",
              if: `async.data.bulkOperationId == ${JSON.stringify(operationId)}`,
            });
            operation = await step.run(`bulk-poll-${operationId}-${poll}`, () =>
              failFastOnAuth(() => getBulkOperation(admin, operationId, syncRunId)),
            );
          }
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
            await step.run(`bulk-finish-${operationId}`, () => finishBulkPass(syncRunId, plan.resource, "completed"));
            break;
          }
          stalled = progressed ? 0 : stalled + 1;
          if (stalled >= MAX_STALLED_EXPORTS) {
            // Replaying the function would only repeat the same exports: fail the run now.
            throw new NonRetriableError(
              `bulk export of ${plan.resource} ended ${operation.status} (${operation.errorCode ?? "no error code"}) ${MAX_STALLED_EXPORTS} times without progress`,
            );
          }
          await step.run(`bulk-resume-${operationId}`, () => finishBulkPass(syncRunId, plan.resource, "failed-partial"));
        }
      }
      return undefined;
    };

    /** Inventory levels whose quantities changed in the window (their items did not): location by location. */
    const runChangedLevels = async (since: string): Promise<void> => {
      for (let i = 0; ; i++) {
        const result = await step.run(`inventory-levels-changed-${i}`, () =>
          failFastOnAuth(() => syncChangedInventoryLevels({ admin, shopId, runId: syncRunId, since })),
        );
        if (result.done) return;
      }
    };

    for (const plan of plans.plans) {
      const resource: SyncResourceName = plan.resource;
      await step.run(`stage-start-${resource}`, () => startStage(syncRunId, resource));
      if (resource === "inventory") await step.run("locations", () => failFastOnAuth(() => syncLocations(admin, shopId, syncRunId)));
      const denied = plan.strategy === "bulk" ? await runBulk(plan) : await runPaginated(plan);
      if (denied) {
        // Shopify withholds protected data (customers' personal data) from apps not approved for
        // it: the stage is skipped with the reason, and the other stages complete.
        await step.run(`stage-skip-${resource}`, () =>
          finishStage(syncRunId, resource, { status: "SKIPPED", error: `Shopify denied access: ${denied}` }),
        );
        continue;
      }
      if (plan.levelsSince) await runChangedLevels(plan.levelsSince);
      await step.run(`stage-complete-${resource}`, () => finishStage(syncRunId, resource, { status: "COMPLETED" }));
    }

    await step.run("complete", () => completeSyncRun(syncRunId));
    return { syncRunId, stages: plans.plans.map((plan) => ({ resource: plan.resource, strategy: plan.strategy, total: plan.total })) };
  },
);
