/**
 * The merchant's pages in a real browser against the real app (`next start` on the production
 * build) and the test database. Sync progress is written straight into the rows the sync function
 * writes (SyncRun, SyncStage, Shop), so these tests check that the pages show those rows truly.
 * POST /api/sync is answered by page.route where a test needs a specific answer (a 429, a 202
 * before the new run exists): it pins the page's side of that contract.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { startApp, type RunningApp } from "../integration/helpers/app-server";
import { truncateAppTables } from "../integration/helpers/database";
import { launchBrowser, type LaunchedBrowser } from "./helpers/browser";
import { createRun, createShop, seedDb, seedRecords, sessionCookieFor, updateStage } from "./helpers/seed";

const ARTIFACTS = path.resolve(import.meta.dirname, "artifacts");
const WAIT = { timeout: 15_000 };

let app: RunningApp;
let launched: LaunchedBrowser;
let prisma: Db;

/** Status requests the page made, to see when it polls and when it stops. */
function countStatusRequests(page: Page): () => number {
  let count = 0;
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/sync/status") count += 1;
  });
  return () => count;
}

/** A fresh page signed in as the shop (the cookie OAuth would set), on /syncing. */
async function openSyncingAs(domain: string) {
  await launched.context.clearCookies();
  await launched.context.addCookies([sessionCookieFor(domain, app.url)]);
  const page = await launched.context.newPage();
  const statusRequests = countStatusRequests(page);
  await page.goto(`${app.url}/syncing`);
  return { page, statusRequests };
}

const overallBar = (page: Page) => page.locator('[role="progressbar"][aria-labelledby="overall-label"]');
const stageBar = (page: Page, resource: string) => page.locator(`[data-stage="${resource}"] [role="progressbar"]`);

async function waitForAttribute(page: Page, selector: string, name: string, value: string | null) {
  await page.waitForFunction(
    ({ selector, name, value }) => document.querySelector(selector)?.getAttribute(name) === value,
    { selector, name, value },
    WAIT,
  );
}

beforeAll(async () => {
  await truncateAppTables();
  prisma = seedDb();
  app = await startApp();
  launched = await launchBrowser();
});

afterAll(async () => {
  await launched?.close();
  await app?.stop();
  await prisma?.$disconnect();
});

describe("landing page", () => {
  it("refuses a shop domain that is not *.myshopify.com before anything is sent", async () => {
    const page = await launched.context.newPage();
    const installRequests: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/api/auth/shopify/install")) installRequests.push(request.url());
    });
    await page.goto(`${app.url}/`);
    const input = page.getByLabel("Your Shopify store");
    await input.fill("shop.example.com");
    await page.getByRole("button", { name: "Install ShopSync" }).click();
    await page.waitForTimeout(500);
    expect(new URL(page.url()).pathname).toBe("/");
    expect(installRequests).toEqual([]);
    expect(await input.evaluate((el) => (el as HTMLInputElement).validity.patternMismatch)).toBe(true);
    expect(await input.evaluate((el) => (el as HTMLInputElement).validationMessage)).not.toBe("");

    // What a merchant may paste and the server normalises passes the browser's check.
    await input.fill("demo.myshopify.com");
    expect(await input.evaluate((el) => (el as HTMLInputElement).validity.valid)).toBe(true);

    // The install route sends refused domains back with ?error=: the page shows it as an alert.
    await page.goto(
      `${app.url}/?${new URLSearchParams({ shop: "shop.example.com", error: "Enter your store's myshopify.com domain, like your-store.myshopify.com" })}`,
    );
    // (Next's route announcer is an empty alert too: pick the form's.)
    const alert = page.getByRole("alert").filter({ hasText: "myshopify.com domain" });
    await alert.waitFor(WAIT);
    expect(await alert.getAttribute("id")).toBe("shop-error");
    expect(await page.getByLabel("Your Shopify store").inputValue()).toBe("shop.example.com");
    expect(await page.getByLabel("Your Shopify store").getAttribute("aria-invalid")).toBe("true");
    await page.close();
  });
});

