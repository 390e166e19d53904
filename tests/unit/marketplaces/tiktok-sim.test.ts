/* eslint-disable @typescript-eslint/no-explicit-any -- platform JSON is read loosely and asserted with toMatchObject */
/**
 * The TikTok Shop simulator over real HTTP, driven by a signer written here from the documented
 * algorithm (sorted query pairs without sign and access_token, path and body, wrapped in the app
 * secret): signature and timestamp window, authorization redirect with state, token get/refresh,
 * shops, product create -> audit -> ACTIVATE or FAILED with reasons, prices and inventory, the
 * error envelope and the signed webhook of a seller's edit.
 */
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startTikTokSim } from "../../../dev/tiktok-sim/index.ts";
import type { MarketplaceSimHandle } from "../../../dev/marketplace-sim-kit/start.ts";

const APP_KEY = "6demoappkey";
const APP_SECRET = "tiktok-demo-app-secret";

let sim: MarketplaceSimHandle | undefined;
let receiver: Server | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
  receiver?.close();
  receiver = undefined;
});

const now = () => Math.floor(Date.now() / 1000);

function sign(path: string, params: Record<string, string>, body: string): string {
  const sorted = Object.keys(params)
    .filter((key) => key !== "sign" && key !== "access_token")
    .sort()
    .map((key) => `${key}${params[key]}`)
    .join("");
  return createHmac("sha256", APP_SECRET).update(`${APP_SECRET}${path}${sorted}${body}${APP_SECRET}`).digest("hex");
}

interface Session {
  token: string;
  cipher?: string;
}

