/**
 * process-webhook: one accepted Shopify webhook, handed to its topic's handler in one step (a
 * burst of thousands stays cheap). Retried on failure; after the last retry the delivery is
 * marked FAILED and its payload kept as a `webhook:<topic>` dead letter for the retry job. A
 * refused token cannot heal by retrying (runShopifyStep). The event id is Shopify's event id, so
 * Inngest runs each delivery once however often Shopify sends it.
 */
import { shopifyWebhookReceived } from "../events";
import { inngest } from "../client";
import { runShopifyStep } from "../steps/run-shopify-step";
import { processWebhookDelivery, recordWebhookFailure } from "../../src/lib/webhooks/process-webhook";

export const processWebhook = inngest.createFunction(
  {
    id: "process-webhook",
    name: "Process a Shopify webhook",
    triggers: [shopifyWebhookReceived],
    // Per shop, so one shop's burst neither starves the others nor exhausts its API bucket.
    concurrency: [{ key: "event.data.shopDomain", limit: 10 }],
    retries: 4,
    onFailure: async ({ event, error, step }) => {
      const delivery = event.data.event.data;
      await step.run("record-failure", () => recordWebhookFailure(delivery, { message: error.message, stack: error.stack }));
    },
  },
  async ({ event, step }) => {
    return step.run("process", () => runShopifyStep(() => processWebhookDelivery(event.data)));
  },
);
