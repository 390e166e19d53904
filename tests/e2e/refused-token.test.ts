/**
 * What the merchant sees once Shopify refuses ShopSync's token, in a real browser against the whole
 * stack: the shop is installed and synced, then Shopify forgets every token it issued (here: the
 * simulator restarted without its state directory, as every `npm run dev` restart did before the
 * state was kept). "Sync now" meets the refusal; the syncing page offers the reinstall instead of a
 * retry, and the dashboard's badge says "Needs reinstall", never "Up to date".
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShopifySim } from "../../dev/shopify-sim/index";
import { TEST_APP_ENV } from "../integration/helpers/app-server";
import { queryRows, truncateAppTables } from "../integration/helpers/database";
import { browse, CookieJar, startStack, waitFor, type Stack } from "../integration/helpers/stack";
import { launchBrowser, type LaunchedBrowser } from "./helpers/browser";
import { sessionCookieFor } from "./helpers/seed";

const ARTIFACTS = path.resolve(import.meta.dirname, "artifacts");
const WAIT = { timeout: 30_000 };
const SIM = { size: "tiny", bulkObjectsPerSecond: Number.POSITIVE_INFINITY, bulkStartDelayMs: 20, webhookRetryScale: 0.0001 } as const;

let stack: Stack;
let launched: LaunchedBrowser;

beforeAll(async () => {
  await truncateAppTables();
  stack = await startStack({ runnerSchema: "runner_e2e_refused_token", sim: SIM });
  launched = await launchBrowser();
  await mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await launched?.close();
  await stack?.stop();
});

describe("a refused token", () => {
  it("turns the badge to Needs reinstall and the syncing page to a reinstall link", { timeout: 180_000 }, async () => {
    const shop = stack.sim.demoShop;
    await browse(`${stack.app.url}/api/auth/shopify/install?shop=${shop}`, new CookieJar());
    await waitFor(
      async () => {
        const [row] = await queryRows<{ syncStatus: string }>(`SELECT "syncStatus" FROM "Shop" WHERE domain = $1`, [shop]);
        return row?.syncStatus === "COMPLETED" ? true : undefined;
      },
      90_000,
      "the install's sync to complete",
    );

    await launched.context.addCookies([sessionCookieFor(shop, stack.app.url)]);
    const page = await launched.context.newPage();
    await page.goto(`${stack.app.url}/dashboard`);
    expect(await page.getByTestId("sync-status").textContent()).toBe("Up to date");

    // Shopify forgets every token it issued.
    const port = stack.sim.port;
    await stack.sim.stop();
    stack.sim = await startShopifySim({ ...SIM, port, apiKey: TEST_APP_ENV.SHOPIFY_API_KEY, apiSecret: TEST_APP_ENV.SHOPIFY_API_SECRET });

    await page.getByRole("button", { name: "Sync now" }).click();
    await page.waitForURL(/\/syncing\?run=/, WAIT);
    const notice = page.getByTestId("reinstall-notice");
    await notice.waitFor(WAIT);
    expect(await page.getByRole("heading", { level: 2, name: "Shopify refused ShopSync's access token" }).count()).toBe(1);
    expect(await notice.getByTestId("sync-error").textContent()).toMatch(/refused/i);
    expect(await notice.getByRole("link", { name: "Reinstall ShopSync" }).getAttribute("href")).toBe(`/?shop=${shop}`);
    expect(await page.getByRole("button", { name: "Retry" }).count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe("/syncing");
    await page.screenshot({ path: path.join(ARTIFACTS, "refused-token-syncing.png"), fullPage: true, animations: "disabled" });

    await page.goto(`${stack.app.url}/dashboard`);
    const badge = page.getByTestId("sync-status");
    expect(await badge.textContent()).toBe("Needs reinstall");
    expect(await badge.getAttribute("data-state")).toBe("needs-reinstall");
    expect(await page.getByTestId("reinstall-notice").getByRole("link", { name: "Reinstall ShopSync" }).getAttribute("href")).toBe(
      `/?shop=${shop}`,
    );
    // Syncs cannot succeed until the reinstall: the dashboard offers none.
    expect(await page.getByRole("button", { name: "Sync now" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Start sync" }).count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, "refused-token-dashboard.png"), fullPage: true, animations: "disabled" });
    await page.close();
  });
});
