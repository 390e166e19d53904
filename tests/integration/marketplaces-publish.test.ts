/**
 * Publishing the master catalogue to Shopee and TikTok Shop over real HTTP: install and sync the
 * demo shop, connect both marketplaces by authorization, override one product's title, price and
 * stock buffer, POST /api/channels/{id}/publish (202, through the outbox and publish-channel), and
 * every listing on each simulator equal to the Shopify simulator's products with the overrides
 * applied; a listing the channel rejects shows the channel's reason.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MarketplaceSimHandle } from "../../dev/marketplace-sim-kit/start.ts";
import { startShopeeSim } from "../../dev/shopee-sim/index.ts";
import { toGid } from "../../dev/shopify-sim/ids.ts";
import { startTikTokSim } from "../../dev/tiktok-sim/index.ts";
import { truncateAppTables } from "./helpers/database";
import { browse, BROWSER_UA, CookieJar, startStack, waitFor, type Stack } from "./helpers/stack";

let stack: Stack;

/** Stock a variant should show: available at active locations (negatives as 0) minus the buffer; null when untracked. Per variant, not per SKU (the demo store repeats some SKUs). */
function expectedStock(variant: { inventoryItemId: number }, buffer: number): number | null {
  const store = stack.sim.store;
  if (!store.inventoryItems.get(variant.inventoryItemId)?.tracked) return null;
  const available = store
    .levelsOfItem(variant.inventoryItemId)
    .filter((level) => store.locations.get(level.locationId)?.isActive)
    .reduce((sum, level) => sum + Math.max(0, level.quantities.available), 0);
  return Math.max(0, available - buffer);
}
const sims: Record<"shopee" | "tiktok", MarketplaceSimHandle> = {} as never;
const channelIds: Record<"shopee" | "tiktok", string> = { shopee: "", tiktok: "" };
let merchant: CookieJar;

interface SimItem {
  id: string;
  title: string;
  status: string;
  rejectReasons: string[];
  skus: { sku: string; price: string; stock: number }[];
}
interface CatalogListing {
  productId: string;
  externalId: string | null;
  status: string;
  rejectReasons: string[];
  version: number;
  publishedVersion: number;
}

const api = async (path: string, init: RequestInit = {}) =>
  fetch(`${stack.app.url}${path}`, {
    ...init,
    headers: { cookie: merchant.header(stack.app.url), "user-agent": BROWSER_UA, "content-type": "application/json", ...init.headers },
  });
const simItems = async (sim: MarketplaceSimHandle) =>
  ((await (await fetch(`${sim.url}/__sim/items`)).json()) as { items: SimItem[] }).items;
const catalog = async (channelId: string) =>
  ((await (await api(`/api/channels/${channelId}/catalog`)).json()) as { listings: CatalogListing[] }).listings;

/** Every listing published at its latest version. */
const published = (channelId: string, what: string) =>
  waitFor(
    async () => {
      const listings = await catalog(channelId);
      return listings.length > 0 && listings.every((listing) => listing.publishedVersion === listing.version) ? listings : undefined;
    },
    180_000,
    what,
  );

beforeAll(async () => {
  await truncateAppTables();
  sims.shopee = await startShopeeSim({ port: 0 });
  sims.tiktok = await startTikTokSim({ port: 0 });
  stack = await startStack({
    runnerSchema: "runner_marketplaces_publish",
    sim: { seed: 1 },
    appEnv: {
      SHOPEE_API_ORIGIN: sims.shopee.url,
      TIKTOK_API_ORIGIN: sims.tiktok.url,
      TIKTOK_AUTH_ORIGIN: sims.tiktok.url,
      SHOPEE_PARTNER_ID: "2001234",
      SHOPEE_PARTNER_KEY: "shopee-demo-partner-key",
      TIKTOK_APP_KEY: "6demoappkey",
      TIKTOK_APP_SECRET: "tiktok-demo-app-secret",
      // The app runs as in production: listings without their own category go to these.
      SHOPEE_DEFAULT_CATEGORY_ID: "100001",
      TIKTOK_DEFAULT_CATEGORY_ID: "600001",
    },
  });
  await fetch(`${sims.tiktok.url}/__sim/app`, {
    method: "PUT",
    body: JSON.stringify({ redirectUrl: `${stack.app.url}/api/channels/connect/callback/tiktok` }),
  });
  merchant = new CookieJar();
  await browse(`${stack.app.url}/api/auth/shopify/install?shop=${stack.sim.demoShop}`, merchant);
  await waitFor(
    async () => {
      const status = (await (await api("/api/sync/status")).json()) as { status: string };
      if (status.status === "FAILED") throw new Error("sync failed");
      return status.status === "COMPLETED" ? status : undefined;
    },
    120_000,
    "the full sync",
  );
  for (const kind of ["shopee", "tiktok"] as const) {
    await browse(`${stack.app.url}/api/channels/connect?kind=${kind}`, merchant);
    const { channels } = (await (await api("/api/channels")).json()) as { channels: { id: string; kind: string }[] };
    channelIds[kind] = channels.find((channel) => channel.kind === kind)!.id;
  }
}, 300_000);

