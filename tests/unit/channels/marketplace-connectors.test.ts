/**
 * The Shopee and TikTok Shop connectors against their simulators over real HTTP: the shop
 * authorization (code -> credentials), publishing a listing with two SKUs and reading it back equal,
 * an update with new title and prices, stock pushes by SKU, an expired token refreshed and the
 * rotated pair stored, a listing the channel rejects with its reason, and an authorization that
 * ended (every token refused) reported as refused credentials, not as a passing outage.
 */
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { MarketplaceSimHandle } from "../../../dev/marketplace-sim-kit/start.ts";
import { startShopeeSim } from "../../../dev/shopee-sim/index.ts";
import { startTikTokSim } from "../../../dev/tiktok-sim/index.ts";
import type { ListingDraft, ListingPublisher, ChannelConnector } from "../../../src/lib/channels/channel";
import { ChannelAuthError } from "../../../src/lib/channels/errors";
import type { ShopTokenStore } from "../../../src/lib/channels/marketplace/shop-tokens";
import { memoryTokenStore } from "./memory-token-store";
import { Pacer } from "../../../src/lib/channels/pacer";
import { exchangeShopeeCode, shopeeAuthorizeUrl } from "../../../src/lib/channels/shopee/shopee-api";
import { ShopeeConnector } from "../../../src/lib/channels/shopee/shopee-connector";
import { exchangeTikTokCode, tiktokAuthorizeUrl } from "../../../src/lib/channels/tiktok/tiktok-api";
import { TikTokConnector } from "../../../src/lib/channels/tiktok/tiktok-connector";

const SHOPEE_APP = { partnerId: 2001234, partnerKey: "shopee-demo-partner-key" };
const TIKTOK_APP = { appKey: "6demoappkey", appSecret: "tiktok-demo-app-secret" };

let sim: MarketplaceSimHandle | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const draft = (overrides: Partial<ListingDraft> = {}): ListingDraft => ({
  externalId: null,
  title: "Merino Beanie",
  description: "A soft merino wool beanie for cold days.",
  categoryId: "100017",
  attributes: { "100001": "Wool" },
  skus: [
    { sku: "BEANIE-GREY", price: "24.00", quantity: 5 },
    { sku: "BEANIE-NAVY", price: "26.50", quantity: 8 },
  ],
  ...overrides,
});

async function redirectOf(url: string): Promise<URL> {
  const response = await fetch(url, { redirect: "manual" });
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location")!);
}

async function shopee(handle: MarketplaceSimHandle): Promise<{ connector: ShopeeConnector; store: ShopTokenStore }> {
  const back = await redirectOf(shopeeAuthorizeUrl(handle.url, SHOPEE_APP, "http://app.invalid/cb?state=abc"));
  expect(back.searchParams.get("state")).toBe("abc");
  const http = { origin: handle.url, app: SHOPEE_APP, pacer: new Pacer(50, 50), timeoutMs: 5_000 };
  const credentials = await exchangeShopeeCode(http, back.searchParams.get("code")!, Number(back.searchParams.get("shop_id")));
  const store = memoryTokenStore(credentials);
  return {
    connector: new ShopeeConnector({
      connectionKey: randomUUID(),
      credentials,
      origin: handle.url,
      app: SHOPEE_APP,
      tokenStore: store,
      timeoutMs: 5_000,
    }),
    store,
  };
}

async function tiktok(handle: MarketplaceSimHandle): Promise<{ connector: TikTokConnector; store: ShopTokenStore }> {
  await fetch(`${handle.url}/__sim/app`, { method: "PUT", body: JSON.stringify({ redirectUrl: "http://app.invalid/cb" }) });
  const back = await redirectOf(tiktokAuthorizeUrl(handle.url, TIKTOK_APP, "abc"));
  expect(back.searchParams.get("state")).toBe("abc");
  const http = { origin: handle.url, authOrigin: handle.url, app: TIKTOK_APP, pacer: new Pacer(50, 50), timeoutMs: 5_000 };
  const credentials = await exchangeTikTokCode(http, back.searchParams.get("code")!);
  const store = memoryTokenStore(credentials);
  return {
    connector: new TikTokConnector({
      connectionKey: randomUUID(),
      credentials,
      origin: handle.url,
      authOrigin: handle.url,
      app: TIKTOK_APP,
      tokenStore: store,
      timeoutMs: 5_000,
    }),
    store,
  };
}

const platforms = [
  { name: "Shopee", start: startShopeeSim, connect: shopee },
  { name: "TikTok Shop", start: startTikTokSim, connect: tiktok },
] as const;

