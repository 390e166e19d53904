/**
 * drain-webhooks: applies a shop's webhook inbox (WebhookLog rows the ingress stored RECEIVED) a
 * batch per step, until it is empty (src/lib/webhooks/drain-webhooks.ts). Woken by
 * shopify/webhooks.pending, which carries only the shop. One drain per shop at a time (the
 * concurrency key queues the next wake-up rather than dropping it), so a burst of thousands costs a
 * few runs, not one run per webhook. Failures are per delivery, inside the step (retried with a
 * backoff, then dead-lettered); a step that throws (the database is down) is retried by Inngest and
 * its claims' lease expires for the next drain.
 */
import { shopifyWebhookReceived, shopifyWebhooksPending } from "../events";
import { inngest } from "../client";
import { drainWebhookBatch } from "../../src/lib/webhooks/drain-webhooks";

/** Deliveries per step: one write transaction (a statement per table) and one settle statement. */
const BATCH_SIZE = 500;
/** Steps per run (Inngest caps a run at 1,000): a longer inbox is handed to the next run. */
const MAX_BATCHES = 50;

export const drainWebhooks = inngest.createFunction(
  {
    id: "drain-webhooks",
    name: "Apply a shop's webhook inbox",
    triggers: [shopifyWebhooksPending],
    // One drain per shop (its wake-ups queue behind it), and four in all: a batch is one write
    // transaction (the rare deliveries left to the per-delivery handlers run 4 at a time), within
    // the app's 10-connection Prisma pool.
    concurrency: [{ key: "event.data.shopDomain", limit: 1 }, { limit: 4 }],
    retries: 4,
  },
  async ({ event, step }) => {
    const { shopDomain } = event.data;
    const totals = { claimed: 0, processed: 0, ignored: 0, retrying: 0, failed: 0 };
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const { inventoryUpdate, ...result } = await step.run(`batch-${batch}`, () => drainWebhookBatch(shopDomain, { limit: BATCH_SIZE }));
      for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += result[key];
      // The channels' push (schedule-channel-pushes, debounced per shop) follows stored levels.
      if (inventoryUpdate)
        await step.sendEvent(
          `inventory-updated-${batch}`,
          shopifyWebhookReceived.create({ shopDomain, topic: "inventory_levels/update", ...inventoryUpdate }),
        );
      if (result.claimed < BATCH_SIZE) return totals;
    }
    await step.sendEvent("continue", shopifyWebhooksPending.create({ shopDomain }));
    return totals;
  },
);