afterAll(async () => {
  await stack?.stop();
  await sims.shopee?.stop();
  await sims.tiktok?.stop();
});

describe.each(["shopee", "tiktok"] as const)("publishing the catalogue to %s", (kind) => {
  it("lists every active product with its SKUs, prices and stock, overrides applied", async () => {
    const store = stack.sim.store;
    const products = [...store.products.values()].filter((product) => product.status === "ACTIVE");
    const skuVariants = (productId: number) =>
      [...store.variants.values()]
        .filter((variant) => variant.productId === productId && variant.sku)
        .sort((a, b) => a.position - b.position);
    const overridden = products.find((product) => skuVariants(product.id).length > 1)!;
    const override = { title: `${overridden.title} (${kind} edition)`, price: "9.99", stockBuffer: 1 };
    const patched = await api(`/api/channels/${channelIds[kind]}/products/${encodeURIComponent(toGid("Product", overridden.id))}`, {
      method: "PATCH",
      body: JSON.stringify(override),
    });
    expect(patched.status).toBe(202);
    const response = await api(`/api/channels/${channelIds[kind]}/publish`, { method: "POST" });
    expect(response.status).toBe(202);
    const listings = await published(channelIds[kind], `every ${kind} listing published`);
    expect(listings.length).toBe(products.length);

    const items = await simItems(sims[kind]);
    const byId = new Map(items.map((item) => [item.id, item]));
    const expected = products
      .filter((product) => skuVariants(product.id).length > 0)
      .map((product) => {
        const isOverridden = product.id === overridden.id;
        return {
          title: isOverridden ? override.title : product.title,
          skus: skuVariants(product.id).map((variant) => ({
            sku: variant.sku!,
            price: isOverridden ? override.price : Number(variant.price).toFixed(2),
            stock: expectedStock(variant, isOverridden ? override.stockBuffer : 0),
          })),
        };
      });
    const actual = listings
      .filter((listing) => listing.externalId)
      .map((listing) => {
        const item = byId.get(listing.externalId!)!;
        return { title: item.title, skus: item.skus.map(({ sku, price, stock }) => ({ sku, price, stock })) };
      });
    // Untracked variants have no expected stock: compare what Shopify tracks.
    const comparable = (list: typeof expected) =>
      list
        .map((entry) => ({ ...entry, skus: entry.skus.map((sku) => ({ ...sku, stock: sku.stock === null ? "untracked" : sku.stock })) }))
        .sort((a, b) => a.skus[0]!.sku.localeCompare(b.skus[0]!.sku));
    const untracked = new Set(expected.flatMap((entry) => entry.skus.filter((sku) => sku.stock === null).map((sku) => sku.sku)));
    expect(items.length).toBe(expected.length);
    expect(
      comparable(
        actual.map((entry) => ({
          ...entry,
          skus: entry.skus.map((sku) => ({ ...sku, stock: untracked.has(sku.sku) ? null : sku.stock })),
        })),
      ),
    ).toEqual(comparable(expected));
    expect(items.every((item) => item.status === "live")).toBe(true);
  });

  it("shows the channel's reason when it rejects a listing", async () => {
    await fetch(`${sims[kind].url}/__sim/restricted-categories`, {
      method: "PUT",
      body: JSON.stringify({ "777": "This category needs a brand authorization." }),
    });
    // A live listing moved to a category the channel refuses: reviewed again, and rejected.
    const productId = (await catalog(channelIds[kind])).find((listing) => listing.externalId && listing.status === "live")!.productId;
    const patched = await api(`/api/channels/${channelIds[kind]}/products/${encodeURIComponent(productId)}`, {
      method: "PATCH",
      body: JSON.stringify({ categoryId: "777" }),
    });
    expect(patched.status).toBe(202);
    const listing = await waitFor(
      async () => (await catalog(channelIds[kind])).find((entry) => entry.productId === productId && entry.status === "rejected"),
      120_000,
      "the rejected listing",
    );
    expect(listing.rejectReasons).toEqual(["This category needs a brand authorization."]);
  });
});
