/**
 * The full sync under the failures Shopify really produces, on one path per test file
 * (sync-faults-paginated.test.ts, sync-faults-bulk.test.ts), so the two paths run on different
 * workers. Every scenario installs its own shop through OAuth. They run one after the other: the
 * simulator answers in the test's own process, and five syncs at once there slow its answers past
 * the app's 2 s request timeout on a busy machine. Tokens live 6 seconds (refreshed 2 seconds
 * before expiry), so every sync here also outlives several access tokens and must refresh them to
 * finish. The shops are on Shopify's Standard plan (the throttle storm, and the syncs that must
 * outlive several tokens, need Shopify's own bucket figures), except where a scenario's proof does
 * not involve time (dead letters, denied customer data): those take the tests' faster refill.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyncStatusDto } from "@/lib/sync/sync-status";
import { isMalformed } from "../../../dev/shopify-sim/faults";
import type { FaultsPatch } from "../../../dev/shopify-sim/faults";
import { queryRows, truncateAppTables } from "./database";
import { browse, BROWSER_UA, CookieJar, startStack, TEST_PLAN, waitFor, type Stack } from "./stack";
import type { PlanOption } from "../../../dev/shopify-sim/index";

async function count(sql: string, params: unknown[]): Promise<number> {
  return Number((await queryRows<{ n: string }>(sql, params))[0]!.n);
}

let shopSeq = 0;

/** A fresh generated shop with the given faults, installed through OAuth; returns its final status. */
interface ScenarioOptions {
  /** Runs once the install has started the sync (e.g. ends a throttle storm after a while). */
  during?: (domain: string) => Promise<void>;
  /** The shop's plan; default Shopify's Standard (the stack's). */
  plan?: PlanOption;
}

async function syncShopWith(stack: Stack, faults: FaultsPatch, { during, plan }: ScenarioOptions = {}) {
  const domain = `faults-${process.pid}-${++shopSeq}.myshopify.com`;
  stack.sim.control.addShop(domain, { size: "tiny", seed: shopSeq, plan });
  stack.sim.control.setFaults(domain, faults);
  const jar = new CookieJar();
  const hops = await browse(`${stack.app.url}/api/auth/shopify/install?shop=${domain}`, jar);
  expect(hops.at(-1)!.url).toMatch(/\/syncing$/);
  const duringDone = during?.(domain);
  const final = await waitFor(
    async () => {
      const res = await fetch(`${stack.app.url}/api/sync/status`, {
        headers: { cookie: jar.header(stack.app.url), "user-agent": BROWSER_UA },
      });
      const status = (await res.json()) as SyncStatusDto;
      return status.status === "COMPLETED" || status.status === "FAILED" ? status : undefined;
    },
    150_000,
    `the sync of ${domain}`,
  );
  await duringDone;
  if (final.status === "FAILED")
    console.log(
      stack.app
        .output()
        .split("\n")
        .filter((l) => /refresh|401|Error/.test(l))
        .slice(-30)
        .join("\n"),
    );
  const shop = stack.sim.control.shop(domain);
  const shopId = await shopIdOf(domain);
  return { domain, final, store: shop.store, shopId };
}

async function shopIdOf(domain: string): Promise<string> {
  return (await queryRows<{ id: string }>(`SELECT id FROM "Shop" WHERE domain = $1`, [domain]))[0]!.id;
}

const stored = (table: string, shopId: string) => count(`SELECT count(*) AS n FROM "${table}" WHERE "shopId" = $1`, [shopId]);

async function expectComplete(result: Awaited<ReturnType<typeof syncShopWith>>) {
  expect(result.final.error).toBeNull();
  expect(result.final.status).toBe("COMPLETED");
  const { store, shopId } = result;
  expect(await stored("Product", shopId)).toBe(store.products.size);
  expect(await stored("ProductVariant", shopId)).toBe(store.variants.size);
  expect(await stored("Order", shopId)).toBe(store.orders.size);
  expect(await stored("Customer", shopId)).toBe(store.customers.size);
  expect(await stored("InventoryItem", shopId)).toBe(store.inventoryItems.size);
  expect(await stored("FailedSyncItem", shopId)).toBe(0);
}

const SCENARIO_TIMEOUT = 240_000;

export type FaultsPath = "paginated" | "bulk";

