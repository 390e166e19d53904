/**
 * From install to a synced store, over real HTTP: the merchant follows Shopify's OAuth redirects
 * (simulator), the app stores the token and starts the sync, the runner drives the sync function
 * through the app's serve endpoint, and the database ends equal to the simulator's ground truth.
 * One strategy per test file (install-and-sync-auto.test.ts, install-and-sync-paginate.test.ts), so
 * the two run on different workers, each in its own database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyncStatusDto } from "@/lib/sync/sync-status";
import { queryRows, truncateAppTables } from "./database";
import { browse, BROWSER_UA, CookieJar, startStack, waitFor, type Stack } from "./stack";

const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;

const query = queryRows;

async function install(stack: Stack, shop: string) {
  const jar = new CookieJar();
  const hops = await browse(`${stack.app.url}/api/auth/shopify/install?shop=${shop}`, jar);
  return { jar, hops };
}

async function pollStatus(stack: Stack, jar: CookieJar, until: (s: SyncStatusDto) => boolean, timeoutMs = 90_000) {
  const seen: SyncStatusDto[] = [];
  const final = await waitFor(
    async () => {
      const res = await fetch(`${stack.app.url}/api/sync/status`, {
        headers: { cookie: jar.header(stack.app.url), "user-agent": BROWSER_UA },
      });
      expect(res.status).toBe(200);
      const status = (await res.json()) as SyncStatusDto;
      seen.push(status);
      if (status.status === "FAILED") throw new Error(`sync failed: ${status.error}`);
      return until(status) ? status : undefined;
    },
    timeoutMs,
    "the sync to finish",
  );
  return { final, seen };
}

export type InstallStrategy = "auto" | "paginate";

/** The install and sync tests with one SYNC_STRATEGY; the test file of that strategy calls this once. */
export function describeInstallAndSync(strategy: InstallStrategy): void {
  const schema = `runner_install_${strategy}`;
  // A full sync per test, polled for up to 90 s: the project's 60 s test timeout cut it short on a
  // machine at load 25.
  describe(`install and full sync (${strategy})`, { timeout: 240_000 }, () => {
    let stack: Stack;
    /** The merchant's browser after the first install (signed in). */
    let merchant: CookieJar;

    beforeAll(async () => {
      await truncateAppTables();
      stack = await startStack({ runnerSchema: schema, appEnv: { SYNC_STRATEGY: strategy } });
    });
    afterAll(async () => {
      await stack?.stop();
    });

    it("follows OAuth to /syncing, syncs every resource, and the copy equals Shopify's", async () => {
      const shop = stack.sim.demoShop;
      const { jar, hops } = await install(stack, shop);
      merchant = jar;
      expect(hops.map((hop) => hop.status)).toEqual([302, 302, 302, 200]);
      expect(new URL(hops[1]!.url).pathname).toBe("/admin/oauth/authorize");
      expect(new URL(hops[3]!.url).pathname).toBe("/syncing");
      expect(jar.get(stack.app.url, "shopsync_session")).toBeTruthy();

      // the token is stored encrypted, never in clear
      const [stored] = await query<{ accessToken: string; refreshToken: string | null; scopes: string }>(
        `SELECT "accessToken", "refreshToken", scopes FROM "Shop" WHERE domain = $1`,
        [shop],
      );
      expect(stored!.accessToken).toMatch(/^v1:test1:/);
      expect(stored!.refreshToken).toMatch(/^v1:test1:/);
      expect(stored!.scopes).toContain("read_all_orders");

      const { final, seen } = await pollStatus(stack, jar, (s) => s.status === "COMPLETED");
      expect(final.progress).toBe(100);
      expect(final.stages.map((s) => [s.resource, s.status])).toEqual([
        ["products", "COMPLETED"],
        ["orders", "COMPLETED"],
        ["customers", "COMPLETED"],
        ["inventory", "COMPLETED"],
        ["platform_push", "COMPLETED"], // no channel connected: completed at once
      ]);
      // progress never went down while the page was polling
      const progress = seen.map((s) => s.progress);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));

      const truth = stack.sim.store;
      const counts = (
        await query<Record<string, string>>(`SELECT
        (SELECT count(*) FROM "Product") AS products, (SELECT count(*) FROM "ProductVariant") AS variants,
        (SELECT count(*) FROM "Order") AS orders, (SELECT count(*) FROM "OrderLineItem") AS "lineItems",
        (SELECT count(*) FROM "Customer") AS customers, (SELECT count(*) FROM "Location") AS locations,
        (SELECT count(*) FROM "InventoryItem") AS "inventoryItems", (SELECT count(*) FROM "InventoryLevel") AS "inventoryLevels",
        (SELECT count(*) FROM "FailedSyncItem") AS "deadLetters"`)
      )[0]!;
      const levels = [...truth.inventoryLevels.values()].reduce((sum, byLocation) => sum + byLocation.size, 0);
      expect(Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v)]))).toEqual({
        products: truth.products.size,
        variants: truth.variants.size,
        orders: truth.orders.size,
        lineItems: [...truth.orders.values()].reduce((sum, order) => sum + order.lineItems.length, 0),
        customers: truth.customers.size,
        locations: truth.locations.size,
        inventoryItems: truth.inventoryItems.size,
        inventoryLevels: levels,
        deadLetters: 0,
      });
      expect(final.stages.find((s) => s.resource === "orders")!.processed).toBe(truth.orders.size);

      // a deep comparison of a sample of records
      const sample = <T>(items: T[], n: number) => items.filter((_, i) => i % Math.max(1, Math.floor(items.length / n)) === 0).slice(0, n);
      for (const product of sample([...truth.products.values()], 6)) {
        const [row] = await query(`SELECT title, handle, status, vendor, tags, "shopifyUpdatedAt" FROM "Product" WHERE "shopifyId" = $1`, [
          gid("Product", product.id),
        ]);
        expect(row).toEqual({
          title: product.title,
          handle: product.handle,
          status: product.status,
          vendor: product.vendor,
          tags: product.tags,
          shopifyUpdatedAt: new Date(product.updatedAt),
        });
        const variants = await query<{ shopifyId: string; sku: string | null; price: string; position: number }>(
          `SELECT "shopifyId", sku, price::text AS price, position FROM "ProductVariant" WHERE "productId" = $1 ORDER BY position`,
          [gid("Product", product.id)],
        );
        expect(variants.map((v) => [v.shopifyId, v.sku, Number(v.price), v.position])).toEqual(
          product.variantIds
            .map((id) => truth.variants.get(id)!)
            .sort((a, b) => a.position - b.position)
            .map((v) => [gid("ProductVariant", v.id), v.sku, Number(v.price), v.position]),
        );
      }
      for (const order of sample([...truth.orders.values()], 8)) {
        const [row] = await query<{ name: string; totalPrice: string; customerId: string | null; lines: string }>(
          `SELECT name, "totalPrice"::text AS "totalPrice", "customerId", (SELECT count(*) FROM "OrderLineItem" l WHERE l."orderId" = o."shopifyId") AS lines FROM "Order" o WHERE "shopifyId" = $1`,
          [gid("Order", order.id)],
        );
        expect([row!.name, Number(row!.totalPrice), row!.customerId, Number(row!.lines)]).toEqual([
          order.name,
          Number(order.totalPrice),
          order.customerId ? gid("Customer", order.customerId) : null,
          order.lineItems.length,
        ]);
      }
      for (const customer of sample([...truth.customers.values()], 5)) {
        const [row] = await query(`SELECT email, "firstName", "lastName", state FROM "Customer" WHERE "shopifyId" = $1`, [
          gid("Customer", customer.id),
        ]);
        expect(row).toEqual({ email: customer.email, firstName: customer.firstName, lastName: customer.lastName, state: customer.state });
      }
    });

    it("refuses a replayed callback and changes nothing", async () => {
      const shop = stack.sim.demoShop;
      const jar = new CookieJar();
      const hops = await browse(`${stack.app.url}/api/auth/shopify/install?shop=${shop}`, jar, 2); // stop at the callback URL
      const callback = new URL(hops[1]!.location!, hops[1]!.url).toString();
      const before = await query(`SELECT "accessToken", "updatedAt" FROM "Shop" WHERE domain = $1`, [shop]);
      const first = await fetch(callback, { redirect: "manual", headers: { cookie: jar.header(callback), "user-agent": BROWSER_UA } });
      expect(first.status).toBe(302);
      const afterFirst = await query(`SELECT "accessToken" FROM "Shop" WHERE domain = $1`, [shop]);
      // replay: same code, same state, same cookie
      const replay = await fetch(callback, { redirect: "manual", headers: { cookie: jar.header(callback), "user-agent": BROWSER_UA } });
      expect(replay.status).toBeGreaterThanOrEqual(400);
      expect(await query(`SELECT "accessToken" FROM "Shop" WHERE domain = $1`, [shop])).toEqual(afterFirst);
      // forged: a tampered hmac without the state cookie
      const forged = new URL(callback);
      forged.searchParams.set("hmac", "0".repeat(64));
      const forgedRes = await fetch(forged, { redirect: "manual", headers: { "user-agent": BROWSER_UA } });
      expect(forgedRes.status).toBeGreaterThanOrEqual(400);
      expect(before.length).toBe(1);
      // the reinstall did not start a second concurrent sync
      const active = await query(
        `SELECT count(*)::int AS n FROM "SyncRun" r JOIN "Shop" s ON s.id = r."shopId" WHERE s.domain = $1 AND r.status IN ('QUEUED','RUNNING')`,
        [shop],
      );
      expect(active[0]!.n).toBeLessThanOrEqual(1);
    });

    it("starts manual syncs on POST /api/sync, at most 3 an hour", async () => {
      const jar = merchant;
      await pollStatus(stack, jar, (s) => s.status === "COMPLETED");
      const post = (body: unknown, cookie = jar.header(stack.app.url)) =>
        fetch(`${stack.app.url}/api/sync`, {
          method: "POST",
          headers: { cookie, "content-type": "application/json", "user-agent": BROWSER_UA },
          body: JSON.stringify(body),
        });

      expect((await post({}, "")).status).toBe(401);
      const invalid = await post({ resources: ["planets"] });
      expect(invalid.status).toBe(400);
      expect(((await invalid.json()) as { error: { issues: { path: string }[] } }).error.issues[0]!.path).toBe("resources.0");

      const runIds: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await post({ resources: ["customers"], force: true });
        expect(res.status).toBe(202);
        runIds.push(((await res.json()) as { runId: string }).runId);
      }
      expect(new Set(runIds).size).toBe(3);
      const limited = await post({ resources: ["customers"], force: true });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(((await limited.json()) as { error: { message: string } }).error.message).toMatch(/3 manual syncs per hour/);

      // the newest forced run replaces the others and completes; the status route follows it
      const { final } = await pollStatus(stack, jar, (s) => s.runId === runIds[2] && s.status === "COMPLETED");
      expect(final.stages.map((s) => s.resource)).toEqual(["customers"]);
      const runs = await query<{ id: string; status: string }>(`SELECT id, status FROM "SyncRun" WHERE id = ANY($1)`, [runIds]);
      expect(
        runs
          .filter((r) => r.status === "CANCELLED")
          .map((r) => r.id)
          .sort(),
      ).toEqual(runIds.slice(0, 2).sort());
    });

    it("refuses a domain that is not a shop's, with a clear message", async () => {
      const res = await fetch(`${stack.app.url}/api/auth/shopify/install?shop=evil.example.com`, {
        redirect: "manual",
        headers: { "user-agent": BROWSER_UA },
      });
      expect(res.status).toBe(303);
      const back = new URL(res.headers.get("location")!);
      expect(back.pathname).toBe("/");
      expect(back.searchParams.get("error")).toMatch(/not a Shopify store domain/);
    });
  });
}