describe("without a session", () => {
  it("the syncing page says so and links to the start page; the dashboard sends you there", async () => {
    await launched.context.clearCookies();
    const page = await launched.context.newPage();
    await page.goto(`${app.url}/syncing`);
    await page.getByText("You are not signed in").waitFor(WAIT);
    expect(await page.getByRole("link", { name: /install ShopSync/i }).getAttribute("href")).toBe("/");

    await page.goto(`${app.url}/dashboard`);
    expect(new URL(page.url()).pathname).toBe("/");
    await page.close();
  });
});

describe("a sync from first poll to the dashboard", () => {
  const domain = "e2e-store.myshopify.com";
  const counts = {
    products: 3,
    variants: 7,
    orders: 1234,
    customers: 12,
    locations: 2,
    inventoryItems: 5,
    inventoryLevels: 10,
    unresolvedDeadLetters: 2,
  };

  it("shows true progress rising, then the dashboard with the counts, the history and Sync now", async () => {
    const shop = await createShop(prisma, domain, { syncStatus: "RUNNING", syncProgress: 8 });
    await seedRecords(prisma, shop.id, counts);
    const earlier = new Date(Date.now() - 3 * 24 * 3600_000);
    const oldRun = await createRun(
      prisma,
      shop.id,
      { status: "COMPLETED", trigger: "install", createdAt: earlier, startedAt: earlier, finishedAt: new Date(earlier.getTime() + 90_000) },
      [
        { resource: "products", status: "COMPLETED", processed: 10, total: 10 },
        { resource: "orders", status: "COMPLETED", processed: 20, total: 20 },
      ],
    );
    const run = await createRun(prisma, shop.id, { status: "RUNNING", trigger: "manual", startedAt: new Date(Date.now() - 180_000) }, [
      { resource: "products", status: "RUNNING", processed: 40, total: 120 },
      { resource: "orders", status: "PENDING", total: 20_000 },
      { resource: "customers", status: "PENDING" },
      { resource: "inventory", status: "PENDING" },
    ]);

    const { page, statusRequests } = await openSyncingAs(domain);

    await page.getByText("Importing products 40 / 120").waitFor(WAIT);
    expect(await overallBar(page).getAttribute("aria-valuenow")).toBe("8");
    expect(await stageBar(page, "products").getAttribute("aria-valuenow")).toBe("33");
    expect(await page.getByText("Waiting to import orders").count()).toBe(1);
    // The shop was not granted read_all_orders: the page says so plainly.
    await page.getByText(/read_all_orders/).waitFor(WAIT);

    // The sync writes its next chunks: the page follows.
    await updateStage(prisma, run.id, { resource: "products", status: "COMPLETED", processed: 120 });
    await updateStage(prisma, run.id, { resource: "orders", status: "RUNNING", processed: 12_400 });
    await prisma.shop.update({ where: { id: shop.id }, data: { syncProgress: 45 } });
    await page.getByText("Importing orders 12,400 / 20,000").waitFor(WAIT);
    await waitForAttribute(page, '[role="progressbar"][aria-labelledby="overall-label"]', "aria-valuenow", "45");
    expect(await page.getByTestId("overall-progress").textContent()).toBe("45%");
    expect(await stageBar(page, "orders").getAttribute("aria-valuenow")).toBe("62");
    expect(await page.getByText("Imported products 120 / 120").count()).toBe(1);

    await updateStage(prisma, run.id, { resource: "orders", status: "COMPLETED", processed: 20_000 });
    await updateStage(prisma, run.id, {
      resource: "customers",
      status: "SKIPPED",
      error: "Shopify denied access to protected customer data (ACCESS_DENIED).",
    });
    await updateStage(prisma, run.id, { resource: "inventory", status: "RUNNING", processed: 5 });
    await prisma.shop.update({ where: { id: shop.id }, data: { syncProgress: 81 } });
    await page.getByText("Importing inventory 5 so far", { exact: true }).waitFor(WAIT);
    await page.getByText("Reason: Shopify denied access to protected customer data (ACCESS_DENIED).").waitFor(WAIT);
    expect(await page.locator('[data-stage="customers"]').getAttribute("data-state")).toBe("skipped");
    // No total yet: the bar is indeterminate rather than a guessed width.
    expect(await stageBar(page, "inventory").getAttribute("aria-valuenow")).toBeNull();
    await waitForAttribute(page, '[role="progressbar"][aria-labelledby="overall-label"]', "aria-valuenow", "81");
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, "syncing.png"), fullPage: true, animations: "disabled" });
    expect(statusRequests()).toBeGreaterThanOrEqual(3);

    // The run completes: the page takes the merchant to the dashboard.
    await updateStage(prisma, run.id, { resource: "inventory", status: "COMPLETED", processed: 15, total: 15 });
    await prisma.syncRun.update({ where: { id: run.id }, data: { status: "COMPLETED", finishedAt: new Date() } });
    await prisma.shop.update({ where: { id: shop.id }, data: { syncStatus: "COMPLETED", syncProgress: 100, lastSyncAt: new Date() } });
    await page.waitForURL(`${app.url}/dashboard`, WAIT);

    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(domain);
    const shown = async (testId: string) => (await page.getByTestId(testId).textContent())?.trim();
    expect(await shown("count-products")).toBe("3");
    expect(await shown("count-variants")).toBe("7");
    expect(await shown("count-orders")).toBe("1,234");
    expect(await shown("count-customers")).toBe("12");
    expect(await shown("count-locations")).toBe("2");
    expect(await shown("count-inventoryItems")).toBe("5");
    expect(await shown("count-inventoryLevels")).toBe("10");
    expect(await shown("dead-letters")).toBe("2");
    expect(await shown("last-synced")).toBe("Last synced just now");
    expect(await shown("sync-status")).toBe("Up to date");

    // History, newest first: records are the stages' processed counts summed.
    const rows = page.getByTestId("sync-run");
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).getAttribute("data-run-id")).toBe(run.id);
    expect(await rows.nth(0).textContent()).toContain("20,135");
    expect(await rows.nth(0).textContent()).toContain("manual");
    expect(await rows.nth(1).getAttribute("data-run-id")).toBe(oldRun.id);
    expect(await rows.nth(1).textContent()).toContain("1 min 30 s");
    expect(await rows.nth(1).textContent()).toContain("3 days ago");
    await page.screenshot({ path: path.join(ARTIFACTS, "dashboard.png"), fullPage: true, animations: "disabled" });

    // Sync now: a refusal shows the API's message; an accepted sync opens the syncing page on the
    // new run, which waits for that run instead of bouncing back on the previous COMPLETED state.
    await page.route(`${app.url}/api/sync`, (route) =>
      route.fulfill({
        status: 429,
        headers: { "retry-after": "1200" },
        contentType: "application/json",
        body: JSON.stringify({ error: { code: "rate_limited", message: "Manual syncs are limited to 3 per hour." } }),
      }),
    );
    await page.getByRole("button", { name: "Sync now" }).click();
    await page.getByTestId("sync-now-error").waitFor(WAIT);
    expect(await page.getByTestId("sync-now-error").textContent()).toBe("Manual syncs are limited to 3 per hour. Try again in 20 minutes.");
    await page.unroute(`${app.url}/api/sync`);

    const postBodies: (string | null)[] = [];
    await page.route(`${app.url}/api/sync`, (route) => {
      postBodies.push(route.request().postData());
      return route.fulfill({ status: 202, contentType: "application/json", body: JSON.stringify({ runId: "e2e-manual-run" }) });
    });
    await page.getByRole("button", { name: "Sync now" }).click();
    await page.waitForURL(`${app.url}/syncing?run=e2e-manual-run`, WAIT);
    expect(postBodies).toEqual(["{}"]);
    await page.getByText("Starting a new sync…").waitFor(WAIT);
    await page.waitForTimeout(4_500); // two polls answer COMPLETED for the previous run
    expect(new URL(page.url()).pathname).toBe("/syncing");
    await createRun(prisma, shop.id, { id: "e2e-manual-run", status: "RUNNING", trigger: "manual", startedAt: new Date() }, [
      { resource: "products", status: "RUNNING", processed: 2, total: 3 },
    ]);
    await prisma.shop.update({ where: { id: shop.id }, data: { syncStatus: "RUNNING", syncProgress: 10 } });
    await page.getByText("Importing products 2 / 3").waitFor(WAIT);
    await page.close();
  });
});

