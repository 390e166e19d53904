/**
 * The merchant's whole first visit in a real browser, with real components end to end: the landing
 * page's form, the app's install route, the simulator's OAuth authorize page (auto-approved), the
 * callback, the syncing page while the runner drives the real sync function, and the dashboard.
 *
 * The store is the simulator's "tiny" demo shop on the paginated path, with every Admin API request
 * answered after a delay, so the sync lasts long enough for the page's 2-second polling to show
 * progress rising several times.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { truncateAppTables } from "../integration/helpers/database";
import { startStack, type Stack } from "../integration/helpers/stack";
import { DESKTOP_CHROME_UA, launchBrowser, type LaunchedBrowser } from "./helpers/browser";

const ARTIFACTS = path.resolve(import.meta.dirname, "artifacts");
/** Every Admin API request waits this long: a tiny store then takes 10-20 s to sync. */
const SLOW_MS = 300;

let stack: Stack;
let launched: LaunchedBrowser;

/** What the syncing page shows at one instant. */
interface Snapshot {
  at: number;
  overall: number | null;
  /** Per stage, the processed count the bar announces ("12 of 60" / "12 imported, ..."). */
  processed: Record<string, number>;
  states: Record<string, string>;
}

/** Reads the page as a screen reader would: the bars' aria values. Undefined while navigating. */
async function snapshot(page: Page): Promise<Snapshot | undefined> {
  try {
    return await page.evaluate(() => {
      const overallBar = document.querySelector('[role="progressbar"][aria-labelledby="overall-label"]');
      const processed: Record<string, number> = {};
      const states: Record<string, string> = {};
      for (const row of document.querySelectorAll<HTMLElement>("[data-stage]")) {
        const resource = row.dataset.stage!;
        states[resource] = row.dataset.state ?? "";
        const text = row.querySelector('[role="progressbar"]')?.getAttribute("aria-valuetext") ?? "";
        const match = /^([\d,]+)/.exec(text);
        if (match) processed[resource] = Number(match[1]!.replace(/,/g, ""));
      }
      const now = overallBar?.getAttribute("aria-valuenow");
      return { at: Date.now(), overall: now == null ? null : Number(now), processed, states };
    });
  } catch {
    return undefined; // the page navigated away (to the dashboard) between two reads
  }
}

const processedSum = (s: Snapshot) => Object.values(s.processed).reduce((sum, n) => sum + n, 0);

beforeAll(async () => {
  await truncateAppTables();
  stack = await startStack({
    runnerSchema: "runner_e2e_install_walk",
    sim: { faults: { slowRate: 1, slowMs: SLOW_MS } },
    appEnv: { SYNC_STRATEGY: "paginate" },
  });
  // Headless Chromium's User-Agent says "HeadlessChrome"; @shopify/shopify-api runs isbot on the
  // install and callback routes and answers 410 Gone to bots, so the browser presents itself as a
  // desktop Chrome.
  launched = await launchBrowser({ userAgent: DESKTOP_CHROME_UA });
});

afterAll(async () => {
  await launched?.close();
  await stack?.stop();
});

