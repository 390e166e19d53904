/**
 * A marketplace stock push against real PostgreSQL and the Shopee simulator, through the library
 * step the push-channel function runs (pushNextBatch): a listing whose stock updates the platform
 * never answers (the simulator's unavailableSkus fault) leaves its SKUs pending with the error kept,
 * while the batch's other listings are acknowledged and equal on the channel; once the platform
 * answers again, the next batch sends them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MarketplaceSimHandle } from "../../dev/marketplace-sim-kit/start.ts";
import { DEMO_SHOPEE_APP, DEMO_SHOPEE_SHOP, startShopeeSim } from "../../dev/shopee-sim/index.ts";
import { createChannel } from "@/lib/channels/channel-queries";
import { pushNextBatch, refreshChannelListings } from "@/lib/channels/push-channel-batch";
import { exchangeShopeeCode } from "@/lib/channels/shopee/shopee-api";
import { Pacer } from "@/lib/channels/pacer";
import { resetEnvCache } from "@/lib/env";
import { queryRows } from "./helpers/database";
import { expectedVariantQuantity, seedShopFromStore, type SeededShop } from "./helpers/channel-fixtures";

let sim: MarketplaceSimHandle;
let shop: SeededShop;

beforeAll(async () => {
  sim = await startShopeeSim({ port: 0 });
  process.env.SHOPEE_API_ORIGIN = sim.url;
  process.env.CHANNEL_REQUEST_ATTEMPTS = "2";
  resetEnvCache();
  shop = await seedShopFromStore({ size: "tiny", seed: 7 });
});

afterAll(async () => {
  await sim?.stop();
});

/** The shop's tracked SKUs, each with the quantity a push should leave on the channel. */
function pushableSkus(count: number): { sku: string; expected: number }[] {
  return [...shop.store.variants.values()]
    .map((variant) => ({ sku: variant.sku ?? "", expected: variant.sku ? expectedVariantQuantity(shop.store, variant.sku) : null }))
    .filter((entry): entry is { sku: string; expected: number } => entry.sku !== "" && entry.expected !== null)
    .slice(0, count);
}

/** A live item on the simulator with these SKUs (several: models of one item), each showing a stock other than the expected one. */
function listOnShopee(skus: { sku: string; expected: number }[]): void {
  const item = sim.state.catalog.create({
    title: `Item ${skus[0]!.sku}`,
    description: "Listed on Shopee by the seller.",
    categoryId: "100017",
    skus: skus.map(({ sku, expected }) => ({ sellerSku: sku, price: "10.00", stock: expected + 5 })),
  });
  item.hasModels = skus.length > 1;
  sim.state.catalog.settle(item);
}

const simStock = async (): Promise<Map<string, number>> => {
  const { items } = (await (await fetch(`${sim.url}/__sim/items`)).json()) as { items: { skus: { sku: string; stock: number }[] }[] };
  return new Map(items.flatMap((item) => item.skus.map((sku) => [sku.sku, sku.stock] as const)));
};

describe("marketplace stock push", () => {
  it("keeps a listing Shopee never answers for pending with its error and acknowledges the batch's other listings", async () => {
    const [first, second, ...singles] = pushableSkus(5);
    const unanswered = [first!, second!];
    listOnShopee(unanswered); // one item with two models: the listing whose updates go unanswered
    for (const single of singles) listOnShopee([single]);

    const http = { origin: sim.url, app: DEMO_SHOPEE_APP, pacer: new Pacer(50, 50), timeoutMs: 5_000 };
    const code = sim.state.auth.issueCode(String(DEMO_SHOPEE_SHOP.shopId));
    const credentials = await exchangeShopeeCode(http, code, DEMO_SHOPEE_SHOP.shopId);
    const { id } = await createChannel({ shopId: shop.shopId, kind: "shopee", name: "Shopee", credentials });
    expect(await refreshChannelListings(id)).toMatchObject({ status: "listed", listed: 5, autoMapped: 5 });

    await fetch(`${sim.url}/__sim/faults`, { method: "PUT", body: JSON.stringify({ unavailableSkus: [second!.sku] }) });
    expect(await pushNextBatch(id, { batchSize: 40 })).toEqual({
      status: "pushed",
      sent: 5,
      accepted: 3,
      rejected: 0,
      unanswered: 2,
      remaining: 2,
    });
    const rows = await queryRows<{
      channelSku: string;
      desiredQuantity: number | null;
      acknowledgedQuantity: number | null;
      lastError: string | null;
      errorQuantity: number | null;
    }>(
      `SELECT "channelSku", "desiredQuantity", "acknowledgedQuantity", "lastError", "errorQuantity" FROM "ChannelListing" WHERE "channelId" = $1`,
      [id],
    );
    const bySku = new Map(rows.map((row) => [row.channelSku, row]));
    for (const { sku, expected } of singles)
      expect(bySku.get(sku)).toMatchObject({ desiredQuantity: expected, acknowledgedQuantity: expected, lastError: null });
    for (const { sku, expected } of unanswered)
      expect(bySku.get(sku)).toMatchObject({
        desiredQuantity: expected,
        acknowledgedQuantity: expected + 5,
        lastError: expect.stringContaining("did not answer"),
        errorQuantity: null,
      });
    const stock = await simStock();
    expect([...singles, ...unanswered].map(({ sku }) => [sku, stock.get(sku)])).toEqual([
      ...singles.map(({ sku, expected }) => [sku, expected]),
      ...unanswered.map(({ sku, expected }) => [sku, expected + 5]),
    ]);

    // The platform answers again: the next batch sends the listing it left pending.
    await fetch(`${sim.url}/__sim/faults`, { method: "DELETE" });
    expect(await pushNextBatch(id, { batchSize: 40 })).toEqual({
      status: "pushed",
      sent: 2,
      accepted: 2,
      rejected: 0,
      unanswered: 0,
      remaining: 0,
    });
    const after = await simStock();
    expect([...singles, ...unanswered].map(({ sku }) => [sku, after.get(sku)])).toEqual(
      [...singles, ...unanswered].map(({ sku, expected }) => [sku, expected]),
    );
  }, 120_000);
});
