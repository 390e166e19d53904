/**
 * Every event ShopSync sends or handles, with its zod schema, in one file. The SDK validates event
 * data against these schemas, and functions read typed `event.data`. The SDK requires a schema's
 * input and output types to match, so no defaults or transforms here: senders fill every field.
 * Names follow `domain/noun.verb`.
 */
import { eventType, invoke } from "inngest";
import { z } from "zod";
import { MARKETPLACE_KINDS } from "../src/lib/channels/channel";
import { notificationFactsSchema, notificationKindSchema } from "../src/lib/notifications/kinds";
import { SYNC_RESOURCES, SYNC_STAGES } from "../src/lib/sync/resources";

export const syncResourceSchema = z.enum(SYNC_RESOURCES);
/** A sync asks for stages: the resources and platform_push. */
export const syncStageSchema = z.enum(SYNC_STAGES);

const shopRef = {
  shopId: z.string().min(1),
  shopDomain: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/),
};

/** A sync of one shop was asked for (install, manual, cron or CLI). */
export const shopSyncRequested = eventType("shop/sync.requested", {
  schema: z.object({
    ...shopRef,
    syncRunId: z.string().min(1),
    kind: z.enum(["FULL", "INCREMENTAL"]),
    trigger: z.enum(["install", "manual", "cron", "webhook"]),
    resources: z.array(syncStageSchema).min(1),
    dryRun: z.boolean(),
    /** Start even if a sync of the shop is running: that sync run is cancelled (replaced). */
    force: z.boolean(),
  }),
});

/**
 * One stage of a sync run, invoked by sync-shop with `step.invoke` (sync-resource): the plan the
 * orchestrator made for the resource.
 */
export const syncResourceInvoked = invoke(
  z.object({
    ...shopRef,
    syncRunId: z.string().min(1),
    /** The sync's kind (tags the stage's error reports); absent in invocations made before it was added. */
    kind: z.enum(["FULL", "INCREMENTAL"]).optional(),
    plan: z.object({
      resource: syncResourceSchema,
      strategy: z.enum(["paginate", "bulk"]),
      total: z.number().int().nonnegative(),
      passes: z.array(z.string().nullable()),
      levelsSince: z.string().optional(),
    }),
  }),
);

/** The merchant uninstalled the app: cancels running syncs for the shop. */
export const shopAppUninstalled = eventType("shop/app.uninstalled", {
  schema: z.object({ ...shopRef }),
});

/**
 * A shop has webhook deliveries waiting in its inbox (WebhookLog, RECEIVED): wakes its drain
 * (drain-webhooks). Carries nothing but the shop: the deliveries are read from the inbox.
 */
export const shopifyWebhooksPending = eventType("shopify/webhooks.pending", {
  schema: z.object({ shopDomain: shopRef.shopDomain }),
});

/**
 * A Shopify webhook delivery was applied (sent by the drain, for inventory_levels/update only: the
 * channels' push follows it). Ids only, never the payload.
 */
export const shopifyWebhookReceived = eventType("shopify/webhook.received", {
  schema: z.object({
    shopDomain: shopRef.shopDomain,
    topic: z.string().min(1),
    eventId: z.string().min(1),
    webhookId: z.string().min(1),
    triggeredAt: z.string().optional(),
    /**
     * Only in events sent before payloads moved to WebhookLog: the body stays in the delivery's
     * row (a payload of up to 1 MiB would exceed Inngest's 256 KiB event limit).
     */
    payload: z.record(z.string(), z.unknown()).optional(),
  }),
});

/** Shopify's bulk_operations/finish webhook: wakes the sync step that waits for this job. */
export const shopifyBulkOperationFinished = eventType("shopify/bulk-operation.finished", {
  schema: z.object({
    shopDomain: shopRef.shopDomain,
    bulkOperationId: z.string().min(1),
    status: z.string().min(1),
  }),
});

/** Run the daily refresh now for every installed shop (the cron does this at 02:00). */
export const refreshRequested = eventType("app/refresh.requested", {
  schema: z.object({ reason: z.string().min(1) }),
});

/** Run the daily reconciliation now for every installed shop (the cron does this at 03:00). */
export const reconcileRequested = eventType("app/reconcile.requested", {
  schema: z.object({ reason: z.string().min(1) }),
});

/** Run the dead-letter retry (and the threshold check) now; the cron does it every 5 minutes. */
export const deadLettersRetryRequested = eventType("app/dead-letters.retry-requested", {
  schema: z.object({ reason: z.string().min(1) }),
});

/** Reconcile one shop: compare its copy with Shopify's ids, report, and heal both ways. */
export const shopReconcileRequested = eventType("shop/reconcile.requested", {
  schema: z.object({
    ...shopRef,
    /** Names the pass's report lines (`npm run reconcile` waits for them); default: the run's id. */
    passId: z.string().min(1).optional(),
  }),
});

/** A marketplace's notification was verified and recorded (event id: the platform's message id). */
export const channelWebhookReceived = eventType("channel/webhook.received", {
  schema: z.object({
    kind: z.enum(MARKETPLACE_KINDS),
    messageId: z.string().min(1),
  }),
});

/** Read a marketplace channel's published listings back (conflicts, statuses); sent per channel by the schedule. */
export const channelReadBackRequested = eventType("channel/read-back.requested", {
  schema: z.object({ channelId: z.string().min(1) }),
});

/** Publish a marketplace channel's listings whose version is ahead of what was published (sent by the outbox relay). */
export const channelPublishRequested = eventType("channel/publish.requested", {
  schema: z.object({
    shopId: z.string().min(1),
    channelId: z.string().min(1),
    /** The outbox message that asked for it (its idempotency key is the event id). */
    outboxId: z.string().min(1),
  }),
});

/** Push a channel's pending quantities now (connected, manual, after inventory webhooks, daily verify). */
export const channelPushRequested = eventType("channel/push.requested", {
  schema: z.object({
    shopId: z.string().min(1),
    channelId: z.string().min(1),
    reason: z.enum(["connected", "manual", "webhook", "verify", "sync"]),
    /** List the channel's SKUs first: auto-maps new ones and takes what the channel shows as acknowledged (corrects drift). */
    refreshListings: z.boolean(),
  }),
});

/**
 * Tell the shop's people something (email and Slack, per its settings). `requestedAt` (ISO) fixes
 * the throttle window: one message per kind per shop per window, the rest folded into a digest.
 */
export const shopNotificationRequested = eventType("shop/notification.requested", {
  schema: z.object({
    shopId: z.string().min(1),
    kind: notificationKindSchema,
    facts: notificationFactsSchema,
    requestedAt: z.string().min(1),
  }),
});

/** A throttle window with folded notifications closes at windowStart + the window: send its digest. */
export const shopNotificationDigestDue = eventType("shop/notification.digest-due", {
  schema: z.object({ shopId: z.string().min(1), kind: notificationKindSchema, windowStart: z.string().min(1) }),
});
