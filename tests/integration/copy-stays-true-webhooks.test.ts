/**
 * Issue 9 over real HTTP (the app's production build, the runner, the simulator, PostgreSQL):
 * - item 1: the simulator writes REST webhook timestamps in the shop's own IANA time zone, as
 *   Shopify does; the app stores the exact instant whatever the zone (daylight saving time or not);
 * - item 11: after customers/redact, a dump of every text and JSON column of every table of the
 *   app's schema holds no trace of the customer's email, phone or name (customer row, orders,
 *   data-request export, dead-letter payloads).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl, truncateAppTables } from "./helpers/database";
import { startStack, waitFor, type Stack } from "./helpers/stack";
import { installAndSync, postWebhook, query as queryAt } from "./helpers/webhooks";

const RUNNER_SCHEMA = "runner_copy_true";
const gid = (type: string, id: number | string) => `gid://shopify/${type}/${id}`;
const query = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => queryAt<T>(testDatabaseUrl(), sql, params);

describe("a copy that stays true (webhooks)", () => {
  let stack: Stack;
  let shop: string;
  let shopId: string;

  async function sim<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${stack.sim.url}/__sim/shops/${shop}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  /** Waits until every delivery of this topic about this record left RECEIVED. */
  async function waitForDeliveries(topic: string, resourceId: string, count = 1): Promise<void> {
    await waitFor(
      async () => {
        const rows = await query<{ status: string }>(`SELECT status FROM "WebhookLog" WHERE topic = $1 AND "resourceId" = $2`, [
          topic,
          resourceId,
        ]);
        return rows.length >= count && rows.every((row) => row.status !== "RECEIVED") ? true : undefined;
      },
      60_000,
      `${count} ${topic} webhook(s) about ${resourceId} to be processed`,
    );
  }

  beforeAll(async () => {
    await truncateAppTables();
    stack = await startStack({ runnerSchema: RUNNER_SCHEMA });
    shop = stack.sim.demoShop;
    ({ shopId } = await installAndSync(stack, shop));
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("stores the exact instant of a webhook written in the shop's time zone (America/New_York, then Asia/Tokyo)", async () => {
    const [row] = await query<{ shopifyId: string }>(`SELECT "shopifyId" FROM "Product" WHERE "shopId" = $1 ORDER BY "shopifyId" LIMIT 1`, [
      shopId,
    ]);
    const productId = row!.shopifyId.split("/").pop()!;
    expect((await sim<{ ianaTimezone: string }>("PUT", "/timezone", { timezone: "America/New_York" })).ianaTimezone).toBe(
      "America/New_York",
    );

    for (const [round, zone] of [
      [1, "America/New_York"],
      [2, "Asia/Tokyo"],
    ] as const) {
      await sim("PUT", "/timezone", { timezone: zone });
      // Shopify's updatedAt has one-second precision: move Shopify's clock a second on, so the two
      // edits never share a second (the same-second rule has its own tests).
      if (round > 1) {
        const advanced = await fetch(`${stack.sim.url}/__sim/clock/advance`, { method: "POST", body: JSON.stringify({ ms: 1000 }) });
        expect(advanced.status).toBe(200);
      }
      const edited = await sim<{ updatedAt: string }>("PATCH", `/products/${productId}`, { title: `Edited in ${zone}` });
      await waitForDeliveries("products/update", gid("Product", productId), round);
      const [stored] = await query<{ title: string; epochMs: number }>(
        `SELECT title, (extract(epoch FROM "shopifyUpdatedAt") * 1000)::float8 AS "epochMs" FROM "Product" WHERE "shopifyId" = $1`,
        [gid("Product", productId)],
      );
      expect(stored).toEqual({ title: `Edited in ${zone}`, epochMs: Date.parse(edited.updatedAt) });
    }
  });

  it("customers/redact leaves no trace of the customer's email, phone or name in any table", async () => {
    const person = { firstName: "Zelphine", lastName: "Quorrington", email: "zelphine.quorrington@example.com", phone: "+15550199123" };
    const created = await sim<{ id: number }>("POST", "/customers", person);
    const customerId = gid("Customer", created.id);
    await waitForDeliveries("customers/create", customerId);
    await waitFor(
      async () => (await query(`SELECT 1 FROM "Customer" WHERE "shopifyId" = $1 AND email = $2`, [customerId, person.email]))[0],
      30_000,
      "the customer stored",
    );
    const [variantRow] = await query<{ shopifyId: string }>(`SELECT "shopifyId" FROM "ProductVariant" WHERE "shopId" = $1 LIMIT 1`, [
      shopId,
    ]);
    const order = await sim<{ id: number }>("POST", "/orders", {
      customerId: created.id,
      email: person.email,
      lineItems: [{ variantId: Number(variantRow!.shopifyId.split("/").pop()), quantity: 1 }],
    });
    await waitForDeliveries("orders/create", gid("Order", order.id));
    await waitFor(
      async () => (await query(`SELECT 1 FROM "Order" WHERE "shopifyId" = $1 AND email = $2`, [gid("Order", order.id), person.email]))[0],
      30_000,
      "the order stored with the customer's email",
    );

    // A data request, then a delivery that cannot be stored and becomes a dead letter holding the PII.
    const customerFields = { id: created.id, email: person.email, phone: person.phone };
    const shopFields = { shop_id: 1, shop_domain: shop };
    const requested = await postWebhook(stack.app.url, {
      topic: "customers/data_request",
      shop,
      body: { ...shopFields, customer: customerFields, orders_requested: [order.id], data_request: { id: 9_001 } },
    });
    expect(requested.status).toBe(200);
    await waitFor(async () => (await query(`SELECT 1 FROM "DataRequestExport" WHERE "shopId" = $1`, [shopId]))[0], 30_000, "the export");
    const broken = await postWebhook(stack.app.url, {
      topic: "orders/updated",
      shop,
      body: {
        id: order.id,
        name: "#broken",
        email: person.email,
        customer: { id: created.id, first_name: person.firstName, last_name: person.lastName, phone: person.phone },
        currency: "USD",
        total_price: "not money",
        created_at: "2026-01-01T00:00:00-05:00",
        updated_at: "2026-01-01T00:00:00-05:00",
        line_items: [],
      },
    });
    expect(broken.status).toBe(200);
    await waitFor(
      async () =>
        (await query(`SELECT 1 FROM "FailedSyncItem" WHERE "shopId" = $1 AND strpos("rawPayload", $2) > 0`, [shopId, person.email]))[0],
      30_000,
      "the dead letter holding the email",
    );

    const redact = await postWebhook(stack.app.url, {
      topic: "customers/redact",
      shop,
      body: { ...shopFields, customer: customerFields, orders_to_redact: [order.id] },
    });
    expect(redact.status).toBe(200);
    await waitForDeliveries("customers/redact", customerId);

    // The dump: every text, varchar, json(b) and array column of every table of the app's schema.
    const columns = await query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY')
       ORDER BY 1, 2`,
    );
    expect(columns.length).toBeGreaterThan(40);
    const traces: string[] = [];
    for (const { table_name: table, column_name: column } of columns) {
      const rows = await query<{ value: string }>(`SELECT "${column}"::text AS value FROM "${table}" WHERE "${column}" IS NOT NULL`);
      for (const { value } of rows) {
        for (const needle of Object.values(person)) {
          if (value.toLowerCase().includes(needle.toLowerCase())) traces.push(`${table}.${column} holds ${needle}`);
        }
      }
    }
    expect(traces).toEqual([]);
    // What was erased is still accounted for: the customer row and order stay, the export is gone.
    expect(await query(`SELECT "redactedAt" IS NOT NULL AS redacted FROM "Customer" WHERE "shopifyId" = $1`, [customerId])).toEqual([
      { redacted: true },
    ]);
    expect(await query(`SELECT count(*)::int AS n FROM "DataRequestExport" WHERE "shopId" = $1`, [shopId])).toEqual([{ n: 0 }]);
  });
});