describe.each(platforms)("$name connector", ({ start, connect }) => {
  it("publishes a listing, reads it back equal, updates it, pushes stock by SKU and refreshes an expired token", async () => {
    sim = await start({ port: 0 });
    const { connector, store } = (await connect(sim)) as { connector: ChannelConnector & ListingPublisher; store: ShopTokenStore };
    await connector.authenticate();
    const published = await connector.publishListing(draft());
    expect(published.ok).toBe(true);
    if (!published.ok) return;
    expect(published.snapshot).toMatchObject({ status: "live", title: "Merino Beanie", skus: draft().skus });

    const updated = await connector.publishListing(
      draft({
        externalId: published.snapshot.externalId,
        title: "Merino Beanie (Shopee edition)",
        skus: [{ sku: "BEANIE-GREY", price: "22.00", quantity: 3 }],
      }),
    );
    expect(updated).toMatchObject({ ok: true, snapshot: { title: "Merino Beanie (Shopee edition)" } });
    const { items } = (await (await fetch(`${sim.url}/__sim/items`)).json()) as {
      items: { title: string; skus: { sku: string; price: string; stock: number }[] }[];
    };
    expect(items).toHaveLength(1);
    expect(items[0]!.skus.map(({ sku, price, stock }) => ({ sku, price, stock }))).toEqual([
      { sku: "BEANIE-GREY", price: "22.00", stock: 3 },
      { sku: "BEANIE-NAVY", price: "26.50", stock: 8 },
    ]);

    const before = (await store.load()).tokens;
    await fetch(`${sim.url}/__sim/tokens/expire`, { method: "POST" });
    expect(
      await connector.pushQuantities([
        { sku: "BEANIE-NAVY", quantity: 2 },
        { sku: "NOT-LISTED", quantity: 1 },
      ]),
    ).toEqual([
      { sku: "NOT-LISTED", outcome: "rejected", message: expect.any(String) },
      { sku: "BEANIE-NAVY", outcome: "accepted" },
    ]);
    const after = (await store.load()).tokens;
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(await connector.readQuantities(["BEANIE-NAVY", "BEANIE-GREY"])).toEqual(
      new Map([
        ["BEANIE-GREY", 3],
        ["BEANIE-NAVY", 2],
      ]),
    );
  });

  it("updates each variant of a product whose variants repeat a SKU", async () => {
    sim = await start({ port: 0 });
    const { connector } = (await connect(sim)) as { connector: ChannelConnector & ListingPublisher };
    const twice = (first: number, second: number) =>
      draft({
        skus: [
          { sku: "MUG-DUP", price: "12.00", quantity: first },
          { sku: "MUG-DUP", price: "12.00", quantity: second },
        ],
      });
    const created = await connector.publishListing(twice(4, 9));
    if (!created.ok) throw new Error(created.reasons.join("; "));
    const updated = await connector.publishListing({ ...twice(1, 2), externalId: created.snapshot.externalId });
    expect(updated).toMatchObject({ ok: true, snapshot: { skus: [{ quantity: 1 }, { quantity: 2 }] } });
  });

  it("shows the channel's reason for a rejected listing", async () => {
    sim = await start({ port: 0 });
    await fetch(`${sim.url}/__sim/restricted-categories`, {
      method: "PUT",
      body: JSON.stringify({ "100666": "Prohibited item: replica goods." }),
    });
    const { connector } = (await connect(sim)) as { connector: ChannelConnector & ListingPublisher };
    const published = await connector.publishListing(draft({ categoryId: "100666" }));
    expect(published).toMatchObject({ ok: true, snapshot: { status: "rejected", reasons: ["Prohibited item: replica goods."] } });
  });

  it("reports an ended authorization (every token refused, the refresh too) as refused credentials", async () => {
    sim = await start({ port: 0 });
    const { connector } = (await connect(sim)) as { connector: ChannelConnector & ListingPublisher };
    const published = await connector.publishListing(draft());
    if (!published.ok) throw new Error(published.reasons.join("; "));
    expect((await (await fetch(`${sim.url}/__sim/tokens/revoke`, { method: "POST" })).json()).revoked).toBe(1);
    await expect(connector.readListing(published.snapshot.externalId)).rejects.toBeInstanceOf(ChannelAuthError);
    await fetch(`${sim.url}/__sim/tokens/expire`, { method: "POST" });
    await expect(connector.readListing(published.snapshot.externalId)).rejects.toBeInstanceOf(ChannelAuthError);
  });
});
