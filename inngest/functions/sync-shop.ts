/**
 * sync-shop: copies a shop's records into Postgres, durably. It reads as the plan it executes:
 * mark the run started, plan (count each resource, pick pagination or a bulk export), start every
 * bulk export, then one stage per resource, each its own function run (sync-resource, through
 * `step.invoke`: its own step budget and retries), then complete.
 *
 * One run per shop at a time (singleton keyed by shop: a concurrency limit would count steps, not
 * runs; a forced sync replaces the running one), cancelled when the app is uninstalled, retried on
 * failure. Bulk exports of all resources start together (API 2026-01+ allows five per shop), so
 * Shopify builds them while earlier stages ingest. After inventory, the platform_push stage sends
 * one push-channel run per connected channel (src/lib/channels/platform-push-stage.ts).
 */
import { NonRetriableError } from "inngest";
import { inngest } from "../client";
import { channelPushRequested, shopAppUninstalled, shopNotificationRequested, shopSyncRequested } from "../events";
import { runShopifyStep } from "../steps/run-shopify-step";
import { syncResource } from "./sync-resource";
import { recordPlatformPushDryRun, startPlatformPushStage } from "../../src/lib/channels/platform-push-stage";
import { env } from "../../src/lib/env";
import { adminClientFor } from "../../src/lib/shopify/shop-tokens";
import { ensureWebhookSubscriptions } from "../../src/lib/shopify/webhook-subscriptions";
import { findInstalledShop } from "../../src/lib/shops/shop-queries";
import { startBulkExport } from "../../src/lib/sync/bulk-sync";
import { recordDryRunStage } from "../../src/lib/sync/dry-run";
import { planSync } from "../../src/lib/sync/plan-sync";
import { PLATFORM_PUSH, RESOURCES, SYNC_RESOURCES } from "../../src/lib/sync/resources";
import { recentOrdersSince, incrementalWindows } from "../../src/lib/sync/sync-windows";
import { completeSyncRun, failSyncRun, markSyncRunStarted, setStageTotal } from "../../src/lib/sync/sync-runs";

export const syncShop = inngest.createFunction(
  {
    id: "sync-shop",
    name: "Sync a shop",
    triggers: [shopSyncRequested],
    // One run per shop. createSyncRun only sends an event when no run is active, so a second
    // event means a forced sync (or a dead run's replacement): it cancels the running one.
    singleton: { key: "event.data.shopId", mode: "cancel" },
    cancelOn: [{ event: shopAppUninstalled.name, match: "data.shopId" }],
    retries: 5,
    onFailure: async ({ event, error, step }) => {
      await step.run("record-failure", () => failSyncRun(event.data.event.data.syncRunId, error.message));
    },
  },
  async ({ event, step, runId }) => {
    const { shopId, shopDomain, syncRunId, kind, resources, dryRun } = event.data;
    const admin = adminClientFor(shopDomain, { syncRunId });
    const pushesToChannels = resources.includes(PLATFORM_PUSH);

    await step.run("mark-started", () => markSyncRunStarted(syncRunId, runId));

    const { plans } = await step.run("plan", () =>
      runShopifyStep(async () => {
        const shop = await findInstalledShop(shopDomain);
        const wanted = SYNC_RESOURCES.filter((resource) => resources.includes(resource));
        if (wanted.length === 0) return { plans: [] };
        const plans = await planSync(admin, {
          resources: wanted,
          windows: kind === "INCREMENTAL" ? await incrementalWindows(shop.id, wanted) : undefined,
          recentSince: recentOrdersSince(new Date()),
          hasReadAllOrders: shop.scopes.includes("read_all_orders"),
          strategy: env().SYNC_STRATEGY,
        });
        for (const plan of plans) await setStageTotal(syncRunId, plan.resource, plan.total);
        return { plans };
      }),
    );

    if (event.data.trigger === "cron") {
      // Shopify deletes a subscription after 8 failed deliveries in a row: the daily refresh puts
      // back any that went missing, so webhooks resume after an outage.
      const recreated = await step.run("ensure-webhook-subscriptions", () => runShopifyStep(() => ensureWebhookSubscriptions(admin)));
      if (recreated.length)
        await step.sendEvent(
          "notify-webhooks-recreated",
          shopNotificationRequested.create({
            shopId,
            kind: "webhooks_recreated",
            requestedAt: new Date().toISOString(),
            facts: { topics: recreated.join(", "), recreated: recreated.length },
          }),
        );
    }

    if (dryRun) {
      // A dry run reports what a sync would fetch (the stage totals) and its estimated API cost
      // (src/lib/sync/dry-run.ts), and writes no records.
      const estimates = [];
      for (const plan of plans) {
        const estimate = await step.run(`dry-run-${plan.resource}`, () => runShopifyStep(() => recordDryRunStage(admin, syncRunId, plan)));
        estimates.push({ resource: plan.resource, strategy: plan.strategy, total: plan.total, ...estimate });
      }
      if (pushesToChannels) await step.run(`dry-run-${PLATFORM_PUSH}`, () => recordPlatformPushDryRun(shopId, syncRunId));
      await step.run("complete", () => completeSyncRun(syncRunId));
      return { dryRun: true, stages: estimates };
    }

    // Start every bulk export up front: Shopify runs them while earlier stages ingest. A denied
    // export is not an error here: its stage finds out and is skipped.
    await Promise.all(
      plans
        .filter((plan) => plan.strategy === "bulk")
        .map((plan) =>
          step.run(`bulk-start-${plan.resource}`, () =>
            runShopifyStep(() => startBulkExport(admin, syncRunId, RESOURCES[plan.resource], plan.passes), { deniedIsAnswer: true }),
          ),
        ),
    );

    for (const plan of plans) {
      try {
        await step.invoke(`stage-${plan.resource}`, { function: syncResource, data: { shopId, shopDomain, syncRunId, kind, plan } });
      } catch (error) {
        // The stage already spent its own retries: replaying this run would only repeat it.
        throw new NonRetriableError(`stage ${plan.resource}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }

    if (pushesToChannels) {
      const queued = await step.run(`stage-${PLATFORM_PUSH}`, () => startPlatformPushStage(shopId, syncRunId));
      if (queued.length)
        await step.sendEvent(
          "push-channels",
          queued.map((push) => channelPushRequested.create({ shopId, channelId: push.channelId, reason: "sync", refreshListings: false })),
        );
    }

    await step.run("complete", () => completeSyncRun(syncRunId));
    return { syncRunId, stages: plans.map((plan) => ({ resource: plan.resource, strategy: plan.strategy, total: plan.total })) };
  },
);
