/**
 * Uninstall and Shopify's compliance webhooks over real HTTP (app, runner, simulator, PostgreSQL):
 * customers/data_request exports what is stored, customers/redact erases a customer's personal
 * data, app/uninstalled in the middle of a full sync cancels it and nothing more is written for
 * the shop, and shop/redact deletes the shop's data.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl, truncateAppTables } from "./helpers/database";
import { BROWSER_UA, startStack, waitFor, type CookieJar, type Stack } from "./helpers/stack";
import { installAndSync, postWebhook, query as queryAt, restProduct, webhookRequest, type WebhookInit } from "./helpers/webhooks";

const RUNNER_SCHEMA = "runner_webhooks_lifecycle";
const numericId = (id: string) => Number(id.split("/").pop());
const query = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => queryAt<T>(testDatabaseUrl(), sql, params);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A signed delivery with one of Shopify's (unsigned) headers left out. */
function webhookRequestWithout(header: string, init: WebhookInit) {
  const request = webhookRequest(init);
  delete request.headers[header];
  return request;
}

async function waitProcessed(eventId: string): Promise<{ status: string; error: string | null }> {
  return waitFor(
    async () =>
      (
        await query<{ status: string; error: string | null }>(`SELECT status, error FROM "WebhookLog" WHERE "eventId" = $1`, [eventId])
      ).find((row) => row.status !== "RECEIVED"),
    60_000,
    `webhook ${eventId} to be processed`,
  );
}