async function api(
  base: string,
  method: string,
  path: string,
  session: Session,
  body?: unknown,
  extra: Record<string, string> = {},
  timestamp = now(),
) {
  const params: Record<string, string> = { app_key: APP_KEY, timestamp: String(timestamp), ...extra };
  if (session.cipher) params.shop_cipher = session.cipher;
  const text = body === undefined ? "" : JSON.stringify(body);
  const url = new URL(path, base);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  url.searchParams.set("sign", sign(path, params, text));
  const response = await fetch(url, {
    method,
    headers: { "Content-Type": "application/json", "x-tts-access-token": session.token },
    ...(body === undefined ? {} : { body: text }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

async function authorize(handle: MarketplaceSimHandle): Promise<{ session: Session; refreshToken: string }> {
  await fetch(`${handle.url}/__sim/app`, { method: "PUT", body: JSON.stringify({ redirectUrl: "http://app.invalid/callback" }) });
  const page = await fetch(`${handle.url}/oauth/authorize?app_key=${APP_KEY}&state=xyz`, { redirect: "manual" });
  expect(page.status).toBe(302);
  const back = new URL(page.headers.get("location")!);
  expect(back.searchParams.get("state")).toBe("xyz");
  const code = back.searchParams.get("code")!;
  const tokenUrl = `${handle.url}/api/v2/token/get?app_key=${APP_KEY}&app_secret=${APP_SECRET}&auth_code=${code}&grant_type=authorized_code`;
  const token = (await (await fetch(tokenUrl)).json()) as Record<string, any>;
  expect(token).toMatchObject({ code: 0, data: { access_token: expect.any(String), access_token_expire_in: expect.any(Number) } });
  expect(((await (await fetch(tokenUrl)).json()) as Record<string, any>).code).not.toBe(0);
  const shops = await api(handle.url, "GET", "/authorization/202309/shops", { token: token.data.access_token });
  return { session: { token: token.data.access_token, cipher: shops.json.data.shops[0].cipher }, refreshToken: token.data.refresh_token };
}

describe("TikTok Shop simulator", () => {
  it("refuses a forged sign, a stale timestamp, an unknown token and a wrong cipher", async () => {
    sim = await startTikTokSim({ port: 0 });
    const { session } = await authorize(sim);
    const search = (s: Session, timestamp?: number) =>
      api(sim!.url, "POST", "/product/202309/products/search", s, {}, { page_size: "10" }, timestamp);
    expect((await search(session)).json).toMatchObject({ code: 0, data: { products: [], total_count: 0 } });
    expect((await search(session, now() - 360)).json.code).toBe(106002);
    expect((await search({ token: "TTP_unknown", cipher: session.cipher })).json.code).toBe(105001);
    expect((await search({ token: session.token, cipher: "ROW_other" })).json.code).toBe(106011);
    const url = new URL("/product/202309/products/search", sim.url);
    url.searchParams.set("app_key", APP_KEY);
    url.searchParams.set("timestamp", String(now()));
    url.searchParams.set("shop_cipher", session.cipher!);
    url.searchParams.set("page_size", "10");
    url.searchParams.set("sign", "f".repeat(64));
    const forged = await fetch(url, { method: "POST", headers: { "x-tts-access-token": session.token }, body: "{}" });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ code: 106001, data: null, request_id: expect.any(String) });
  });

  it("creates products that pass or fail the audit, updates price and inventory, refreshes tokens, signs webhooks", async () => {
    const received: { body: string; authorization: string }[] = [];
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        received.push({ body: Buffer.concat(chunks).toString(), authorization: String(req.headers.authorization) });
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver!.listen(0, "127.0.0.1", resolve));
    sim = await startTikTokSim({ port: 0, notificationUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks` });
    await fetch(`${sim.url}/__sim/restricted-categories`, {
      method: "PUT",
      body: JSON.stringify({ "666": "Category requires a brand authorization." }),
    });
    const { session, refreshToken } = await authorize(sim);

    const product = (category: string, sku: string) => ({
      title: "Linen Shirt",
      description: "<p>Breathable linen.</p>",
      category_id: category,
      skus: [{ seller_sku: sku, price: { amount: "39.00", currency: "USD" }, inventory: [{ quantity: 3 }] }],
    });
    const live = await api(sim.url, "POST", "/product/202309/products", session, product("600001", "SHIRT-M"));
    expect(live.json.code).toBe(0);
    const productId = live.json.data.product_id as string;
    const skuId = live.json.data.skus[0].id as string;
    const rejected = await api(sim.url, "POST", "/product/202309/products", session, product("666", "SHIRT-L"));
    const detail = await api(sim.url, "GET", `/product/202309/products/${rejected.json.data.product_id}`, session);
    expect(detail.json.data).toMatchObject({
      status: "FAILED",
      audit_failed_reasons: [{ reasons: ["Category requires a brand authorization."] }],
    });

    expect(
      (
        await api(sim.url, "POST", `/product/202309/products/${productId}/inventory/update`, session, {
          skus: [{ id: skuId, inventory: [{ quantity: 9 }] }],
        })
      ).json.code,
    ).toBe(0);
    expect(
      (
        await api(sim.url, "POST", `/product/202309/products/${productId}/prices/update`, session, {
          skus: [{ id: skuId, price: { amount: "35.50", currency: "USD" } }],
        })
      ).json.code,
    ).toBe(0);
    await api(sim.url, "POST", `/product/202309/products/${productId}/partial_edit`, session, { title: "Linen Shirt, relaxed" });

    await fetch(`${sim.url}/__sim/tokens/expire`, { method: "POST" });
    expect((await api(sim.url, "GET", `/product/202309/products/${productId}`, session)).json.code).toBe(105002);
    const refreshed = (await (
      await fetch(
        `${sim.url}/api/v2/token/refresh?app_key=${APP_KEY}&app_secret=${APP_SECRET}&refresh_token=${refreshToken}&grant_type=refresh_token`,
      )
    ).json()) as Record<string, any>;
    expect(refreshed.code).toBe(0);
    const read = await api(sim.url, "GET", `/product/202309/products/${productId}`, {
      token: refreshed.data.access_token,
      cipher: session.cipher,
    });
    expect(read.json.data).toMatchObject({
      status: "ACTIVATE",
      title: "Linen Shirt, relaxed",
      skus: [{ id: skuId, seller_sku: "SHIRT-M", price: { sale_price: "35.50" }, inventory: [{ quantity: 9 }] }],
    });

    await fetch(`${sim.url}/__sim/items/${productId}`, {
      method: "PATCH",
      body: JSON.stringify({ skus: [{ sku: "SHIRT-M", price: "29.99" }] }),
    });
    await expect
      .poll(() => received.find((hook) => JSON.parse(hook.body).data.changed_fields?.includes("price:SHIRT-M")), { timeout: 10_000 })
      .toBeDefined();
    const hook = received.find((entry) => JSON.parse(entry.body).data.changed_fields?.includes("price:SHIRT-M"))!;
    expect(hook.authorization).toBe(createHmac("sha256", APP_SECRET).update(`${APP_KEY}${hook.body}`).digest("hex"));
    expect(JSON.parse(hook.body)).toMatchObject({
      tts_notification_id: expect.any(String),
      shop_id: expect.any(String),
      data: { product_id: productId },
    });
  });
});
