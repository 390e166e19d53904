/**
 * Counters that exist only in this process (events the database does not record, such as Shopify
 * answering THROTTLED). Kept on globalThis so every route bundle of the Next server, the Inngest
 * route that runs the functions included, increments the same counter the metrics route reads.
 */
import { Counter, Registry } from "prom-client";

interface ProcessMetrics {
  registry: Registry;
  shopifyThrottled: Counter<"shop">;
}

const holder = globalThis as unknown as { shopsyncProcessMetrics?: ProcessMetrics };

function createProcessMetrics(): ProcessMetrics {
  const registry = new Registry();
  const shopifyThrottled = new Counter({
    name: "shopsync_shopify_throttled_requests_total",
    help: "Shopify Admin API requests answered THROTTLED or HTTP 429, counted by this process since it started",
    labelNames: ["shop"] as const,
    registers: [registry],
  });
  return { registry, shopifyThrottled };
}

export function processMetrics(): ProcessMetrics {
  holder.shopsyncProcessMetrics ??= createProcessMetrics();
  return holder.shopsyncProcessMetrics;
}

export function recordShopifyThrottled(shop: string): void {
  processMetrics().shopifyThrottled.inc({ shop });
}
