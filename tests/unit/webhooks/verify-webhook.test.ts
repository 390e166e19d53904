/**
 * The ingress's signature check (node:crypto) against the one it replaced, @shopify/shopify-api's
 * `webhooks.validate`: the same verdict, reason, missing headers and fields on every case.
 */
import "@shopify/shopify-api/adapters/web-api";
import { createHmac } from "node:crypto";
import { shopifyApi } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { SHOPIFY_API_VERSION } from "@/lib/shopify/api-version";
import { verifyWebhook } from "@/lib/webhooks/verify-webhook";

const SECRET = "verify-webhook-secret";
const library = shopifyApi({
  apiKey: "key",
  apiSecretKey: SECRET,
  scopes: ["read_products"],
  hostName: "localhost:3000",
  hostScheme: "http",
  apiVersion: SHOPIFY_API_VERSION,
  isEmbeddedApp: false,
  logger: { log: async () => {} },
});

const body = JSON.stringify({ id: 1, title: "Mug ☕", handle: "mug" });
const sign = (raw: string, secret = SECRET) => createHmac("sha256", secret).update(raw, "utf8").digest("base64");
const headers = (overrides: Record<string, string | null> = {}, raw = body): Record<string, string> => {
  const all: Record<string, string | null> = {
    "content-type": "application/json",
    "x-shopify-topic": "products/update",
    "x-shopify-shop-domain": "demo.myshopify.com",
    "x-shopify-webhook-id": "webhook-1",
    "x-shopify-event-id": "event-1",
    "x-shopify-triggered-at": "2026-11-30T07:00:00.000Z",
    "x-shopify-api-version": "2026-10",
    "x-shopify-hmac-sha256": sign(raw),
    ...overrides,
  };
  return Object.fromEntries(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== null));
};

const cases: [string, Record<string, string>, string][] = [
  ["a valid delivery", headers(), body],
  ["upper-case header names", Object.fromEntries(Object.entries(headers()).map(([k, v]) => [k.toUpperCase(), v])), body],
  ["no triggered-at nor event id", headers({ "x-shopify-triggered-at": null, "x-shopify-event-id": null }), body],
  ["a tampered body", headers(), body.replace("Mug", "Cup")],
  ["a signature with another secret", headers({ "x-shopify-hmac-sha256": sign(body, "other") }), body],
  ["a truncated signature", headers({ "x-shopify-hmac-sha256": sign(body).slice(0, 20) }), body],
  ["no signature", headers({ "x-shopify-hmac-sha256": null }), body],
  ["an empty body", headers({}, ""), ""],
  ["no topic nor webhook id", headers({ "x-shopify-topic": null, "x-shopify-webhook-id": null }), body],
  ["no shop nor API version", headers({ "x-shopify-shop-domain": null, "x-shopify-api-version": null }), body],
];

describe("verifyWebhook", () => {
  it.each(cases)("agrees with @shopify/shopify-api on %s", async (_name, sent, raw) => {
    const request = new Request("http://localhost/api/webhooks/shopify", { method: "POST", headers: sent, body: raw || undefined });
    const expected = await library.webhooks.validate({ rawBody: raw, rawRequest: request });
    const { webhookType: _type, hmac: _hmac, ...fields } = expected as unknown as Record<string, unknown>;
    expect(verifyWebhook(new Headers(sent), raw, SECRET)).toEqual(fields);
  });
});
