/**
 * The Shopee and TikTok Shop connectors against their simulators over real HTTP: the shop
 * authorization (code -> credentials), publishing a listing with two SKUs and reading it back equal,
 * an update with new title and prices, stock pushes by SKU, an expired token refreshed and the
 * rotated pair stored, a listing the channel rejects with its reason, a listing whose stock updates
 * are never answered (or refused as a whole) reported unanswered (rejected) without failing the
 * other listings, and an authorization that ended (every token refused) reported as refused
 * credentials, not as a passing outage.
 */
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { MarketplaceSimHandle } from "../../../dev/marketplace-sim-kit/start.ts";
import { startShopeeSim } from "../../../dev/shopee-sim/index.ts";
import { startTikTokSim } from "../../../dev/tiktok-sim/index.ts";
import type { ListingDraft, ListingPublisher, ChannelConnector } from "../../../src/lib/channels/channel";
import { ChannelAuthError, ChannelUnavailableError } from "../../../src/lib/channels/errors";
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

/** `maxAttempts`: the connector's attempts per request (fewer make a listing that is never answered for give up sooner). */
interface ConnectOptions {
  maxAttempts?: number;
}

async function shopee(
  handle: MarketplaceSimHandle,
  options: ConnectOptions = {},
): Promise<{ connector: ShopeeConnector; store: ShopTokenStore }> {
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
      maxAttempts: options.maxAttempts,
    }),
    store,
  };
}

async function tiktok(
  handle: MarketplaceSimHandle,
  options: ConnectOptions = {},
): Promise<{ connector: TikTokConnector; store: ShopTokenStore }> {
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
      maxAttempts: options.maxAttempts,
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

  it("reports the SKUs of a listing the platform never answers for as unanswered and still pushes the other listings; answering for none fails the batch", async () => {
    sim = await start({ port: 0 });
    const { connector } = (await connect(sim, { maxAttempts: 2 })) as { connector: ChannelConnector & ListingPublisher };
    const listings = ["HAT", "SCARF", "GLOVE"].map((name) => [`${name}-GREY`, `${name}-NAVY`]);
    for (const [grey, navy] of listings) {
      const published = await connector.publishListing(
        draft({
          skus: [
            { sku: grey!, price: "20.00", quantity: 1 },
            { sku: navy!, price: "20.00", quantity: 1 },
          ],
        }),
      );
      if (!published.ok) throw new Error(published.reasons.join("; "));
    }
    const skus = listings.flat();
    // The first listing's updates answer 5xx (the old code pushed listing by listing and failed the batch on it).
    await fetch(`${sim.url}/__sim/faults`, { method: "PUT", body: JSON.stringify({ unavailableSkus: ["HAT-NAVY"] }) });
    const results = await connector.pushQuantities(skus.map((sku) => ({ sku, quantity: 41 })));
    expect(new Map(results.map((result) => [result.sku, result]))).toEqual(
      new Map(
        skus.map((sku) => [
          sku,
          sku.startsWith("HAT-")
            ? { sku, outcome: "unanswered", message: expect.stringContaining("did not answer") }
            : { sku, outcome: "accepted" },
        ]),
      ),
    );
    expect(results).toHaveLength(skus.length);
    const { items } = (await (await fetch(`${sim.url}/__sim/items`)).json()) as { items: { skus: { sku: string; stock: number }[] }[] };
    const stock = new Map(items.flatMap((item) => item.skus.map((sku) => [sku.sku, sku.stock] as const)));
    expect(skus.map((sku) => [sku, stock.get(sku)])).toEqual(skus.map((sku) => [sku, sku.startsWith("HAT-") ? 1 : 41]));

    await fetch(`${sim.url}/__sim/faults`, { method: "PUT", body: JSON.stringify({ unavailableSkus: skus }) });
    await expect(connector.pushQuantities(skus.map((sku) => ({ sku, quantity: 42 })))).rejects.toBeInstanceOf(ChannelUnavailableError);
  }, 120_000);

  it("rejects the SKUs of a listing whose stock update the platform refuses as a whole, with its words, and still pushes the other listings", async () => {
    sim = await start({ port: 0 });
    const { connector } = (await connect(sim)) as { connector: ChannelConnector & ListingPublisher };
    for (const name of ["CAP", "SOCK"]) {
      const published = await connector.publishListing(
        draft({
          skus: [
            { sku: `${name}-GREY`, price: "9.00", quantity: 1 },
            { sku: `${name}-NAVY`, price: "9.00", quantity: 1 },
          ],
        }),
      );
      if (!published.ok) throw new Error(published.reasons.join("; "));
    }
    // A million is beyond both platforms' stock range: the whole update call of CAP is refused (400,
    // Shopee's error_param, TikTok Shop's 36009003), the platform's words naming the field.
    const refused = expect.stringMatching(/^(error_param|36009003): .*(stock|quantity)/);
    const results = await connector.pushQuantities([
      { sku: "CAP-GREY", quantity: 1_000_000 },
      { sku: "CAP-NAVY", quantity: 6 },
      { sku: "SOCK-GREY", quantity: 6 },
      { sku: "SOCK-NAVY", quantity: 6 },
    ]);
    expect(new Map(results.map((result) => [result.sku, result]))).toEqual(
      new Map([
        ["CAP-GREY", { sku: "CAP-GREY", outcome: "rejected", message: refused }],
        ["CAP-NAVY", { sku: "CAP-NAVY", outcome: "rejected", message: refused }],
        ["SOCK-GREY", { sku: "SOCK-GREY", outcome: "accepted" }],
        ["SOCK-NAVY", { sku: "SOCK-NAVY", outcome: "accepted" }],
      ]),
    );
    expect(await connector.readQuantities(["CAP-GREY", "CAP-NAVY", "SOCK-GREY", "SOCK-NAVY"])).toEqual(
      new Map([
        ["CAP-GREY", 1],
        ["CAP-NAVY", 1],
        ["SOCK-GREY", 6],
        ["SOCK-NAVY", 6],
      ]),
    );
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
