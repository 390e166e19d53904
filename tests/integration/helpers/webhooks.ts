/**
 * Shopify webhooks as Shopify sends them, for tests and the benchmark: a raw JSON body signed with
 * the app secret (base64 HMAC-SHA256, as the simulator and Shopify sign), and the X-Shopify-*
 * headers. The app verifies with @shopify/shopify-api; this is the sending side.
 */
import { createHmac, randomUUID } from "node:crypto";
import pg from "pg";
import { TEST_APP_ENV } from "./app-server";
import { testDatabaseUrl } from "./database";
import { browse, CookieJar, waitFor, type Stack } from "./stack";

export const sign = (body: string, secret: string = TEST_APP_ENV.SHOPIFY_API_SECRET): string =>
  createHmac("sha256", secret).update(body, "utf8").digest("base64");

export interface WebhookInit {
  topic: string;
  shop: string;
  body: string | object;
  eventId?: string;
  webhookId?: string;
  /** The signature to send: a string, null for none, or undefined to sign the body correctly. */
  hmac?: string | null;
  triggeredAt?: string;
}

export function webhookRequest(init: WebhookInit): { headers: Record<string, string>; body: string; eventId: string } {
  const body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
  const eventId = init.eventId ?? randomUUID();
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-shopify-topic": init.topic,
    "x-shopify-shop-domain": init.shop,
    "x-shopify-webhook-id": init.webhookId ?? randomUUID(),
    "x-shopify-event-id": eventId,
    "x-shopify-triggered-at": init.triggeredAt ?? new Date().toISOString(),
    "x-shopify-api-version": "2026-10",
  };
  const hmac = init.hmac === undefined ? sign(body) : init.hmac;
  if (hmac !== null) headers["x-shopify-hmac-sha256"] = hmac;
  return { headers, body, eventId };
}

export async function postWebhook(
  appUrl: string,
  init: WebhookInit,
): Promise<{ status: number; json: Record<string, unknown>; eventId: string }> {
  const request = webhookRequest(init);
  const response = await fetch(`${appUrl}/api/webhooks/shopify`, { method: "POST", headers: request.headers, body: request.body });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = { text };
  }
  return { status: response.status, json, eventId: request.eventId };
}

/** A REST products/* body (the fields Shopify sends that ShopSync reads, and a few it does not). */
export function restProduct(
  id: number,
  options: {
    title: string;
    updatedAt: string;
    createdAt?: string;
    variants?: { id: number; sku: string; price: string; position?: number }[];
  },
) {
  const createdAt = options.createdAt ?? "2026-01-01T00:00:00Z";
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Product/${id}`,
    title: options.title,
    handle: `product-${id}`,
    status: "active",
    vendor: "Test vendor",
    product_type: "Mug",
    tags: "blue, ceramic",
    body_html: "<p>hi</p>",
    created_at: createdAt,
    updated_at: options.updatedAt,
    variants: (options.variants ?? [{ id: id + 1, sku: `SKU-${id}`, price: "10.00" }]).map((v, i) => ({
      id: v.id,
      admin_graphql_api_id: `gid://shopify/ProductVariant/${v.id}`,
      product_id: id,
      title: "Default Title",
      sku: v.sku,
      barcode: null,
      price: v.price,
      compare_at_price: null,
      position: v.position ?? i + 1,
      created_at: createdAt,
      updated_at: options.updatedAt,
      inventory_item_id: v.id + 1_000_000,
    })),
  };
}

export async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Installs the shop through OAuth (the merchant's browser, returned) and waits for the full sync; returns the Shop id. */
export async function installAndSync(stack: Stack, shop: string, jar = new CookieJar()): Promise<{ shopId: string; jar: CookieJar }> {
  const hops = await browse(`${stack.app.url}/api/auth/shopify/install?shop=${shop}`, jar);
  if (hops.at(-1)!.status !== 200) throw new Error(`install ended ${hops.at(-1)!.status} at ${hops.at(-1)!.url}`);
  const shopId = await waitFor(
    async () =>
      (
        await query<{ id: string; syncStatus: string }>(testDatabaseUrl(), `SELECT id, "syncStatus" FROM "Shop" WHERE domain = $1`, [shop])
      ).find((s) => s.syncStatus === "COMPLETED")?.id,
    120_000,
    "the install's full sync",
  );
  return { shopId, jar };
}
