/**
 * wake-webhook-drains: every minute, wakes the drain of every shop with webhook deliveries that
 * have waited over 30 s and are claimable: a wake-up lost with a crashed app process or a refused
 * event send, and failed attempts whose backoff ended (drain-webhooks retries them). Cheap: an
 * index range of the inbox's waiting rows.
 */
import { inngest } from "../client";
import { shopsWithWaitingDeliveries } from "../../src/lib/webhooks/webhook-queries";
import { wakeDrainsNow } from "../../src/lib/webhooks/wake-drain";

const WAITED_MS = 30_000;

export const wakeWebhookDrains = inngest.createFunction(
  {
    id: "wake-webhook-drains",
    name: "Wake drains of waiting webhooks",
    triggers: [{ cron: "* * * * *" }],
    concurrency: { limit: 1 },
    retries: 1,
  },
  async ({ step }) => {
    const shops = await step.run("find-shops", () => shopsWithWaitingDeliveries(WAITED_MS));
    if (shops.length) await step.run("wake", () => wakeDrainsNow(shops));
    return { woken: shops.length };
  },
);