describe("a failed sync", () => {
  const domain = "e2e-failing.myshopify.com";

  it("shows the error and a Retry button, stops polling, and resumes after a retry is accepted", async () => {
    const shop = await createShop(prisma, domain, {
      syncStatus: "FAILED",
      syncProgress: 30,
      lastSyncError: "Shopify answered 502 Bad Gateway five times in a row.",
      scopes: "read_products,read_orders,read_all_orders,read_customers,read_inventory,read_locations",
    });
    await createRun(
      prisma,
      shop.id,
      {
        status: "FAILED",
        startedAt: new Date(Date.now() - 60_000),
        finishedAt: new Date(),
        error: "Shopify answered 502 Bad Gateway five times in a row.",
      },
      [
        { resource: "products", status: "COMPLETED", processed: 120, total: 120 },
        {
          resource: "orders",
          status: "FAILED",
          processed: 3_000,
          total: 20_000,
          error: "Shopify answered 502 Bad Gateway five times in a row.",
        },
        { resource: "customers", status: "PENDING" },
        { resource: "inventory", status: "PENDING" },
      ],
    );
    const { page, statusRequests } = await openSyncingAs(domain);

    await page.getByTestId("sync-error").waitFor(WAIT);
    expect(await page.getByTestId("sync-error").textContent()).toBe("Shopify answered 502 Bad Gateway five times in a row.");
    expect(await page.getByText("Failed importing orders at 3,000 / 20,000").count()).toBe(1);
    expect(await overallBar(page).getAttribute("aria-valuenow")).toBe("30");
    // read_all_orders was granted: no notice about it.
    expect(await page.getByText(/read_all_orders/).count()).toBe(0);
    const retry = page.getByRole("button", { name: "Retry" });
    expect(await retry.isVisible()).toBe(true);

    // A final state stops the polling.
    const afterFailure = statusRequests();
    await page.waitForTimeout(4_500);
    expect(statusRequests()).toBe(afterFailure);

    await page.route(`${app.url}/api/sync`, (route) =>
      route.fulfill({
        status: 429,
        headers: { "retry-after": "45" },
        contentType: "application/json",
        body: JSON.stringify({ error: { code: "rate_limited", message: "Manual syncs are limited to 3 per hour." } }),
      }),
    );
    await retry.click();
    await page.getByTestId("retry-error").waitFor(WAIT);
    expect(await page.getByTestId("retry-error").textContent()).toBe("Manual syncs are limited to 3 per hour. Try again in 45 seconds.");
    await page.unroute(`${app.url}/api/sync`);

    await page.route(`${app.url}/api/sync`, (route) =>
      route.fulfill({ status: 202, contentType: "application/json", body: JSON.stringify({ runId: "e2e-retry-run" }) }),
    );
    await retry.click();
    // Until the new run shows up, the old failure is not shown again, and polling has resumed.
    await page.getByText("Starting a new sync…").waitFor(WAIT);
    expect(await page.getByTestId("sync-error").count()).toBe(0);
    const afterRetry = statusRequests();
    await page.waitForTimeout(4_500);
    expect(statusRequests()).toBeGreaterThan(afterRetry);

    await createRun(prisma, shop.id, { id: "e2e-retry-run", status: "RUNNING", trigger: "manual", startedAt: new Date() }, [
      { resource: "products", status: "COMPLETED", processed: 120, total: 120 },
      { resource: "orders", status: "RUNNING", processed: 3_200, total: 20_000 },
    ]);
    await prisma.shop.update({ where: { id: shop.id }, data: { syncStatus: "RUNNING", lastSyncError: null, syncProgress: 31 } });
    await page.getByText("Importing orders 3,200 / 20,000").waitFor(WAIT);
    await waitForAttribute(page, '[role="progressbar"][aria-labelledby="overall-label"]', "aria-valuenow", "31");
    await page.close();
  });
});