describe("install walk", () => {
  it("landing page -> OAuth -> /syncing with progress rising -> dashboard with Shopify's counts", { timeout: 180_000 }, async () => {
    const page = await launched.context.newPage();
    // Every hop of the OAuth redirect chain, as the browser received it.
    const oauthStatuses: { url: string; status: number; setCookie: string[] }[] = [];
    page.on("response", async (response) => {
      const url = new URL(response.url());
      if (url.pathname.startsWith("/api/auth/shopify/") || url.pathname === "/admin/oauth/authorize") {
        const setCookie = (await response.headersArray())
          .filter((h) => h.name.toLowerCase() === "set-cookie")
          .map((h) => h.value.split(";")[0]!.split("=")[0]!);
        oauthStatuses.push({ url: `${url.host}${url.pathname}`, status: response.status(), setCookie });
      }
    });

    await page.goto(`${stack.app.url}/`);
    await page.getByLabel("Your Shopify store").fill(stack.sim.demoShop);
    const started = Date.now();
    await page.getByRole("button", { name: "Install ShopSync" }).click();
    await page.waitForURL(`${stack.app.url}/syncing`, { timeout: 60_000 });

    // The redirects the browser followed: install -> Shopify's authorize -> callback -> /syncing.
    const app = new URL(stack.app.url).host;
    expect(oauthStatuses.map((r) => [r.url, r.status])).toEqual([
      [`${app}/api/auth/shopify/install`, 302],
      [`${new URL(stack.sim.url).host}/admin/oauth/authorize`, 302],
      [`${app}/api/auth/shopify/callback`, 302],
    ]);
    // The state cookie (Secure, set on http://127.0.0.1) was stored and sent back: the callback
    // accepted it and cleared it, and the session cookie is set.
    expect(oauthStatuses[0]!.setCookie).toContain("shopify_app_state");
    const cookies = await launched.context.cookies(stack.app.url);
    expect(cookies.map((c) => c.name)).toContain("shopsync_session");
    expect(cookies.map((c) => c.name)).not.toContain("shopify_app_state");

    // Watch the syncing page until it takes the merchant to the dashboard.
    const seen: Snapshot[] = [];
    let screenshot = false;
    await mkdir(ARTIFACTS, { recursive: true });
    const deadline = Date.now() + 150_000;
    while (new URL(page.url()).pathname === "/syncing") {
      if (Date.now() > deadline) throw new Error(`the sync did not finish in time; last seen: ${JSON.stringify(seen.at(-1))}`);
      const s = await snapshot(page);
      if (s && s.overall !== null) {
        seen.push(s);
        if (!screenshot && s.overall > 0 && s.overall < 100 && processedSum(s) > 0) {
          await page
            .screenshot({ path: path.join(ARTIFACTS, "install-walk-syncing.png"), fullPage: true, animations: "disabled" })
            .catch(() => undefined);
          screenshot = true;
        }
      }
      await page.waitForTimeout(200);
    }
    await page.waitForURL(`${stack.app.url}/dashboard`, { timeout: 30_000 });
    const syncSeconds = (Date.now() - started) / 1000;

    // Progress rose while the page watched: several different values, never going back.
    const changes = seen.filter((s, i) => i === 0 || s.overall !== seen[i - 1]!.overall || processedSum(s) !== processedSum(seen[i - 1]!));
    console.log(
      `install walk: ${syncSeconds.toFixed(1)} s from submit to dashboard; the page showed ` +
        changes.map((s) => `${((s.at - started) / 1000).toFixed(1)}s ${s.overall}% (${processedSum(s)} records)`).join(", "),
    );
    const midRun = seen.filter((s) => s.overall! < 100);
    const distinctProgress = new Set(midRun.map((s) => s.overall));
    const distinctProcessed = new Set(midRun.map(processedSum));
    expect(Math.max(distinctProgress.size, distinctProcessed.size)).toBeGreaterThanOrEqual(2);
    expect(midRun.some((s) => s.overall! > 0 && processedSum(s) > 0)).toBe(true);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.overall!).toBeGreaterThanOrEqual(seen[i - 1]!.overall!);
      for (const [resource, n] of Object.entries(seen[i - 1]!.processed))
        expect(seen[i]!.processed[resource] ?? 0).toBeGreaterThanOrEqual(n);
    }
    expect(screenshot).toBe(true);

    // The dashboard shows what Shopify (the simulator's ground truth) holds.
    const truth = stack.sim.store;
    const fmt = (n: number) => n.toLocaleString("en-US");
    const shown = async (testId: string) => (await page.getByTestId(testId).textContent())?.trim();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(stack.sim.demoShop);
    expect({
      products: await shown("count-products"),
      variants: await shown("count-variants"),
      orders: await shown("count-orders"),
      customers: await shown("count-customers"),
      locations: await shown("count-locations"),
      inventoryItems: await shown("count-inventoryItems"),
      inventoryLevels: await shown("count-inventoryLevels"),
      deadLetters: await shown("dead-letters"),
    }).toEqual({
      products: fmt(truth.products.size),
      variants: fmt(truth.variants.size),
      orders: fmt(truth.orders.size),
      customers: fmt(truth.customers.size),
      locations: fmt(truth.locations.size),
      inventoryItems: fmt(truth.inventoryItems.size),
      inventoryLevels: fmt([...truth.inventoryLevels.values()].reduce((sum, byLocation) => sum + byLocation.size, 0)),
      deadLetters: "0",
    });
    expect(await shown("sync-status")).toBe("Up to date");
    await page.screenshot({ path: path.join(ARTIFACTS, "install-walk-dashboard.png"), fullPage: true, animations: "disabled" });
    await page.close();
  });
});