describe("uninstall and compliance webhooks", () => {
  let stack: Stack;
  let shop: string;
  let shopId: string;
  let merchant: CookieJar;

  beforeAll(async () => {
    await truncateAppTables();
    stack = await startStack({ runnerSchema: RUNNER_SCHEMA, appEnv: { SYNC_STRATEGY: "paginate" } });
    shop = stack.sim.demoShop;
    ({ shopId, jar: merchant } = await installAndSync(stack, shop));
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** A stored customer with at least one stored order, and those orders. */
  async function customerWithOrders(skip = 0) {
    const [customer] = await query<{ shopifyId: string; email: string | null }>(
      `SELECT c."shopifyId", c.email FROM "Customer" c WHERE c."shopId" = $1 AND c.email IS NOT NULL
         AND EXISTS (SELECT 1 FROM "Order" o WHERE o."customerId" = c."shopifyId") ORDER BY c."shopifyId" OFFSET $2 LIMIT 1`,
      [shopId, skip],
    );
    const orders = await query<{ shopifyId: string }>(
      `SELECT "shopifyId" FROM "Order" WHERE "customerId" = $1 OR email = $2 ORDER BY "shopifyId"`,
      [customer!.shopifyId, customer!.email],
    );
    return { customer: customer!, orders: orders.map((o) => o.shopifyId) };
  }

  it("customers/data_request records a JSON export of the customer's stored rows", async () => {
    const { customer, orders } = await customerWithOrders();
    const [stored] = await query<Record<string, unknown>>(`SELECT "firstName", "lastName", phone FROM "Customer" WHERE "shopifyId" = $1`, [
      customer.shopifyId,
    ]);
    const lines = await query<{ shopifyId: string }>(
      `SELECT "shopifyId" FROM "OrderLineItem" WHERE "orderId" = ANY($1) ORDER BY "shopifyId"`,
      [orders],
    );
    const res = await postWebhook(stack.app.url, {
      topic: "customers/data_request",
      shop,
      body: {
        shop_id: 1,
        shop_domain: shop,
        orders_requested: orders.map(numericId),
        customer: { id: numericId(customer.shopifyId), email: customer.email, phone: null },
        data_request: { id: 9_001 },
      },
    });
    expect(res.status).toBe(200);
    expect((await waitProcessed(res.eventId)).status).toBe("PROCESSED");
    const exports = await query<{
      customerId: string;
      shopifyRequestId: string;
      payload: { customers: Record<string, unknown>[]; orders: { shopifyId: string; lineItems: { shopifyId: string }[] }[] };
      completedAt: Date | null;
    }>(`SELECT "customerId", "shopifyRequestId", payload, "completedAt" FROM "DataRequestExport" WHERE "shopId" = $1`, [shopId]);
    expect(exports).toHaveLength(1);
    const [record] = exports;
    expect(record).toMatchObject({ customerId: customer.shopifyId, shopifyRequestId: "9001" });
    expect(record!.completedAt).toBeInstanceOf(Date);
    expect(record!.payload.customers).toEqual([
      expect.objectContaining({ shopifyId: customer.shopifyId, email: customer.email, ...stored }),
    ]);
    expect(record!.payload.orders.map((o) => o.shopifyId).sort()).toEqual(orders);
    expect(record!.payload.orders.flatMap((o) => o.lineItems.map((l) => l.shopifyId)).sort()).toEqual(lines.map((l) => l.shopifyId));
  });

  it("customers/redact erases the customer's personal data and their orders' email, and nothing else", async () => {
    const { customer, orders } = await customerWithOrders();
    const other = await customerWithOrders(1);
    const res = await postWebhook(stack.app.url, {
      topic: "customers/redact",
      shop,
      body: {
        shop_id: 1,
        shop_domain: shop,
        customer: { id: numericId(customer.shopifyId), email: customer.email, phone: null },
        orders_to_redact: orders.map(numericId),
      },
    });
    expect(res.status).toBe(200);
    expect((await waitProcessed(res.eventId)).status).toBe("PROCESSED");
    const [redacted] = await query<Record<string, unknown>>(
      `SELECT email, "firstName", "lastName", phone, "redactedAt" IS NOT NULL AS redacted FROM "Customer" WHERE "shopifyId" = $1`,
      [customer.shopifyId],
    );
    expect(redacted).toEqual({ email: null, firstName: null, lastName: null, phone: null, redacted: true });
    expect(await query(`SELECT count(*)::int AS n FROM "Order" WHERE "shopifyId" = ANY($1) AND email IS NOT NULL`, [orders])).toEqual([
      { n: 0 },
    ]);
    expect(await query(`SELECT count(*)::int AS n FROM "Order" WHERE "shopifyId" = ANY($1)`, [orders])).toEqual([{ n: orders.length }]);
    // another customer keeps their data
    expect(await query(`SELECT email FROM "Customer" WHERE "shopifyId" = $1`, [other.customer.shopifyId])).toEqual([
      { email: other.customer.email },
    ]);
  });

  it(
    "a late or replayed app/uninstalled from before the latest install neither uninstalls the shop nor cancels its sync",
    { timeout: 180_000 },
    async () => {
      stack.sim.control.setFaults(shop, { slowRate: 1, slowMs: 300 });
      const started = await fetch(`${stack.app.url}/api/sync`, {
        method: "POST",
        headers: { cookie: merchant.header(stack.app.url), "content-type": "application/json", "user-agent": BROWSER_UA },
        body: JSON.stringify({ force: true }),
      });
      expect(started.status).toBe(202);
      const { runId } = (await started.json()) as { runId: string };
      await waitFor(
        async () =>
          (await query<{ status: string }>(`SELECT status FROM "SyncRun" WHERE id = $1`, [runId]))[0]?.status === "RUNNING"
            ? true
            : undefined,
        60_000,
        "the sync to run",
      );
      const [installed] = await query<{ installedAt: Date }>(`SELECT "installedAt" FROM "Shop" WHERE id = $1`, [shopId]);
      const before = new Date(installed!.installedAt.getTime() - 60 * 60 * 1000).toISOString();
      const body = { id: 1, name: "Demo", myshopify_domain: shop, domain: shop };
      // Shopify's late retry of an uninstall from before the reinstall, and the same body replayed without its header.
      const late = await postWebhook(stack.app.url, { topic: "app/uninstalled", shop, body, triggeredAt: before });
      expect([late.status, late.json.outcome]).toEqual([200, "ignored"]);
      const unordered = webhookRequestWithout("x-shopify-triggered-at", { topic: "app/uninstalled", shop, body });
      const replay = await fetch(`${stack.app.url}/api/webhooks/shopify`, {
        method: "POST",
        headers: unordered.headers,
        body: unordered.body,
      });
      expect([replay.status, ((await replay.json()) as { outcome: string }).outcome]).toEqual([200, "ignored"]);

      stack.sim.control.setFaults(shop, { slowRate: 0 });
      const finished = await waitFor(
        async () =>
          (await query<{ status: string; error: string | null }>(`SELECT status, error FROM "SyncRun" WHERE id = $1`, [runId])).find(
            (run) => !["QUEUED", "RUNNING"].includes(run.status),
          ),
        120_000,
        "the sync to finish",
      );
      expect(finished).toEqual({ status: "COMPLETED", error: null });
      const [row] = await query<{ uninstalledAt: Date | null; hasToken: boolean }>(
        `SELECT "uninstalledAt", "accessToken" IS NOT NULL AS "hasToken" FROM "Shop" WHERE id = $1`,
        [shopId],
      );
      expect(row).toEqual({ uninstalledAt: null, hasToken: true });
    },
  );

  it(
    "app/uninstalled in the middle of a full sync cancels it, discards the tokens, and nothing more is written",
    { timeout: 180_000 },
    async () => {
      // Slow Shopify down so the sync is still running when the merchant uninstalls.
      stack.sim.control.setFaults(shop, { slowRate: 1, slowMs: 800 });
      const started = await fetch(`${stack.app.url}/api/sync`, {
        method: "POST",
        headers: { cookie: merchant.header(stack.app.url), "content-type": "application/json", "user-agent": BROWSER_UA },
        body: JSON.stringify({ force: true }),
      });
      expect(started.status).toBe(202);
      const { runId } = (await started.json()) as { runId: string };
      // wait until it has written records (the products stage finished), with stages still to go
      await waitFor(
        async () => {
          const stages = await query<{ resource: string; status: string }>(
            `SELECT resource, status FROM "SyncStage" WHERE "syncRunId" = $1`,
            [runId],
          );
          return stages.find((s) => s.resource === "products")?.status === "COMPLETED" ? true : undefined;
        },
        90_000,
        "the sync's products stage",
      );
      const [running] = await query<{ status: string }>(`SELECT status FROM "SyncRun" WHERE id = $1`, [runId]);
      expect(running!.status).toBe("RUNNING");

      stack.sim.control.uninstall(shop); // Shopify sends app/uninstalled and revokes the token
      const shopRow = await waitFor(
        async () =>
          (
            await query<{ uninstalledAt: Date | null; accessToken: string | null; refreshToken: string | null }>(
              `SELECT "uninstalledAt", "accessToken", "refreshToken" FROM "Shop" WHERE id = $1`,
              [shopId],
            )
          ).find((s) => s.uninstalledAt !== null),
        60_000,
        "the shop to be marked uninstalled",
      );
      expect(shopRow).toMatchObject({ accessToken: null, refreshToken: null });
      const uninstalledAt = shopRow.uninstalledAt!;
      // The uninstall commits the shop's row, then cancels its runs (a second statement): wait for it.
      const run = await waitFor(
        async () =>
          (await query<{ status: string; error: string | null }>(`SELECT status, error FROM "SyncRun" WHERE id = $1`, [runId])).find(
            (r) => r.status !== "RUNNING",
          ),
        60_000,
        "the run to leave RUNNING",
      );
      expect(run).toEqual({ status: "CANCELLED", error: "the app was uninstalled" });
      const inngestRun = await waitFor(
        async () =>
          (
            await query<{ status: string }>(
              `SELECT status FROM ${RUNNER_SCHEMA}.runs WHERE function_id LIKE '%sync-shop' AND event->'data'->>'syncRunId' = $1`,
              [runId],
            )
          ).find((r) => ["cancelled", "failed", "completed"].includes(r.status)),
        60_000,
        "the sync's Inngest run to end",
      );
      expect(inngestRun.status).toBe("cancelled");

      // a product update for the uninstalled shop is accepted (200) and not stored
      const [product] = await query<{ shopifyId: string; title: string }>(
        `SELECT "shopifyId", title FROM "Product" WHERE "shopId" = $1 LIMIT 1`,
        [shopId],
      );
      const late = await postWebhook(stack.app.url, {
        topic: "products/update",
        shop,
        body: restProduct(numericId(product!.shopifyId), { title: "After uninstall", updatedAt: "2035-01-01T00:00:00Z" }),
      });
      expect(late.status).toBe(200);
      expect(late.json.outcome).toBe("ignored");

      await sleep(6_000); // several of the slowed sync's requests' worth: time to write, were it still writing
      const newer = await query<{ table: string; n: number }>(
        `SELECT t AS table, n FROM (
         SELECT 'Product' AS t, count(*)::int AS n FROM "Product" WHERE "shopId" = $1 AND "syncedAt" > $2
         UNION ALL SELECT 'ProductVariant', count(*)::int FROM "ProductVariant" WHERE "shopId" = $1 AND "syncedAt" > $2
         UNION ALL SELECT 'Order', count(*)::int FROM "Order" WHERE "shopId" = $1 AND "syncedAt" > $2
         UNION ALL SELECT 'OrderLineItem', count(*)::int FROM "OrderLineItem" WHERE "shopId" = $1 AND "syncedAt" > $2
         UNION ALL SELECT 'Customer', count(*)::int FROM "Customer" WHERE "shopId" = $1 AND "syncedAt" > $2
         UNION ALL SELECT 'Location', count(*)::int FROM "Location" WHERE "shopId" = $1 AND "syncedAt" > $2
         UNION ALL SELECT 'InventoryItem', count(*)::int FROM "InventoryItem" WHERE "shopId" = $1 AND "syncedAt" > $2
         UNION ALL SELECT 'InventoryLevel', count(*)::int FROM "InventoryLevel" WHERE "shopId" = $1 AND "syncedAt" > $2) x WHERE n > 0`,
        [shopId, uninstalledAt],
      );
      expect(newer).toEqual([]);
      expect(await query(`SELECT title FROM "Product" WHERE "shopifyId" = $1`, [product!.shopifyId])).toEqual([{ title: product!.title }]);
      stack.sim.control.setFaults(shop, { slowRate: 0 });
    },
  );

  it("shop/redact deletes the uninstalled shop's data", async () => {
    expect(await query(`SELECT count(*)::int AS n FROM "Product" WHERE "shopId" = $1`, [shopId])).not.toEqual([{ n: 0 }]);
    // A signed body naming another shop, posted under this shop's header (hazard R21): not acted on.
    const forged = await postWebhook(stack.app.url, {
      topic: "shop/redact",
      shop,
      body: { shop_id: 2, shop_domain: "someone-else.myshopify.com" },
      eventId: randomUUID(),
    });
    expect(forged.status).toBe(200);
    const outcome = await waitFor(
      async () =>
        (
          await query<{ status: string; error: string | null }>(`SELECT status, error FROM "WebhookLog" WHERE "eventId" = $1`, [
            forged.eventId,
          ])
        ).find((row) => row.status !== "RECEIVED"),
      60_000,
      "the forged shop/redact to be processed",
    );
    expect(outcome).toEqual({ status: "PROCESSED", error: `the payload names someone-else.myshopify.com, not ${shop}: not acted on` });
    expect(await query(`SELECT count(*)::int AS n FROM "Shop" WHERE id = $1`, [shopId])).toEqual([{ n: 1 }]);
    const res = await postWebhook(stack.app.url, {
      topic: "shop/redact",
      shop,
      body: { shop_id: 1, shop_domain: shop },
      eventId: randomUUID(),
    });
    expect(res.status).toBe(200);
    await waitFor(
      async () => ((await query(`SELECT 1 FROM "Shop" WHERE id = $1`, [shopId])).length === 0 ? true : undefined),
      60_000,
      "the shop to be deleted",
    );
    const left = await query<Record<string, number>>(
      `SELECT (SELECT count(*)::int FROM "Product" WHERE "shopId" = $1) AS products, (SELECT count(*)::int FROM "Order" WHERE "shopId" = $1) AS orders,
              (SELECT count(*)::int FROM "Customer" WHERE "shopId" = $1) AS customers, (SELECT count(*)::int FROM "InventoryLevel" WHERE "shopId" = $1) AS levels,
              (SELECT count(*)::int FROM "DataRequestExport" WHERE "shopId" = $1) AS exports, (SELECT count(*)::int FROM "SyncRun" WHERE "shopId" = $1) AS runs`,
      [shopId],
    );
    expect(left).toEqual([{ products: 0, orders: 0, customers: 0, levels: 0, exports: 0, runs: 0 }]);
    // a webhook for a shop that is no longer known is recorded and answered 200
    const unknown = await postWebhook(stack.app.url, {
      topic: "products/update",
      shop,
      body: restProduct(1, { title: "x", updatedAt: "2035-01-01T00:00:00Z" }),
    });
    expect(unknown).toMatchObject({ status: 200, json: { outcome: "ignored" } });
    expect(await query(`SELECT status, "shopId" FROM "WebhookLog" WHERE "eventId" = $1`, [unknown.eventId])).toEqual([
      { status: "IGNORED", shopId: null },
    ]);
  });
});
