/**
 * The dead-letters page and its actions over real HTTP against the production build: session
 * scoped (another shop's dead letter is a 404), Retry replays through the ingest path, Resolve
 * stops the retries, settled rows answer 409.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db";
import { encodeSession, SESSION_COOKIE } from "@/lib/session";
import { startApp, TEST_APP_ENV, type RunningApp } from "./helpers/app-server";
import { testDatabaseUrl, truncateAppTables } from "./helpers/database";

const prisma = createPrismaClient(testDatabaseUrl());
const cookieFor = (shop: string) =>
  `${SESSION_COOKIE}=${encodeSession({ shop, iat: Math.floor(Date.now() / 1000) }, TEST_APP_ENV.SESSION_SECRET)}`;

const variant = {
  id: "gid://shopify/ProductVariant/11",
  title: "Default",
  sku: "MUG-11",
  barcode: null,
  price: "12.50",
  compareAtPrice: null,
  position: 1,
  createdAt: "2025-01-01T00:00:00Z",
  updatedAt: "2025-02-01T00:00:00Z",
  inventoryItem: null,
};
const product = {
  title: "Mug",
  handle: "mug",
  status: "ACTIVE",
  shopifyCreatedAt: new Date("2025-01-01"),
  shopifyUpdatedAt: new Date("2025-02-01"),
};

describe("dead-letters page and actions", () => {
  let app: RunningApp;
  let mine: { id: string; domain: string };
  let orphanId: string;
  let invalidId: string;
  let othersId: string;

  beforeAll(async () => {
    await truncateAppTables();
    mine = await prisma.shop.create({
      data: { domain: "mine.myshopify.com", installedAt: new Date() },
      select: { id: true, domain: true },
    });
    const other = await prisma.shop.create({ data: { domain: "other.myshopify.com", installedAt: new Date() }, select: { id: true } });
    const letter = (shopId: string, data: { shopifyId: string; rawPayload: string; errorMessage: string }) =>
      prisma.failedSyncItem.create({
        data: { shopId, entityType: "ProductVariant", nextRetryAt: new Date(Date.now() + 60_000), ...data },
        select: { id: true },
      });
    orphanId = (
      await letter(mine.id, {
        shopifyId: variant.id,
        rawPayload: JSON.stringify({ ...variant, __parentId: "gid://shopify/Product/1" }),
        errorMessage: "ProductVariant gid://shopify/ProductVariant/11 belongs to Product gid://shopify/Product/1, which is not stored",
      })
    ).id;
    invalidId = (
      await letter(mine.id, {
        shopifyId: "gid://shopify/ProductVariant/12",
        rawPayload: "{ not json",
        errorMessage: "invalid ProductVariant: price: must be a decimal amount",
      })
    ).id;
    othersId = (
      await letter(other.id, { shopifyId: "gid://shopify/ProductVariant/99", rawPayload: "{}", errorMessage: "belongs to the other shop" })
    ).id;
    app = await startApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  const post = (id: string, action: string, shop?: string) =>
    fetch(`${app.url}/api/dead-letters/${id}/${action}`, { method: "POST", headers: shop ? { cookie: cookieFor(shop) } : {} });

  it("lists the shop's own dead letters, with error and raw payload, linked from the dashboard", async () => {
    const dashboard = await (await fetch(`${app.url}/dashboard`, { headers: { cookie: cookieFor(mine.domain) } })).text();
    expect(dashboard).toMatch(/<a [^>]*data-testid="dead-letters"[^>]*href="\/dashboard\/dead-letters"[^>]*>2<\/a>/);
    const page = await fetch(`${app.url}/dashboard/dead-letters`, { headers: { cookie: cookieFor(mine.domain) } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("gid://shopify/ProductVariant/11");
    expect(html).toContain("which is not stored");
    expect(html).toContain("&quot;__parentId&quot;: &quot;gid://shopify/Product/1&quot;"); // pretty-printed payload
    expect(html).toContain("{ not json");
    expect(html).not.toContain("belongs to the other shop");
    expect(html.match(/data-testid="dead-letter"/g)).toHaveLength(2);
  });

  it("refuses without a session, and treats another shop's id as unknown", async () => {
    expect((await post(orphanId, "retry")).status).toBe(401);
    const foreign = await post(othersId, "resolve", mine.domain);
    expect(foreign.status).toBe(404);
    expect((await post("no-such-id", "retry", mine.domain)).status).toBe(404);
    expect(await prisma.failedSyncItem.findUniqueOrThrow({ where: { id: othersId } })).toMatchObject({ resolution: null, retryCount: 0 });
  });

  it("refuses a cross-origin POST to every state-changing route with 403, and changes nothing", async () => {
    const attempts: { url: string; headers: Record<string, string> }[] = [
      { url: `${app.url}/api/dead-letters/${invalidId}/resolve`, headers: { origin: "https://evil.example.com" } },
      { url: `${app.url}/api/dead-letters/${orphanId}/retry`, headers: { origin: "http://shop.127.0.0.1.nip.io" } },
      // A same-site page (another subdomain or port) that SameSite=Lax lets the cookie through for.
      { url: `${app.url}/api/dead-letters/${invalidId}/resolve`, headers: { "sec-fetch-site": "same-site" } },
      { url: `${app.url}/api/sync`, headers: { origin: "https://evil.example.com", "content-type": "text/plain" } },
    ];
    for (const attempt of attempts) {
      const response = await fetch(attempt.url, {
        method: "POST",
        headers: { cookie: cookieFor(mine.domain), ...attempt.headers },
        body: "{}",
      });
      expect([attempt.url, response.status]).toEqual([attempt.url, 403]);
      expect((await response.json()).error.code).toBe("forbidden");
    }
    expect(await prisma.failedSyncItem.findUniqueOrThrow({ where: { id: invalidId } })).toMatchObject({ resolution: null });
    expect(await prisma.failedSyncItem.findUniqueOrThrow({ where: { id: orphanId } })).toMatchObject({ resolution: null, retryCount: 0 });
    expect(await prisma.syncRun.count({ where: { shopId: mine.id } })).toBe(0);
    // The app's own pages (Origin = APP_URL, Sec-Fetch-Site: same-origin) are accepted.
    const own = await fetch(`${app.url}/api/dead-letters/no-such-id/resolve`, {
      method: "POST",
      headers: { cookie: cookieFor(mine.domain), origin: app.url, "sec-fetch-site": "same-origin" },
    });
    expect(own.status).toBe(404);
  });

  it("Retry replays now: fails while the product is missing, stores the variant once it is there", async () => {
    const failed = await post(orphanId, "retry", mine.domain);
    expect(failed.status).toBe(200);
    expect(await failed.json()).toEqual({ id: orphanId, outcome: "failed", error: expect.stringContaining("gid://shopify/Product/1") });
    expect(await prisma.failedSyncItem.count({ where: { shopId: mine.id } })).toBe(2);

    await prisma.product.create({ data: { shopId: mine.id, shopifyId: "gid://shopify/Product/1", ...product } });
    const retried = await post(orphanId, "retry", mine.domain);
    expect(await retried.json()).toEqual({ id: orphanId, outcome: "retried", error: null });
    expect(await prisma.productVariant.count({ where: { shopId: mine.id, shopifyId: variant.id } })).toBe(1);
    expect(await prisma.failedSyncItem.findUniqueOrThrow({ where: { id: orphanId } })).toMatchObject({
      resolution: "RETRIED",
      retryCount: 1,
    });

    const again = await post(orphanId, "retry", mine.domain);
    expect(again.status).toBe(409);
  });

  it("Resolve stops the retries; the page shows it settled", async () => {
    const resolved = await post(invalidId, "resolve", mine.domain);
    expect([resolved.status, await resolved.json()]).toEqual([200, { id: invalidId, outcome: "resolved" }]);
    expect(await prisma.failedSyncItem.findUniqueOrThrow({ where: { id: invalidId } })).toMatchObject({
      resolution: "RESOLVED_MANUALLY",
      nextRetryAt: null,
    });
    expect((await post(invalidId, "resolve", mine.domain)).status).toBe(409);
    const html = await (await fetch(`${app.url}/dashboard/dead-letters`, { headers: { cookie: cookieFor(mine.domain) } })).text();
    expect(html).toContain('data-testid="dead-letters-unresolved">0<');
    expect(html).toContain("Resolved by you");
  });
});
