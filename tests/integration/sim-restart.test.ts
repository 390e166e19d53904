/**
 * Restart-proof development: the merchant installs the demo shop, the Shopify simulator restarts on
 * the same state directory (as `npm run dev` does after Ctrl-C), and the app carries on with the
 * token it was given: webhooks still arrive (the subscriptions were kept) and "Sync now" succeeds
 * without a refresh or a reinstall.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShopifySim, type ShopifySimOptions } from "../../dev/shopify-sim/index";
import type { SyncStatusDto } from "@/lib/sync/sync-status";
import { TEST_APP_ENV } from "./helpers/app-server";
import { queryRows, truncateAppTables } from "./helpers/database";
import { browse, BROWSER_UA, CookieJar, startStack, waitFor, type Stack } from "./helpers/stack";

let stack: Stack;
let stateDir: string;

/** The simulator as the stack starts it, keeping its state in `stateDir`. */
const simOptions = (): ShopifySimOptions => ({
  size: "tiny",
  bulkObjectsPerSecond: Number.POSITIVE_INFINITY,
  bulkStartDelayMs: 20,
  webhookRetryScale: 0.0001,
  stateDir,
});

async function status(jar: CookieJar): Promise<SyncStatusDto> {
  const response = await fetch(`${stack.app.url}/api/sync/status`, {
    headers: { cookie: jar.header(stack.app.url), "user-agent": BROWSER_UA },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as SyncStatusDto;
}

/** Waits for the sync run `runId` (or the newest) to finish, and returns its final status. */
function finished(jar: CookieJar, runId?: string): Promise<SyncStatusDto> {
  return waitFor(
    async () => {
      const current = await status(jar);
      if (runId && current.runId !== runId) return undefined;
      return current.status === "COMPLETED" || current.status === "FAILED" ? current : undefined;
    },
    90_000,
    "the sync to finish",
  );
}

const storedTokens = async (shop: string) =>
  (
    await queryRows<{ accessToken: string; refreshToken: string | null; needsReinstall: boolean }>(
      `SELECT "accessToken", "refreshToken", "needsReinstall" FROM "Shop" WHERE domain = $1`,
      [shop],
    )
  )[0]!;

beforeAll(async () => {
  await truncateAppTables();
  stateDir = mkdtempSync(path.join(tmpdir(), "shopsync-sim-state-"));
  stack = await startStack({ runnerSchema: "runner_sim_restart", sim: simOptions() });
});

afterAll(async () => {
  await stack?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe("a simulator restart on the same state directory", () => {
  it("keeps the installed shop working: webhooks arrive and the next sync succeeds with the same token", { timeout: 240_000 }, async () => {
    const shop = stack.sim.demoShop;
    const jar = new CookieJar();
    const hops = await browse(`${stack.app.url}/api/auth/shopify/install?shop=${shop}`, jar);
    expect(new URL(hops.at(-1)!.url).pathname).toBe("/syncing");
    const installSync = await finished(jar);
    expect(installSync.status).toBe("COMPLETED");
    const tokensBefore = await storedTokens(shop);

    const port = stack.sim.port;
    await stack.sim.stop();
    stack.sim = await startShopifySim({
      ...simOptions(),
      port,
      apiKey: TEST_APP_ENV.SHOPIFY_API_KEY,
      apiSecret: TEST_APP_ENV.SHOPIFY_API_SECRET,
    });

    // The app's webhook subscriptions survived: a change made after the restart reaches the app.
    const product = stack.sim.store.products.values().next().value!;
    stack.sim.control.updateProduct(shop, product.id, { title: "Renamed after the restart" });
    await waitFor(
      async () => {
        const [row] = await queryRows<{ title: string }>(`SELECT title FROM "Product" WHERE "shopifyId" = $1`, [
          `gid://shopify/Product/${product.id}`,
        ]);
        return row?.title === "Renamed after the restart" ? true : undefined;
      },
      60_000,
      "the products/update webhook to be processed",
    );

    // "Sync now", as the dashboard's button sends it.
    const response = await fetch(`${stack.app.url}/api/sync`, {
      method: "POST",
      headers: { cookie: jar.header(stack.app.url), "user-agent": BROWSER_UA, origin: stack.app.url, "content-type": "application/json" },
      body: JSON.stringify({ full: true }),
    });
    expect(response.status).toBe(202);
    const { runId } = (await response.json()) as { runId: string };
    const sync = await finished(jar, runId);
    expect({ status: sync.status, error: sync.error, notices: sync.notices }).toEqual({ status: "COMPLETED", error: null, notices: [] });
    expect(sync.stages.every((stage) => stage.status === "COMPLETED")).toBe(true);
    expect(stack.sim.shop.bucket(TEST_APP_ENV.SHOPIFY_API_KEY).stats().requests).toBeGreaterThan(0);

    // Same token: neither refreshed nor replaced by a reinstall.
    expect(await storedTokens(shop)).toEqual({ ...tokensBefore, needsReinstall: false });
    const [counts] = await queryRows<{ products: string }>(`SELECT count(*) AS products FROM "Product"`);
    expect(Number(counts!.products)).toBe(stack.sim.store.products.size);
  });
});
