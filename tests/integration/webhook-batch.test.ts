/**
 * Issue 11 item 1: the drain applies a batch set-based. A batch of products and orders (new ones,
 * a copy that drops a variant, a stale copy, a delete with a later update of the same product in
 * the same batch, a delete of a record never stored) is written with ONE statement per table, not
 * one transaction per delivery, and ends exactly where the per-delivery handlers ended: newest
 * wins, a stale copy writes no children, a complete copy prunes the children it dropped, a delete
 * stays deleted, and every delivery's note says what happened to it. Every statement is captured
 * at the pg driver while the real ingress and drain run in process.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { queryRows } from "./helpers/database";
import { TEST_APP_ENV } from "./helpers/app-server";
import { sign } from "./helpers/webhooks";

vi.hoisted(() => {
  process.env.SHOPIFY_API_SECRET = "shopsync-test-secret";
  process.env.SHOPIFY_API_KEY = "shopsync-test-key";
  // A runner nobody listens on: the drain's wake-up fails and is logged; this file drains itself.
  process.env.INNGEST_DEV = "http://127.0.0.1:9";
  process.env.LOG_LEVEL = "error";
});

const { receiveWebhook } = await import("@/lib/webhooks/receive-webhook");
const { drainWebhookBatch } = await import("@/lib/webhooks/drain-webhooks");
const { db } = await import("@/lib/db");
const { pgPool } = await import("@/lib/db-pool");

const SHOP = "batch.myshopify.com";
const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;

let captured: string[] | null = null;
const originalQuery = pg.Client.prototype.query;

function installCapture(): void {
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text: string } | undefined;
    const text = typeof first === "string" ? first : first?.text;
    if (captured && typeof text === "string") captured.push(text);
    return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
}

async function receive(topic: string, body: unknown): Promise<string> {
  const raw = JSON.stringify(body);
  const eventId = crypto.randomUUID();
  const request = new Request("http://localhost/api/webhooks/shopify", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-shop-domain": SHOP,
      "x-shopify-webhook-id": crypto.randomUUID(),
      "x-shopify-event-id": eventId,
      "x-shopify-triggered-at": new Date().toISOString(),
      "x-shopify-api-version": "2026-10",
      "x-shopify-hmac-sha256": sign(raw, TEST_APP_ENV.SHOPIFY_API_SECRET),
    },
    body: raw,
  });
  const { receipt } = await receiveWebhook(request, raw);
  expect(receipt.outcome).toBe("accepted");
  return eventId;
}

const product = (id: number, updatedAt: string, title: string, variants: number[]) => ({
  id,
  admin_graphql_api_id: gid("Product", id),
  title,
  handle: `batch-${id}`,
  status: "active",
  vendor: "Batch",
  product_type: "Mug",
  tags: "a, b",
  created_at: "2026-01-01T00:00:00-05:00",
  updated_at: updatedAt,
  variants: variants.map((variant, i) => ({
    id: variant,
    title: `${title} ${i + 1}`,
    sku: `${title}-${variant}`,
    price: "5.00",
    position: i + 1,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: updatedAt,
  })),
});

const order = (id: number, updatedAt: string, lines: number[]) => ({
  id,
  admin_graphql_api_id: gid("Order", id),
  name: `#${id}`,
  email: null,
  currency: "USD",
  total_price: "5.00",
  created_at: "2026-01-01T00:00:00+09:00",
  updated_at: updatedAt,
  line_items: lines.map((line) => ({ id: line, title: "Line", quantity: 1, price: "5.00" })),
});

const notes = async (eventIds: Record<string, string>) => {
  const rows = await queryRows<{ eventId: string; status: string; error: string | null }>(
    `SELECT "eventId", status, error FROM "WebhookLog" WHERE "eventId" = ANY($1)`,
    [Object.values(eventIds)],
  );
  const byId = new Map(rows.map((row) => [row.eventId, row]));
  return Object.fromEntries(Object.entries(eventIds).map(([name, eventId]) => [name, byId.get(eventId)]));
};

describe("the drain applies a batch set-based", { timeout: 300_000 }, () => {
  beforeAll(async () => {
    await queryRows(
      `INSERT INTO "Shop" (id, domain, "installedAt", "updatedAt") VALUES ('batch-shop', $1, now() - interval '1 day', now())`,
      [SHOP],
    );
    installCapture();
  });
  afterAll(async () => {
    pg.Client.prototype.query = originalQuery;
    await db().$disconnect();
    await pgPool().end();
  });

  it("writes one statement per table for the whole batch, with the per-delivery outcomes", async () => {
    // Stored first: product 10 (two variants), product 20 at a newer instant, product 30, order 40.
    await receive("products/create", product(10, "2026-11-01T10:00:00-05:00", "Ten", [11, 12]));
    await receive("products/create", product(20, "2026-11-01T12:00:00-05:00", "Twenty", [21]));
    await receive("products/create", product(30, "2026-11-01T10:00:00-05:00", "Thirty", [31]));
    await receive("orders/create", order(40, "2026-11-01T10:00:00+09:00", [41, 42]));
    expect(await drainWebhookBatch(SHOP, { limit: 200 })).toMatchObject({ claimed: 4, processed: 4, failed: 0, retrying: 0 });

    const sent = {
      newProduct: await receive("products/create", product(50, "2026-11-02T10:00:00-05:00", "Fifty", [51, 52])),
      // a newer copy of product 10 without variant 12 (the REST list is complete): 12 is deleted
      dropsVariant: await receive("products/update", product(10, "2026-11-02T10:00:00-05:00", "Ten v2", [11])),
      // an older copy of product 20 (same instant written with another offset is older here) with a new variant
      stale: await receive("products/update", product(20, "2026-11-01T16:00:00Z", "Twenty stale", [21, 29])),
      deleted: await receive("products/delete", { id: 30 }),
      // delivered after the delete but read before it: stays deleted
      lateUpdate: await receive("products/update", product(30, "2026-11-03T10:00:00-05:00", "Thirty zombie", [31])),
      newOrder: await receive("orders/create", order(60, "2026-11-02T10:00:00+09:00", [61])),
      orderUpdate: await receive("orders/updated", order(40, "2026-11-02T10:00:00+09:00", [41])),
      unknownDelete: await receive("orders/delete", { id: 99 }),
    };
    captured = [];
    const drained = await drainWebhookBatch(SHOP, { limit: 200 });
    const statements = captured;
    captured = null;
    expect(drained).toMatchObject({ claimed: 8, processed: 8, ignored: 0, failed: 0, retrying: 0 });

    const inserts = (table: string) => statements.filter((text) => new RegExp(`INSERT INTO "${table}" \\(`).test(text)).length;
    expect({
      Product: inserts("Product"),
      ProductVariant: inserts("ProductVariant"),
      Order: inserts("Order"),
      OrderLineItem: inserts("OrderLineItem"),
      Tombstone: inserts("Tombstone"),
    }).toEqual({ Product: 1, ProductVariant: 1, Order: 1, OrderLineItem: 1, Tombstone: 1 });

    expect(await notes(sent)).toEqual({
      newProduct: { eventId: sent.newProduct, status: "PROCESSED", error: null },
      dropsVariant: { eventId: sent.dropsVariant, status: "PROCESSED", error: null },
      stale: { eventId: sent.stale, status: "PROCESSED", error: "a newer copy of the product is stored" },
      deleted: { eventId: sent.deleted, status: "PROCESSED", error: null },
      lateUpdate: { eventId: sent.lateUpdate, status: "PROCESSED", error: "the product was deleted: this older delivery is not stored" },
      newOrder: { eventId: sent.newOrder, status: "PROCESSED", error: null },
      orderUpdate: { eventId: sent.orderUpdate, status: "PROCESSED", error: null },
      unknownDelete: { eventId: sent.unknownDelete, status: "PROCESSED", error: "the order was not stored" },
    });
    expect(await queryRows(`SELECT "shopifyId", title FROM "Product" ORDER BY "shopifyId"`)).toEqual([
      { shopifyId: gid("Product", 10), title: "Ten v2" },
      { shopifyId: gid("Product", 20), title: "Twenty" },
      { shopifyId: gid("Product", 50), title: "Fifty" },
    ]);
    expect(await queryRows(`SELECT "shopifyId" FROM "ProductVariant" ORDER BY "shopifyId"`)).toEqual(
      [11, 21, 51, 52].map((id) => ({ shopifyId: gid("ProductVariant", id) })),
    );
    expect(await queryRows(`SELECT "shopifyId" FROM "OrderLineItem" ORDER BY "shopifyId"`)).toEqual(
      [41, 61].map((id) => ({ shopifyId: gid("LineItem", id) })),
    );
    expect(await queryRows(`SELECT "shopifyId" FROM "Tombstone" ORDER BY 1`)).toEqual([
      { shopifyId: gid("Order", 99) },
      { shopifyId: gid("Product", 30) },
    ]);
  });

  it("leaves several same-instant copies of one record to the same-second rule, copy by copy", async () => {
    const a = await receive("products/update", product(70, "2026-11-04T10:00:00Z", "Seventy A", [71]));
    const b = await receive("products/update", product(70, "2026-11-04T05:00:00-05:00", "Seventy B", [72]));
    expect(await drainWebhookBatch(SHOP, { limit: 200 })).toMatchObject({ claimed: 2, processed: 2 });
    // Whichever copy wins the content hash is stored with its own variant only.
    const [stored] = await queryRows<{ title: string }>(`SELECT title FROM "Product" WHERE "shopifyId" = $1`, [gid("Product", 70)]);
    const variants = await queryRows(`SELECT "shopifyId" FROM "ProductVariant" WHERE "productId" = $1`, [gid("Product", 70)]);
    expect(variants).toEqual([{ shopifyId: gid("ProductVariant", stored!.title === "Seventy A" ? 71 : 72) }]);
    expect((await notes({ a, b })).a!.status).toBe("PROCESSED");
  });
});
