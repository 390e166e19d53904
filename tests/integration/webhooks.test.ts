/**
 * Webhook ingress and processing over real HTTP: the app (production build), the Inngest runner,
 * the Shopify simulator (sending its own signed webhooks) and PostgreSQL. Deliveries the tests
 * sign themselves use the app's test secret, exactly as Shopify signs.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl, truncateAppTables } from "./helpers/database";
import { startStack, waitFor, type Stack } from "./helpers/stack";
import { installAndSync, postWebhook, query as queryAt, restProduct, sign, webhookRequest } from "./helpers/webhooks";

const RUNNER_SCHEMA = "runner_webhooks";
const gid = (type: string, id: number | string) => `gid://shopify/${type}/${id}`;
const query = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => queryAt<T>(testDatabaseUrl(), sql, params);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const counts = async () =>
  (
    await query<{ logs: number; letters: number; products: number }>(
      `SELECT (SELECT count(*) FROM "WebhookLog")::int AS logs, (SELECT count(*) FROM "FailedSyncItem")::int AS letters, (SELECT count(*) FROM "Product")::int AS products`,
    )
  )[0]!;

/** Waits until every listed delivery left RECEIVED; returns their statuses by event id. */
async function waitProcessed(eventIds: string[], timeoutMs = 60_000): Promise<Map<string, { status: string; error: string | null }>> {
  return waitFor(
    async () => {
      const rows = await query<{ eventId: string; status: string; error: string | null }>(
        `SELECT "eventId", status, error FROM "WebhookLog" WHERE "eventId" = ANY($1)`,
        [eventIds],
      );
      if (rows.length < eventIds.length || rows.some((row) => row.status === "RECEIVED")) return undefined;
      return new Map(rows.map((row) => [row.eventId, { status: row.status, error: row.error }]));
    },
    timeoutMs,
    `${eventIds.length} webhook(s) to be processed`,
  );
}

/**
 * How many times the drain applied each delivery, per Shopify event id (WebhookLog.attempts counts
 * every claim: 1 when it was applied once and never retried). Only claimed deliveries are listed.
 */
async function attemptsPerEvent(eventIds: string[]): Promise<Map<string, number>> {
  const rows = await query<{ id: string; n: number }>(
    `SELECT "eventId" AS id, attempts AS n FROM "WebhookLog" WHERE "eventId" = ANY($1) AND attempts > 0`,
    [eventIds],
  );
  return new Map(rows.map((row) => [row.id, row.n]));
}

