/**
 * Low-stock alerts (issue 14, item 9) over real HTTP: a product's threshold
 * (PUT /api/products/{id}/low-stock); when a publish leaves the product's listing on a channel at or
 * below it, the shop is told once through the notifications (Slack sink here), naming the product,
 * the channel, the stock and the threshold; a later publish still low tells nothing new; a seller's
 * sale on the channel read back below the threshold alerts a product that was above it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSlackSink, type SlackSink } from "../../dev/slack-sink/server";
import { startMarketplaceStack, type MarketplaceStack } from "./helpers/marketplace-stack";
import { waitFor } from "./helpers/stack";

let ms: MarketplaceStack;
let slack: SlackSink;

/** Alerts and digests of alerts alike. */
const lowStockMessages = () => slack.messages.filter((message) => (message.payload.text ?? "").includes("A product is low on stock"));
const messageText = (message: { payload: { blocks?: unknown[] } }) => JSON.stringify(message.payload.blocks ?? []);

beforeAll(async () => {
  slack = await startSlackSink(0);
  ms = await startMarketplaceStack({
    runnerSchema: "runner_marketplaces_low_stock",
    appEnv: { NOTIFY_DEFAULT_SLACK_WEBHOOK_URL: `${slack.url}/services/T000/B000/LOWSTOCK`, NOTIFY_THROTTLE_WINDOW_SECONDS: "1" },
  });
  await ms.publishAll("shopee");
}, 400_000);

afterAll(async () => {
  await ms?.stop();
  await slack?.close();
});

describe("low-stock alerts per product and channel", () => {
  it("refuses a threshold that is not a whole number", async () => {
    const productId = (await ms.catalog("shopee"))[0]!.productId;
    const response = await ms.api(`/api/products/${encodeURIComponent(productId)}/low-stock`, {
      method: "PUT",
      body: JSON.stringify({ threshold: -1 }),
    });
    expect(response.status).toBe(400);
  });

  it("tells the shop once when a publish leaves a listing at or below the product's threshold", async () => {
    const listing = (await ms.catalog("shopee")).find((entry) => entry.externalId && entry.status === "live")!;
    const item = (await ms.simItems("shopee")).find((entry) => entry.id === listing.externalId)!;
    const stock = item.skus.reduce((sum, sku) => sum + sku.stock, 0);
    const set = await ms.api(`/api/products/${encodeURIComponent(listing.productId)}/low-stock`, {
      method: "PUT",
      body: JSON.stringify({ threshold: stock + 10 }),
    });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ productId: listing.productId, threshold: stock + 10 });

    await ms.publishAll("shopee");
    const [message] = await waitFor(
      async () => ((found) => (found.length > 0 ? found : undefined))(lowStockMessages()),
      120_000,
      "the alert",
    );
    expect(messageText(message!)).toContain(item.title);
    expect(messageText(message!)).toContain("Shopee 100001");
    expect(messageText(message!)).toContain(`${stock}`);
    expect(messageText(message!)).toContain(`${stock + 10}`);

    // Still low after another publish: no second alert for the same (product, channel).
    await ms.publishAll("shopee");
    const alertsOf = (id: string) => lowStockMessages().filter((entry) => messageText(entry).includes(id));
    expect(alertsOf(item.title)).toHaveLength(1);
  }, 300_000);

  it("alerts when the channel's own stock, read back after a sale there, falls to the threshold", async () => {
    // Another live listing than the first test's, with units to sell.
    const items = await ms.simItems("shopee");
    const stocked = (await ms.catalog("shopee"))
      .filter((entry) => entry.externalId && entry.status === "live")
      .slice(1)
      .map((entry) => ({ listing: entry, item: items.find((candidate) => candidate.id === entry.externalId)! }))
      .find(({ item }) => item.skus.some((entry) => entry.stock > 0))!;
    const { listing, item } = stocked;
    const set = await ms.api(`/api/products/${encodeURIComponent(listing.productId)}/low-stock`, {
      method: "PUT",
      body: JSON.stringify({ threshold: 0 }),
    });
    expect(set.status).toBe(200);
    // Units sold on the channel: the seller's edit fires the channel's webhook, and ShopSync reads the listing back.
    const edited = await fetch(`${ms.sims.shopee.url}/__sim/items/${item.id}`, {
      method: "PATCH",
      body: JSON.stringify({ skus: item.skus.map((entry) => ({ sku: entry.sku, stock: 0 })) }),
    });
    expect(edited.status).toBe(200);
    await waitFor(
      async () => (lowStockMessages().some((entry) => messageText(entry).includes(item.title)) ? true : undefined),
      120_000,
      "the alert from the read-back",
    );
  }, 300_000);
});
