/**
 * The catalogue pages (issue 14, item 8) in a real Chromium against the real app, the Shopify,
 * Shopee and TikTok Shop simulators: the product list and its filters (channel, listing status,
 * conflicts, low stock, search), bulk publish and its dry run, a product's page (master data, a tab
 * per channel with overrides, status, the channel's errors, history and the next publish), the
 * conflicts inbox resolving a seller's edit (read back from the Shopee simulator), and overrides
 * edited and cleared on a product's page, each published to the Shopee simulator.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMarketplaceStack, type MarketplaceStack } from "../integration/helpers/marketplace-stack";
import { waitFor } from "../integration/helpers/stack";
import { launchBrowser, type LaunchedBrowser } from "./helpers/browser";

const WAIT = { timeout: 30_000 };

let ms: MarketplaceStack;
let launched: LaunchedBrowser;
let page: Page;
let conflicted: { productId: string; itemId: string; masterTitle: string };

beforeAll(async () => {
  ms = await startMarketplaceStack({ runnerSchema: "runner_e2e_catalog" });
  const listings = await ms.publishAll("shopee");
  const live = listings.find((listing) => listing.externalId && listing.status === "live")!;
  const item = (await ms.simItems("shopee")).find((entry) => entry.id === live.externalId)!;
  conflicted = { productId: live.productId, itemId: item.id, masterTitle: item.title };
  const edit = await fetch(`${ms.sims.shopee.url}/__sim/items/${item.id}`, {
    method: "PATCH",
    body: JSON.stringify({ title: "Edited on Shopee" }),
  });
  expect(edit.status).toBe(200);
  await waitFor(
    async () =>
      ((await (await ms.api("/api/conflicts")).json()) as { conflicts: { productId: string }[] }).conflicts.find(
        (conflict) => conflict.productId === live.productId,
      ),
    120_000,
    "the conflict",
  );
  launched = await launchBrowser();
  const session = ms.merchant.get(ms.appUrl, "shopsync_session")!;
  await launched.context.addCookies([{ name: "shopsync_session", value: session, url: ms.appUrl }]);
  page = await launched.context.newPage();
}, 500_000);

afterAll(async () => {
  await launched?.close();
  await ms?.stop();
});

const productCount = async () => Number(await page.getByTestId("product-count").textContent());

describe("the catalogue in a browser", () => {
  it("lists products and filters them by channel, status, conflicts, low stock and search", async () => {
    await page.goto(`${ms.appUrl}/dashboard/catalog`);
    const all = await productCount();
    expect(all).toBeGreaterThan(1);

    await page.getByLabel("With conflicts").check();
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/conflicts=1/, WAIT);
    expect(await productCount()).toBe(1);
    expect(await page.getByTestId("product-row").getAttribute("data-product-id")).toBe(conflicted.productId);

    await page.goto(`${ms.appUrl}/dashboard/catalog?channel=${ms.channelIds.tiktok}`);
    expect(await productCount()).toBe(0);
    await page.goto(`${ms.appUrl}/dashboard/catalog?channel=${ms.channelIds.shopee}&status=live`);
    const live = (await ms.catalog("shopee")).filter((listing) => listing.status === "live").length;
    expect(await productCount()).toBe(live);

    await page.goto(`${ms.appUrl}/dashboard/catalog`);
    const lowInAll = await page.locator('[data-testid="product-row"] td[data-low-stock="true"]').count();
    await page.goto(`${ms.appUrl}/dashboard/catalog?lowStock=1`);
    expect(await productCount()).toBe(lowInAll);
    expect(await page.locator('[data-testid="product-row"] td[data-low-stock="false"]').count()).toBe(0);

    await page.goto(`${ms.appUrl}/dashboard/catalog`);
    await page.getByLabel("Search").fill(conflicted.masterTitle);
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/q=/, WAIT);
    const rows = await page.getByTestId("product-row").all();
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(await page.getByRole("link", { name: conflicted.masterTitle, exact: true }).count()).toBeGreaterThanOrEqual(1);
  }, 300_000);

  it("previews and publishes the selected products to TikTok Shop", async () => {
    await page.goto(`${ms.appUrl}/dashboard/catalog`);
    // Products that have SKUs (live on Shopee), so each makes a listing.
    const rows = page.locator('[data-testid="product-row"]:has([data-listing-status="live"])');
    const first = await rows.nth(0).getAttribute("data-product-id");
    const second = await rows.nth(1).getAttribute("data-product-id");
    await rows.nth(0).getByRole("checkbox").check();
    await rows.nth(1).getByRole("checkbox").check();
    await page.getByTestId("bulk-bar").getByLabel("Channel").selectOption({ label: "TikTok Shop 7494000000000000001" });

    await page.getByRole("button", { name: "Preview publish" }).click();
    const preview = page.getByTestId("publish-preview");
    await preview.waitFor(WAIT);
    expect(await preview.locator("[data-preview-product]").count()).toBe(2);
    // A dry run writes nothing: no listing on TikTok Shop yet.
    expect(await ms.catalog("tiktok")).toEqual([]);

    await page.getByRole("button", { name: "Publish selected" }).click();
    await page.getByRole("status").filter({ hasText: "Publishing 2 listings" }).waitFor(WAIT);
    const listings = await waitFor(
      async () => {
        const entries = await ms.catalog("tiktok");
        return entries.length === 2 && entries.every((entry) => entry.publishedVersion === entry.version && entry.externalId)
          ? entries
          : undefined;
      },
      120_000,
      "the two TikTok Shop listings",
    );
    expect(listings.map((listing) => listing.productId).sort()).toEqual([first, second].sort());
    expect((await ms.simItems("tiktok")).length).toBe(2);
  }, 300_000);

  it("shows a product's master data and a tab per channel with status, overrides, conflicts, history and the next publish", async () => {
    await page.goto(`${ms.appUrl}/dashboard/catalog/${encodeURIComponent(conflicted.productId)}?channel=${ms.channelIds.shopee}`);
    expect(await page.getByTestId("product-title").textContent()).toBe(conflicted.masterTitle);
    expect(await page.getByTestId("variant-row").count()).toBeGreaterThan(0);
    expect(await page.getByRole("tab").count()).toBe(2);
    expect(await page.getByTestId("listing-status").textContent()).toBe("live");
    expect(await page.getByTestId("conflict").count()).toBe(1);
    // The dry run keeps the channel's value while the conflict is open.
    expect(await page.getByTestId("next-publish-title").textContent()).toBe("Edited on Shopee");

    await page.getByRole("tab", { name: /TikTok Shop/ }).click();
    await page.waitForURL(new RegExp(`channel=${ms.channelIds.tiktok}`), WAIT);
    expect(await page.getByRole("tab", { name: /TikTok Shop/ }).getAttribute("aria-selected")).toBe("true");
  }, 300_000);

  it("shows the channel's reasons for a rejected listing", async () => {
    await fetch(`${ms.sims.shopee.url}/__sim/restricted-categories`, {
      method: "PUT",
      body: JSON.stringify({ "779": "Brand authorization required." }),
    });
    const target = (await ms.catalog("shopee")).find((listing) => listing.status === "live" && listing.productId !== conflicted.productId)!;
    const patched = await ms.api(`/api/channels/${ms.channelIds.shopee}/products/${encodeURIComponent(target.productId)}`, {
      method: "PATCH",
      body: JSON.stringify({ categoryId: "779" }),
    });
    expect(patched.status).toBe(202);
    await waitFor(
      async () =>
        (await ms.catalog("shopee")).find((listing) => listing.productId === target.productId)?.status === "rejected" ? true : undefined,
      120_000,
      "the rejection",
    );
    await page.goto(`${ms.appUrl}/dashboard/catalog/${encodeURIComponent(target.productId)}?channel=${ms.channelIds.shopee}`);
    expect(await page.getByTestId("channel-errors").textContent()).toContain("Brand authorization required.");
  }, 300_000);

  it("resolves a conflict from the inbox, and the channel shows ShopSync's title again", async () => {
    await page.goto(`${ms.appUrl}/dashboard/conflicts`);
    const conflict = page.getByTestId("conflict").filter({ hasText: "Edited on Shopee" });
    expect(await conflict.getByTestId("master-value").textContent()).toBe(conflicted.masterTitle);
    await conflict.getByRole("button", { name: "Use ShopSync's" }).click();
    await page.getByTestId("conflicts-empty").waitFor(WAIT);
    await waitFor(
      async () =>
        (await ms.simItems("shopee")).find((item) => item.id === conflicted.itemId)?.title === conflicted.masterTitle ? true : undefined,
      120_000,
      "the master title on Shopee",
    );
    await page.goto(`${ms.appUrl}/dashboard/catalog/${encodeURIComponent(conflicted.productId)}?channel=${ms.channelIds.shopee}`);
    expect(await page.locator('[data-testid="history"] li[data-action="conflict.resolved"]').count()).toBe(1);
    expect(await page.getByTestId("conflict").count()).toBe(0);
  }, 300_000);

  it("edits a product's overrides on its page, publishes them to Shopee, and clears them back to the master", async () => {
    const target = (await ms.catalog("shopee")).find((listing) => listing.status === "live" && listing.productId !== conflicted.productId)!;
    const simTarget = async () => (await ms.simItems("shopee")).find((item) => item.id === target.externalId)!;
    const masterTitle = (await simTarget()).title;
    await page.goto(`${ms.appUrl}/dashboard/catalog/${encodeURIComponent(target.productId)}?channel=${ms.channelIds.shopee}`);

    await page.getByLabel("Title override").fill("Edited in ShopSync");
    await page.getByLabel("Price override").fill("12.34");
    await page.getByRole("button", { name: "Save and publish" }).click();
    await waitFor(
      async () =>
        ((item) => (item.title === "Edited in ShopSync" && item.skus.every((sku) => sku.price === "12.34") ? item : undefined))(
          await simTarget(),
        ),
      120_000,
      "the overrides published on Shopee",
    );
    // The page shows the change published, and the dry run of what a publish would send now.
    await page.getByTestId("next-publish-title").filter({ hasText: "Edited in ShopSync" }).waitFor(WAIT);
    await page.getByTestId("publish-state").filter({ hasText: "The latest change is published." }).waitFor(WAIT);
    expect(await page.getByTestId("next-publish").textContent()).toContain("12.34");
    expect(await page.locator('[data-testid="history"] li[data-action="override.set"]').count()).toBe(1);

    await page.getByLabel("Title override").fill("");
    await page.getByRole("button", { name: "Save and publish" }).click();
    await waitFor(
      async () => ((item) => (item.title === masterTitle ? item : undefined))(await simTarget()),
      120_000,
      "the master title back on Shopee",
    );
    await page.getByTestId("next-publish-title").filter({ hasText: masterTitle }).waitFor(WAIT);
    await page.getByTestId("publish-state").filter({ hasText: "The latest change is published." }).waitFor(WAIT);
    expect(await page.getByLabel("Title override").inputValue()).toBe("");
    expect(await page.getByLabel("Price override").inputValue()).toBe("12.34");
    expect((await simTarget()).skus.every((sku) => sku.price === "12.34")).toBe(true);
    expect(await page.locator('[data-testid="history"] li[data-action="override.set"]').count()).toBe(2);

    // A per-SKU price wins over the price override; clearing it publishes the override again.
    const firstSku = (await simTarget()).skus[0]!.sku;
    await page.getByLabel("Per-SKU prices").fill(`${firstSku}=7.77`);
    await page.getByRole("button", { name: "Save and publish" }).click();
    await waitFor(
      async () => ((item) => (item.skus[0]!.price === "7.77" ? item : undefined))(await simTarget()),
      120_000,
      "the per-SKU price on Shopee",
    );
    expect((await simTarget()).skus.slice(1).every((sku) => sku.price === "12.34")).toBe(true);
    // The page rendered after the save: its dry run has the per-SKU price, its form the saved line.
    await page
      .getByTestId("next-publish")
      .filter({ hasText: `${firstSku}: 7.77` })
      .waitFor(WAIT);
    expect(await page.getByLabel("Per-SKU prices").inputValue()).toBe(`${firstSku}=7.77`);
    await page.getByLabel("Per-SKU prices").fill("");
    await page.getByRole("button", { name: "Save and publish" }).click();
    await waitFor(
      async () => ((item) => (item.skus.every((sku) => sku.price === "12.34") ? item : undefined))(await simTarget()),
      120_000,
      "the price override back on every SKU",
    );
  }, 300_000);
});