describe("Shopify webhooks", () => {
  let stack: Stack;
  let shop: string;
  let shopId: string;

  beforeAll(async () => {
    await truncateAppTables();
    stack = await startStack({ runnerSchema: RUNNER_SCHEMA });
    shop = stack.sim.demoShop;
    ({ shopId } = await installAndSync(stack, shop));
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("answers 401 to a forged or missing signature and stores nothing", async () => {
    const before = await counts();
    const body = restProduct(777_001, { title: "Forged", updatedAt: "2030-01-01T00:00:00Z" });
    const forged = await postWebhook(stack.app.url, {
      topic: "products/update",
      shop,
      body,
      hmac: sign(JSON.stringify(body), "not-the-app-secret"),
    });
    expect(forged.status).toBe(401);
    const missing = await postWebhook(stack.app.url, { topic: "products/update", shop, body, hmac: null });
    expect(missing.status).toBe(401);
    // signed, then tampered with
    const request = webhookRequest({ topic: "products/update", shop, body });
    const tampered = await fetch(`${stack.app.url}/api/webhooks/shopify`, {
      method: "POST",
      headers: request.headers,
      body: request.body.replace("Forged", "Forgex"),
    });
    expect(tampered.status).toBe(401);
    await sleep(500);
    expect(await counts()).toEqual(before);
    expect(
      await query(`SELECT 1 FROM "WebhookLog" WHERE "eventId" = ANY($1)`, [[forged.eventId, missing.eventId, request.eventId]]),
    ).toEqual([]);
  });

  it("answers 4xx to a body that is not JSON or is over 1 MiB, and stores nothing", async () => {
    const before = await counts();
    const notJson = await postWebhook(stack.app.url, { topic: "products/update", shop, body: "{not json" });
    expect(notJson.status).toBe(400);

    const big = JSON.stringify({
      ...restProduct(777_002, { title: "Big", updatedAt: "2030-01-01T00:00:00Z" }),
      body_html: "x".repeat(1024 * 1024),
    });
    const tooLarge = await postWebhook(stack.app.url, { topic: "products/update", shop, body: big });
    expect(tooLarge.status).toBe(413);

    // no Content-Length (chunked): the limit holds while reading
    const streamed = webhookRequest({ topic: "products/update", shop, body: big });
    const bytes = new TextEncoder().encode(streamed.body);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.slice(i, i + 64 * 1024));
        controller.close();
      },
    });
    const chunked = await fetch(`${stack.app.url}/api/webhooks/shopify`, {
      method: "POST",
      headers: streamed.headers,
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    await sleep(500);
    expect(await counts()).toEqual(before);
  });

  it("keeps a signed JSON payload that fails validation as a dead letter with its raw body, and answers 200", async () => {
    const [product] = await query<{ shopifyId: string; title: string }>(
      `SELECT "shopifyId", title FROM "Product" WHERE "shopId" = $1 ORDER BY "shopifyId" LIMIT 1`,
      [shopId],
    );
    const id = Number(product!.shopifyId.split("/").pop());
    const { title: _title, ...withoutTitle } = restProduct(id, { title: "ignored", updatedAt: "2030-01-01T00:00:00Z" });
    const raw = `${JSON.stringify(withoutTitle, null, 1)}\n`; // exact bytes, whitespace included
    const res = await postWebhook(stack.app.url, { topic: "products/update", shop, body: raw });
    expect(res.status).toBe(200);
    expect(res.json.outcome).toBe("dead-lettered");
    const [letter] = await query<{ entityType: string; rawPayload: string; errorMessage: string; shopifyId: string | null }>(
      `SELECT "entityType", "rawPayload", "errorMessage", "shopifyId" FROM "FailedSyncItem" WHERE "entityType" = 'webhook:products/update'`,
    );
    expect(letter).toMatchObject({ entityType: "webhook:products/update", rawPayload: raw, shopifyId: product!.shopifyId });
    expect(letter!.errorMessage).toMatch(/title/);
    const [log] = await query<{ status: string; topic: string; shopId: string }>(
      `SELECT status, topic, "shopId" FROM "WebhookLog" WHERE "eventId" = $1`,
      [res.eventId],
    );
    expect(log).toEqual({ status: "FAILED", topic: "products/update", shopId });
    // nothing was processed: the stored product is unchanged
    expect((await query<{ title: string }>(`SELECT title FROM "Product" WHERE "shopifyId" = $1`, [product!.shopifyId]))[0]!.title).toBe(
      product!.title,
    );
  });

  it("processes the same webhook delivered 10 times once", async () => {
    const [product] = await query<{ shopifyId: string }>(
      `SELECT "shopifyId" FROM "Product" WHERE "shopId" = $1 ORDER BY "shopifyId" DESC LIMIT 1`,
      [shopId],
    );
    const id = Number(product!.shopifyId.split("/").pop());
    const variants = await query<{ shopifyId: string; sku: string | null; price: string; position: number }>(
      `SELECT "shopifyId", sku, price::text AS price, position FROM "ProductVariant" WHERE "productId" = $1 ORDER BY position`,
      [product!.shopifyId],
    );
    const body = restProduct(id, {
      title: "Delivered ten times",
      updatedAt: "2030-01-02T00:00:00Z",
      variants: variants.map((v) => ({ id: Number(v.shopifyId.split("/").pop()), sku: v.sku ?? "", price: v.price, position: v.position })),
    });
    const eventId = randomUUID();
    const deliveries = await Promise.all(
      Array.from({ length: 10 }, () =>
        postWebhook(stack.app.url, { topic: "products/update", shop, body, eventId, webhookId: randomUUID() }),
      ),
    );
    expect(deliveries.map((d) => d.status)).toEqual(Array(10).fill(200));
    expect(deliveries.filter((d) => d.json.outcome === "accepted")).toHaveLength(1);
    expect(deliveries.filter((d) => d.json.outcome === "duplicate")).toHaveLength(9);
    const statuses = await waitProcessed([eventId]);
    expect(statuses.get(eventId)!.status).toBe("PROCESSED");
    await sleep(1_000); // room for a second run, were there one
    expect(await attemptsPerEvent([eventId])).toEqual(new Map([[eventId, 1]]));
    expect(await query(`SELECT count(*)::int AS n FROM "WebhookLog" WHERE "eventId" = $1`, [eventId])).toEqual([{ n: 1 }]);
    const [row] = await query<{ title: string; shopifyUpdatedAt: Date }>(
      `SELECT title, "shopifyUpdatedAt" FROM "Product" WHERE "shopifyId" = $1`,
      [product!.shopifyId],
    );
    expect(row).toEqual({ title: "Delivered ten times", shopifyUpdatedAt: new Date("2030-01-02T00:00:00Z") });
  });

  it("stores and processes a payload of any size Shopify sends (900 KiB): the event carries the id, not the body", async () => {
    const [product] = await query<{ shopifyId: string }>(
      `SELECT "shopifyId" FROM "Product" WHERE "shopId" = $1 ORDER BY "shopifyId" LIMIT 1`,
      [shopId],
    );
    const id = Number(product!.shopifyId.split("/").pop());
    const variants = await query<{ shopifyId: string; sku: string | null; price: string; position: number }>(
      `SELECT "shopifyId", sku, price::text AS price, position FROM "ProductVariant" WHERE "productId" = $1 ORDER BY position`,
      [product!.shopifyId],
    );
    const body = {
      ...restProduct(id, {
        title: "A long description",
        updatedAt: "2031-01-01T00:00:00Z",
        variants: variants.map((v) => ({
          id: Number(v.shopifyId.split("/").pop()),
          sku: v.sku ?? "",
          price: v.price,
          position: v.position,
        })),
      }),
      body_html: `<p>${"x".repeat(900 * 1024)}</p>`,
    };
    const delivery = await postWebhook(stack.app.url, { topic: "products/update", shop, body });
    expect([delivery.status, delivery.json.outcome]).toEqual([200, "accepted"]);
    const statuses = await waitProcessed([delivery.eventId]);
    expect(statuses.get(delivery.eventId)).toEqual({ status: "PROCESSED", error: null });
    expect(await query(`SELECT title FROM "Product" WHERE "shopifyId" = $1`, [product!.shopifyId])).toEqual([
      { title: "A long description" },
    ]);
    // The wake-up names the shop; the body stayed in PostgreSQL, and is released once handled.
    const events = await query<{ size: number; hasPayload: boolean }>(
      `SELECT length(payload::text)::int AS size, (payload->'data') ? 'payload' AS "hasPayload" FROM ${RUNNER_SCHEMA}.events
       WHERE name LIKE 'shopify/%' AND payload->'data'->>'shopDomain' = $1 AND received_at >= $2`,
      [shop, new Date(Date.now() - 120_000)],
    );
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(event.hasPayload).toBe(false);
      expect(event.size).toBeLessThan(4096);
    }
    expect(await query(`SELECT payload FROM "WebhookLog" WHERE "eventId" = $1`, [delivery.eventId])).toEqual([{ payload: null }]);
  });

  it("ends with the newest version when updates arrive out of order (products and orders, line items included)", async () => {
    const id = 880_000_001;
    const v = (n: number, title: string, variantIds: number[]) =>
      restProduct(id, {
        title,
        updatedAt: `2031-01-0${n}T00:00:00Z`,
        variants: variantIds.map((vid, i) => ({ id: vid, sku: `S-${vid}-${n}`, price: `${n}.00`, position: i + 1 })),
      });
    const versions = [v(1, "first", [id + 1, id + 2]), v(2, "second", [id + 1, id + 2]), v(3, "third", [id + 1, id + 3])];
    const sent: string[] = [];
    for (const index of [0, 2, 1])
      sent.push(
        (await postWebhook(stack.app.url, { topic: index === 0 ? "products/create" : "products/update", shop, body: versions[index]! }))
          .eventId,
      );
    await waitProcessed(sent);
    const [product] = await query(`SELECT title, "shopifyUpdatedAt" FROM "Product" WHERE "shopifyId" = $1`, [gid("Product", id)]);
    expect(product).toEqual({ title: "third", shopifyUpdatedAt: new Date("2031-01-03T00:00:00Z") });
    // the newest copy's variants: id+2 is gone, id+3 came, and the older copy's SKUs did not land
    expect(
      await query(`SELECT "shopifyId", sku FROM "ProductVariant" WHERE "productId" = $1 ORDER BY "shopifyId"`, [gid("Product", id)]),
    ).toEqual([
      { shopifyId: gid("ProductVariant", id + 1), sku: `S-${id + 1}-3` },
      { shopifyId: gid("ProductVariant", id + 3), sku: `S-${id + 3}-3` },
    ]);

    // an order: the newer copy first, then an older one with a different line item
    const order = (n: number, lines: { id: number; quantity: number }[]) => ({
      id: 990_000_001,
      admin_graphql_api_id: gid("Order", 990_000_001),
      name: "#9001",
      email: "buyer@example.com",
      customer: null,
      financial_status: n === 2 ? "refunded" : "paid",
      fulfillment_status: n === 2 ? "fulfilled" : null,
      currency: "USD",
      total_price: `${n}0.00`,
      subtotal_price: `${n}0.00`,
      total_tax: "0.00",
      processed_at: "2031-01-01T00:00:00Z",
      cancelled_at: null,
      closed_at: null,
      created_at: "2031-01-01T00:00:00Z",
      updated_at: `2031-01-0${n}T00:00:00Z`,
      line_items: lines.map((line) => ({
        id: line.id,
        title: "Mug",
        sku: "MUG",
        quantity: line.quantity,
        variant_id: id + 1,
        product_id: id,
        price: "10.00",
      })),
    });
    const newer = await postWebhook(stack.app.url, { topic: "orders/updated", shop, body: order(2, [{ id: 5001, quantity: 2 }]) });
    await waitProcessed([newer.eventId]);
    const older = await postWebhook(stack.app.url, {
      topic: "orders/create",
      shop,
      body: order(1, [
        { id: 5001, quantity: 1 },
        { id: 5002, quantity: 7 },
      ]),
    });
    const statuses = await waitProcessed([older.eventId]);
    expect(statuses.get(older.eventId)!.error).toMatch(/newer copy/);
    expect(
      await query(
        `SELECT "totalPrice"::text AS total, "displayFinancialStatus" AS fin, "displayFulfillmentStatus" AS ful FROM "Order" WHERE "shopifyId" = $1`,
        [gid("Order", 990_000_001)],
      ),
    ).toEqual([{ total: "20.0000", fin: "REFUNDED", ful: "FULFILLED" }]);
    expect(await query(`SELECT "shopifyId", quantity FROM "OrderLineItem" WHERE "orderId" = $1`, [gid("Order", 990_000_001)])).toEqual([
      { shopifyId: gid("LineItem", 5001), quantity: 2 },
    ]);
  });

  it("follows the simulator's own webhooks delivered out of order, and fetches partial records by GraphQL", async () => {
    const control = stack.sim.control;
    const product = [...stack.sim.store.products.values()][3]!;
    control.setFaults(shop, { webhookReorderMs: 2_500 });
    try {
      for (const title of ["Reordered 1", "Reordered 2", "Reordered 3"]) {
        control.updateProduct(shop, product.id, { title });
        await sleep(1_100); // Shopify's updated_at has whole seconds
      }
      // inventory_levels/update carries only `available`: the level is fetched with every quantity
      const level = [...stack.sim.store.inventoryLevels.values()][0]!.values().next().value!;
      control.setInventory(shop, { inventoryItemId: level.inventoryItemId, locationId: level.locationId, name: "on_hand", quantity: 321 });
      // customers/update lacks the order count and amount spent: the customer is fetched
      const customer = [...stack.sim.store.customers.values()][0]!;
      control.updateCustomer(shop, customer.id, { firstName: "Webhooked" });
      await control.webhooks.idle();
      const delivered = control.webhooks.deliveries(shop).filter((d) => d.outcome === "delivered");
      await waitProcessed([...new Set(delivered.map((d) => d.eventId))]);

      const [row] = await query(`SELECT title, "shopifyUpdatedAt" FROM "Product" WHERE "shopifyId" = $1`, [gid("Product", product.id)]);
      expect(row).toEqual({ title: "Reordered 3", shopifyUpdatedAt: new Date(stack.sim.store.products.get(product.id)!.updatedAt) });
      const [stored] = await query(
        `SELECT available, "onHand", committed FROM "InventoryLevel" WHERE "inventoryItemId" = $1 AND "locationId" = $2`,
        [gid("InventoryItem", level.inventoryItemId), gid("Location", level.locationId)],
      );
      expect(stored).toEqual({ available: level.quantities.available, onHand: 321, committed: level.quantities.committed });
      const [storedCustomer] = await query(`SELECT "firstName", "lastName", "shopifyUpdatedAt" FROM "Customer" WHERE "shopifyId" = $1`, [
        gid("Customer", customer.id),
      ]);
      expect(storedCustomer).toEqual({
        firstName: "Webhooked",
        lastName: customer.lastName,
        shopifyUpdatedAt: new Date(stack.sim.store.customers.get(customer.id)!.updatedAt),
      });
    } finally {
      control.setFaults(shop, { webhookReorderMs: 0 });
    }
  });

  it("removes a level whose item stopped being stocked at a location (inventory_levels/disconnect), and a late update of it does not bring it back", async () => {
    const control = stack.sim.control;
    const level = [...stack.sim.store.inventoryLevels.values()]
      .find((levels) => levels.size > 1)!
      .values()
      .next().value!;
    const ids = [gid("InventoryItem", level.inventoryItemId), gid("Location", level.locationId)];
    const storedLevels = () =>
      query(`SELECT count(*)::int AS n FROM "InventoryLevel" WHERE "inventoryItemId" = $1 AND "locationId" = $2`, ids);
    expect(await storedLevels()).toEqual([{ n: 1 }]);
    const lateUpdate = {
      topic: "inventory_levels/update",
      shop,
      body: { inventory_item_id: level.inventoryItemId, location_id: level.locationId, available: 99, updated_at: level.updatedAt },
    };

    control.disconnectInventory(shop, { inventoryItemId: level.inventoryItemId, locationId: level.locationId });
    await control.webhooks.idle();
    const disconnects = control.webhooks
      .deliveries(shop)
      .filter((d) => d.topic === "inventory_levels/disconnect" && d.outcome === "delivered");
    expect(disconnects.length).toBeGreaterThan(0);
    await waitProcessed([...new Set(disconnects.map((d) => d.eventId))]);
    expect(await storedLevels()).toEqual([{ n: 0 }]);
    // The item's other levels stay.
    expect(await query(`SELECT count(*)::int AS n FROM "InventoryLevel" WHERE "inventoryItemId" = $1`, [ids[0]])).toEqual([
      { n: stack.sim.store.levelsOfItem(level.inventoryItemId).length },
    ]);

    // An update sent before the disconnect, delivered after it: Shopify no longer has the level.
    const late = await postWebhook(stack.app.url, lateUpdate);
    expect(late.status).toBe(200);
    await waitProcessed([late.eventId]);
    expect(await storedLevels()).toEqual([{ n: 0 }]);
  });

  it("deletes a product with its variants, and a late update does not bring it back", async () => {
    const product = [...stack.sim.store.products.values()][5]!;
    const updatedAt = product.updatedAt;
    stack.sim.control.deleteProduct(shop, product.id);
    await stack.sim.control.webhooks.idle();
    const deletes = stack.sim.control.webhooks.deliveries(shop).filter((d) => d.topic === "products/delete");
    await waitProcessed(deletes.map((d) => d.eventId));
    expect(await query(`SELECT count(*)::int AS n FROM "Product" WHERE "shopifyId" = $1`, [gid("Product", product.id)])).toEqual([
      { n: 0 },
    ]);
    expect(await query(`SELECT count(*)::int AS n FROM "ProductVariant" WHERE "productId" = $1`, [gid("Product", product.id)])).toEqual([
      { n: 0 },
    ]);
    const late = await postWebhook(stack.app.url, {
      topic: "products/update",
      shop,
      body: restProduct(product.id, { title: "Zombie", updatedAt }),
    });
    const statuses = await waitProcessed([late.eventId]);
    expect(statuses.get(late.eventId)!.error).toMatch(/deleted/);
    expect(await query(`SELECT count(*)::int AS n FROM "Product" WHERE "shopifyId" = $1`, [gid("Product", product.id)])).toEqual([
      { n: 0 },
    ]);
  });

  it("turns bulk_operations/finish into shopify/bulk-operation.finished for the waiting sync", async () => {
    const operationId = gid("BulkOperation", 424242);
    const res = await postWebhook(stack.app.url, {
      topic: "bulk_operations/finish",
      shop,
      body: {
        admin_graphql_api_id: operationId,
        completed_at: "2031-01-01T00:00:00Z",
        created_at: "2031-01-01T00:00:00Z",
        error_code: null,
        status: "completed",
        type: "query",
      },
    });
    expect(res.status).toBe(200);
    await waitProcessed([res.eventId]);
    const events = await query<{ data: { bulkOperationId: string; status: string; shopDomain: string } }>(
      `SELECT payload->'data' AS data FROM ${RUNNER_SCHEMA}.events WHERE name = 'shopify/bulk-operation.finished' AND payload->'data'->>'bulkOperationId' = $1`,
      [operationId],
    );
    expect(events.map((e) => e.data)).toEqual([{ bulkOperationId: operationId, status: "COMPLETED", shopDomain: shop }]);
  });

  // 300 deliveries from 16 connections prove the same as more would; the load-sized figure (2,000
  // deliveries, latency and throughput) is `npm run bench:webhooks`.
  const BURST = 300;
  const REDELIVERED = BURST / 10;
  it(
    `processes a burst of ${BURST} webhooks (and ${REDELIVERED} redeliveries): none lost, none processed twice`,
    { timeout: 600_000 },
    async () => {
      const base = 700_000_000;
      const deliveries = Array.from({ length: BURST }, (_, i) => ({
        eventId: randomUUID(),
        body: restProduct(base + i * 10, { title: `Burst ${i}`, updatedAt: "2031-02-01T00:00:00Z" }),
      }));
      const queue = [...deliveries, ...deliveries.slice(0, REDELIVERED)];
      const outcomes: Record<string, number> = {};
      const failures: number[] = [];
      const started = Date.now();
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          for (let next = queue.shift(); next; next = queue.shift()) {
            const res = await postWebhook(stack.app.url, { topic: "products/create", shop, body: next.body, eventId: next.eventId });
            if (res.status !== 200) failures.push(res.status);
            outcomes[String(res.json.outcome)] = (outcomes[String(res.json.outcome)] ?? 0) + 1;
          }
        }),
      );
      const received = Date.now() - started;
      expect(failures).toEqual([]);
      expect(outcomes).toEqual({ accepted: BURST, duplicate: REDELIVERED });
      const eventIds = deliveries.map((d) => d.eventId);
      const statuses = await waitProcessed(eventIds, 540_000);
      console.log(`burst: ${BURST + REDELIVERED} deliveries answered in ${received} ms, all processed after ${Date.now() - started} ms`);
      expect([...statuses.values()].filter((s) => s.status !== "PROCESSED")).toEqual([]);
      const runs = await attemptsPerEvent(eventIds);
      expect(runs.size).toBe(BURST);
      expect([...runs.values()].filter((n) => n !== 1)).toEqual([]);
      expect(
        await query(
          `SELECT count(*)::int AS products, (SELECT count(*)::int FROM "ProductVariant" WHERE "productId" LIKE 'gid://shopify/Product/7________') AS variants FROM "Product" WHERE title LIKE 'Burst %'`,
        ),
      ).toEqual([{ products: BURST, variants: BURST }]);
    },
  );
});
