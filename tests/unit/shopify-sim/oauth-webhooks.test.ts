import "@shopify/shopify-api/adapters/web-api";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { afterEach, describe, expect, it } from "vitest";
import type { ShopifySimHandle } from "../../../dev/shopify-sim/index.ts";
import { MAX_CONSECUTIVE_FAILURES } from "../../../dev/shopify-sim/webhooks.ts";
import { control, gql, sleep, startTinySim, waitFor } from "./helpers.ts";

let sim: ShopifySimHandle | undefined;
let hook: Server | undefined;
afterEach(async () => {
  hook?.close();
  await sim?.stop();
});

function shopify(s: ShopifySimHandle) {
  return shopifyApi({
    apiKey: s.apiKey,
    apiSecretKey: s.apiSecret,
    scopes: ["read_products"],
    hostName: "app.example.com",
    apiVersion: ApiVersion.October26,
    isEmbeddedApp: false,
    logger: { level: 0 },
  });
}

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A subscriber that answers with the scripted statuses (then 200). */
async function startHook(statuses: number[] = []): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  hook = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => hook!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(hook.address() as { port: number }).port}/webhooks`, received };
}

async function subscribe(s: ShopifySimHandle, topic: string, uri: string): Promise<void> {
  const { body } = await gql(
    s,
    `mutation($t: WebhookSubscriptionTopic!, $u: String!) { webhookSubscriptionCreate(topic: $t, webhookSubscription: { uri: $u }) { webhookSubscription { id topic uri } userErrors { message } } }`,
    { t: topic, u: uri },
  );
  expect((body.data?.["webhookSubscriptionCreate"] as { userErrors: unknown[] }).userErrors).toEqual([]);
}

async function authorize(s: ShopifySimHandle, state = "nonce-1"): Promise<URL> {
  const query = new URLSearchParams({
    client_id: s.apiKey,
    scope: "read_products,read_orders",
    redirect_uri: "https://app.example.com/api/auth/callback",
    state,
    shop: s.demoShop,
  });
  const response = await fetch(`${s.url}/admin/oauth/authorize?${query}`, { redirect: "manual" });
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location")!);
}

async function tokenRequest(s: ShopifySimHandle, body: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${s.url}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Forwarded-Host": s.demoShop },
    body: JSON.stringify({ client_id: s.apiKey, client_secret: s.apiSecret, ...body }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("OAuth", () => {
  it("redirects with an hmac that @shopify/shopify-api validates, and exchanges the code once", async () => {
    sim = await startTinySim();
    const redirect = await authorize(sim);
    expect([...redirect.searchParams.keys()].sort()).toEqual(["code", "hmac", "host", "shop", "state", "timestamp"]);
    const api = shopify(sim);
    expect(await api.utils.validateHmac(Object.fromEntries(redirect.searchParams))).toBe(true);
    const tampered = Object.fromEntries(redirect.searchParams);
    tampered["shop"] = "evil.myshopify.com";
    expect(await api.utils.validateHmac(tampered)).toBe(false);

    const code = redirect.searchParams.get("code")!;
    const first = await tokenRequest(sim, { code, expiring: "1" });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ scope: "read_products,read_orders", expires_in: 3600, refresh_token_expires_in: 7_776_000 });
    const again = await tokenRequest(sim, { code });
    expect(again.status).toBe(400);
    expect((await gql(sim, "{ shop { name } }", {}, String(first.body["access_token"]))).status).toBe(200);
  });

  it("refuses a wrong client_id, a bad scope and a missing state", async () => {
    sim = await startTinySim();
    for (const [key, value] of [
      ["client_id", "other"],
      ["scope", "read_everything!"],
      ["state", ""],
    ] as const) {
      const query = new URLSearchParams({
        client_id: sim.apiKey,
        scope: "read_products",
        redirect_uri: "https://app.example.com/cb",
        state: "s",
        shop: sim.demoShop,
      });
      query.set(key, value);
      const response = await fetch(`${sim.url}/admin/oauth/authorize?${query}`, { redirect: "manual" });
      expect(response.status).toBe(400);
    }
  });

  it("expires codes and access tokens, and rotates refresh tokens", async () => {
    sim = await startTinySim({ tokenLifetimeSeconds: 1, codeLifetimeSeconds: 1 });
    const stale = (await authorize(sim)).searchParams.get("code")!;
    const fresh = (await authorize(sim)).searchParams.get("code")!;
    const issued = await tokenRequest(sim, { code: fresh, expiring: "1" });
    await sleep(1_100);
    expect((await tokenRequest(sim, { code: stale })).status).toBe(400);
    expect((await gql(sim, "{ shop { name } }", {}, String(issued.body["access_token"]))).status).toBe(401);

    const r1 = String(issued.body["refresh_token"]);
    const second = await tokenRequest(sim, { grant_type: "refresh_token", refresh_token: r1 });
    expect(second.status).toBe(200);
    const r2 = String(second.body["refresh_token"]);
    expect(r2).not.toBe(r1);
    expect((await gql(sim, "{ shop { name } }", {}, String(second.body["access_token"]))).status).toBe(200);
    // r1 survives until r2 is used (a lost response can be retried), then it is retired.
    expect((await tokenRequest(sim, { grant_type: "refresh_token", refresh_token: r1 })).status).toBe(200);
    const third = await tokenRequest(sim, { grant_type: "refresh_token", refresh_token: r2 });
    expect(third.status).toBe(200);
    expect((await tokenRequest(sim, { grant_type: "refresh_token", refresh_token: r1 })).status).toBe(400);
  });
});

describe("webhooks", () => {
  it("signs deliveries so that @shopify/shopify-api's webhooks.validate accepts them", async () => {
    sim = await startTinySim();
    const { url, received } = await startHook();
    await subscribe(sim, "PRODUCTS_UPDATE", url);
    const product = sim.store.products.values().next().value!;
    const updated = await control(sim, "PATCH", `/shops/${sim.demoShop}/products/${product.id}`, { title: "Renamed ✨" });
    expect(updated.status).toBe(200);
    await waitFor(() => received.length === 1);
    const delivery = received[0]!;
    expect(delivery.headers).toMatchObject({
      "x-shopify-topic": "products/update",
      "x-shopify-shop-domain": sim.demoShop,
      "x-shopify-api-version": "2026-10",
    });
    for (const h of ["x-shopify-webhook-id", "x-shopify-event-id", "x-shopify-triggered-at", "x-shopify-hmac-sha256"])
      expect(delivery.headers[h]).toBeTruthy();
    expect(JSON.parse(delivery.body)).toMatchObject({
      id: product.id,
      title: "Renamed ✨",
      admin_graphql_api_id: `gid://shopify/Product/${product.id}`,
    });
    const headers = Object.fromEntries(Object.entries(delivery.headers).map(([k, v]) => [k, String(v)]));
    const request = new Request("https://app.example.com/api/webhooks", { method: "POST", headers, body: delivery.body });
    const result = await shopify(sim).webhooks.validate({ rawBody: delivery.body, rawRequest: request });
    expect(result).toMatchObject({ valid: true, topic: "PRODUCTS_UPDATE", domain: sim.demoShop });
    const forged = new Request("https://app.example.com/api/webhooks", { method: "POST", headers, body: `${delivery.body} ` });
    expect((await shopify(sim).webhooks.validate({ rawBody: `${delivery.body} `, rawRequest: forged })).valid).toBe(false);
  });

  it("retries failed deliveries with the same ids and deletes a subscription after 8 consecutive failures", async () => {
    sim = await startTinySim();
    const { url, received } = await startHook([500, 503]);
    await subscribe(sim, "CUSTOMERS_CREATE", url);
    await control(sim, "POST", `/shops/${sim.demoShop}/customers`, { firstName: "Ada", email: "ada@example.com" });
    await waitFor(() => received.length === 3);
    expect(new Set(received.map((r) => r.headers["x-shopify-webhook-id"])).size).toBe(1);
    expect(new Set(received.map((r) => r.headers["x-shopify-event-id"])).size).toBe(1);

    const failing = await startHook(Array.from({ length: 50 }, () => 500));
    await subscribe(sim, "CUSTOMERS_UPDATE", failing.url);
    await control(sim, "PATCH", `/shops/${sim.demoShop}/customers/${sim.store.customers.keys().next().value}`, { lastName: "Lovelace" });
    await sim.control.webhooks.idle();
    expect(failing.received).toHaveLength(MAX_CONSECUTIVE_FAILURES);
    const { body } = await gql(sim, "{ webhookSubscriptions(first: 10) { nodes { topic } } }");
    expect((body.data?.["webhookSubscriptions"] as { nodes: { topic: string }[] }).nodes.map((n) => n.topic)).toEqual(["CUSTOMERS_CREATE"]);
  });

  it("drops and duplicates deliveries when told to", async () => {
    sim = await startTinySim();
    const { url, received } = await startHook();
    await subscribe(sim, "ORDERS_DELETE", url);
    const orderIds = [...sim.store.orders.keys()].slice(0, 4);
    await control(sim, "PUT", `/shops/${sim.demoShop}/faults`, { webhookDuplicateRate: 1 });
    await control(sim, "DELETE", `/shops/${sim.demoShop}/orders/${orderIds[0]}`);
    await sim.control.webhooks.idle();
    expect(received).toHaveLength(2);
    expect(received[0]!.headers["x-shopify-webhook-id"]).toBe(received[1]!.headers["x-shopify-webhook-id"]);
    await control(sim, "PUT", `/shops/${sim.demoShop}/faults`, { webhookDuplicateRate: 0, webhookDropRate: 1 });
    await control(sim, "DELETE", `/shops/${sim.demoShop}/orders/${orderIds[1]}`);
    await sim.control.webhooks.idle();
    expect(received).toHaveLength(2);
    const log = await control(sim, "GET", `/shops/${sim.demoShop}/webhooks/deliveries`);
    expect((log.body["deliveries"] as { outcome: string }[]).map((d) => d.outcome)).toContain("dropped");
  });
});