/** The scenarios of one path; the test file of that path calls this once. */
export function describeSyncFaults(path: FaultsPath): void {
  const strategy = path === "bulk" ? "bulk" : "paginate";
  // Each scenario's shop keeps the seed it had when both paths ran in one file, one after the other.
  shopSeq = path === "bulk" ? 5 : 0;
  describe(`full sync under faults (${path} path)`, { timeout: SCENARIO_TIMEOUT }, () => {
    let stack: Stack;
    beforeAll(async () => {
      await truncateAppTables();
      stack = await startStack({
        runnerSchema: `runner_faults_${path}`,
        sim: { tokenLifetimeSeconds: 6, plan: "standard" },
        appEnv: { SYNC_STRATEGY: strategy, SHOPIFY_TOKEN_REFRESH_MARGIN_SECONDS: "2", SHOPIFY_REQUEST_TIMEOUT_MS: "2000" },
      });
    });
    afterAll(async () => {
      await stack?.stop();
    });

    it("rides out 5xx answers and timeouts, and refreshes expiring tokens", async () => {
      const result = await syncShopWith(stack, { errorRate: 0.15, errorStatus: 503, timeoutRate: 0.03, timeoutMs: 2500 });
      await expectComplete(result);
      // the token rotated: what is stored is not the token the install received. The install's token
      // expires 6 s after the install; a refreshed one, taken 2 s before that at the earliest,
      // expires at least 10 s after it. (Compared with now(), a busy machine could read the last
      // refreshed token as expired by the time the sync's result is checked.)
      expect(
        await count(
          `SELECT count(*) AS n FROM "Shop" WHERE domain = $1 AND "accessTokenExpiresAt" > "installedAt" + interval '8 seconds'`,
          [result.domain],
        ),
      ).toBe(1);
    });

    it("keeps the shop working when a token refresh's answer is lost after Shopify rotated the pair", async () => {
      // Shopify carries out two refreshes whose answers never arrive (held past the app's 15 s
      // OAuth timeout, then the socket closes): the app must keep the stored pair, not give up.
      // Requests are slowed so the sync outlives several 6-second tokens on either path. The faults
      // start once the install has landed on /syncing: slowed, the install callback's webhook
      // registration can outlast the new token's first 4 s on a busy machine, and its own refresh
      // would then be the lost one (the callback fails; the merchant installs again). The sync's
      // Shopify requests are then held until the stored token is due for its refresh (2 s before
      // expiry), so the sync must refresh however fast it would otherwise finish (a tiny store's
      // bulk sync can complete inside one 6-second token).
      const result = await syncShopWith(
        stack,
        {},
        {
          during: async (domain) => {
            stack.sim.control.setFaults(domain, { lostRefreshResponses: 2, timeoutMs: 16_000, slowRate: 1, slowMs: 150 });
            const hold = stack.sim.control.holdAdminRequests(domain);
            await waitFor(
              async () =>
                (await count(
                  `SELECT count(*) AS n FROM "Shop" WHERE domain = $1 AND "accessTokenExpiresAt" < now() + interval '2 seconds'`,
                  [domain],
                )) === 1 || undefined,
              60_000,
              "the install's token to be due for its refresh",
            );
            hold.release();
          },
        },
      );
      expect(stack.sim.control.shop(result.domain).faults.lostRefreshResponses).toBe(0);
      await expectComplete(result);
      const [shop] = await queryRows<{ needsReinstall: boolean }>(`SELECT "needsReinstall" FROM "Shop" WHERE domain = $1`, [result.domain]);
      expect(shop).toEqual({ needsReinstall: false });
    });

    it("rides out a throttle storm", async () => {
      const result = await syncShopWith(
        stack,
        { restoreRateFactor: 0.02 },
        {
          during: async (domain) => {
            await new Promise((resolve) => setTimeout(resolve, 4_000));
            stack.sim.control.setFaults(domain, { restoreRateFactor: 1 });
          },
        },
      );
      await expectComplete(result);
    });

    it("dead-letters malformed records with their raw payload and syncs everything else", async () => {
      const result = await syncShopWith(stack, { malformedRate: 0.25 }, { plan: TEST_PLAN });
      expect(result.final.status, `${result.final.error} ${JSON.stringify(result.final.stages)}`).toBe("COMPLETED");
      const { store, shopId } = result;
      const badProducts = [...store.products.values()].filter((p) => isMalformed(stack.sim.control.shop(result.domain).faults, p.id));
      expect(badProducts.length).toBeGreaterThan(0);
      expect(await stored("Product", shopId)).toBe(store.products.size - badProducts.length);
      const letters = await count(`SELECT count(*) AS n FROM "FailedSyncItem" WHERE "shopId" = $1 AND "entityType" = 'Product'`, [shopId]);
      expect(letters).toBe(badProducts.length);
      expect(
        await count(`SELECT count(*) AS n FROM "FailedSyncItem" WHERE "shopId" = $1 AND "rawPayload" LIKE '%\\u0000%'`, [shopId]),
      ).toBeGreaterThan(0);
      // every order is either stored or dead-lettered: nothing is lost
      const orders = await stored("Order", shopId);
      const orderLetters = await count(`SELECT count(*) AS n FROM "FailedSyncItem" WHERE "shopId" = $1 AND "entityType" = 'Order'`, [
        shopId,
      ]);
      expect(orders + orderLetters).toBe(store.orders.size);
      expect(orderLetters).toBeGreaterThan(0);
    });

    it("skips customers when Shopify denies protected customer data, and completes the rest", async () => {
      const result = await syncShopWith(stack, { protectedCustomerData: true }, { plan: TEST_PLAN });
      expect(result.final.status, `${result.final.error} ${JSON.stringify(result.final.stages)}`).toBe("COMPLETED");
      const customers = result.final.stages.find((s) => s.resource === "customers")!;
      expect(customers.status).toBe("SKIPPED");
      expect(customers.error).toMatch(/denied/i);
      const orders = result.final.stages.find((s) => s.resource === "orders")!;
      expect(orders, JSON.stringify(result.final.stages)).toMatchObject({ status: "COMPLETED" });
      expect(orders.error).toMatch(/Order emails were not copied/);
      expect(await stored("Order", result.shopId)).toBe(result.store.orders.size);
      expect(await stored("Product", result.shopId)).toBe(result.store.products.size);
      expect(await stored("Customer", result.shopId)).toBe(0);
    });

    if (strategy === "bulk") {
      // Every export fails after 120 objects (more than the biggest product with its 101 variants and
      // the next product's first line), so each resource needs several exports, each resuming where
      // the last one's partial data ended. The tiny store has 128-153 inventory items: an ungrouped
      // export writes them all before their levels, so its partial file holds no level at all.
      it("resumes a failed bulk export from its partial data", async () => {
        const result = await syncShopWith(stack, { bulkFailure: { errorCode: "INTERNAL_SERVER_ERROR", afterObjects: 120 } });
        await expectComplete(result);
        expect(await count(`SELECT count(*) AS n FROM "OrderLineItem" WHERE "shopId" = $1`, [result.shopId])).toBe(
          [...result.store.orders.values()].reduce((sum, order) => sum + order.lineItems.length, 0),
        );
      });
    }
  });
}
