/* eslint-disable @typescript-eslint/no-explicit-any -- platform JSON is read loosely and asserted with toMatchObject */
/**
 * The Shopee simulator over real HTTP, driven by a signer written here from Shopee's documented
 * algorithm: the signature and the 5-minute window, the authorization redirect, code -> tokens ->
 * refresh (rotating), items with models, stock and price updates, expiry, an ended authorization,
 * error envelope, 429s, the signed push of a seller's edit, and pushes lost or without a msg_id.
 */
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startShopeeSim } from "../../../dev/shopee-sim/index.ts";
import type { MarketplaceSimHandle } from "../../../dev/marketplace-sim-kit/start.ts";

const PARTNER_ID = 2001234;
const PARTNER_KEY = "shopee-demo-partner-key";
const SHOP_ID = 100001;

let sim: MarketplaceSimHandle | undefined;
let receiver: Server | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
  receiver?.close();
  receiver = undefined;
});

const hmac = (message: string) => createHmac("sha256", PARTNER_KEY).update(message).digest("hex");
const now = () => Math.floor(Date.now() / 1000);

function signedUrl(base: string, path: string, extra: Record<string, string> = {}, token?: string, timestamp = now()): string {
  const url = new URL(path, base);
  const signBase = `${PARTNER_ID}${path}${timestamp}${token === undefined ? "" : `${token}${SHOP_ID}`}`;
  url.searchParams.set("partner_id", String(PARTNER_ID));
  url.searchParams.set("timestamp", String(timestamp));
  if (token !== undefined) {
    url.searchParams.set("access_token", token);
    url.searchParams.set("shop_id", String(SHOP_ID));
  }
  url.searchParams.set("sign", hmac(signBase));
  for (const [key, value] of Object.entries(extra)) url.searchParams.set(key, value);
  return url.toString();
}

async function call(url: string, body?: unknown): Promise<{ status: number; json: Record<string, any> }> {
  const response = await fetch(
    url,
    body === undefined ? {} : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) },
  );
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

async function authorize(handle: MarketplaceSimHandle): Promise<{ accessToken: string; refreshToken: string }> {
  const page = await fetch(signedUrl(handle.url, "/api/v2/shop/auth_partner", { redirect: "http://app.invalid/callback?state=s1" }), {
    redirect: "manual",
  });
  expect(page.status).toBe(302);
  const back = new URL(page.headers.get("location")!);
  expect(back.searchParams.get("state")).toBe("s1");
  expect(back.searchParams.get("shop_id")).toBe(String(SHOP_ID));
  const code = back.searchParams.get("code")!;
  const token = await call(signedUrl(handle.url, "/api/v2/auth/token/get"), { code, partner_id: PARTNER_ID, shop_id: SHOP_ID });
  expect(token.status).toBe(200);
  expect(token.json.error).toBe("");
  expect(token.json.expire_in).toBeGreaterThan(0);
  const reused = await call(signedUrl(handle.url, "/api/v2/auth/token/get"), { code, partner_id: PARTNER_ID, shop_id: SHOP_ID });
  expect(reused.json.error).toBe("error_auth");
  return { accessToken: token.json.access_token, refreshToken: token.json.refresh_token };
}

describe("Shopee simulator", () => {
  it("refuses a wrong sign, a stale timestamp and an unknown token, with Shopee's envelope", async () => {
    sim = await startShopeeSim({ port: 0 });
    const { accessToken } = await authorize(sim);
    const list = (token: string, timestamp?: number) =>
      call(signedUrl(sim!.url, "/api/v2/product/get_item_list", { offset: "0", page_size: "10", item_status: "NORMAL" }, token, timestamp));
    expect((await list(accessToken)).json).toMatchObject({ error: "", response: { item: [], total_count: 0 } });
    const forged = new URL(
      signedUrl(sim.url, "/api/v2/product/get_item_list", { offset: "0", page_size: "10", item_status: "NORMAL" }, accessToken),
    );
    forged.searchParams.set("sign", "0".repeat(64));
    const refused = await call(forged.toString());
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ error: "error_sign", message: expect.any(String), request_id: expect.any(String) });
    expect((await list(accessToken, now() - 360)).json.error).toBe("error_auth");
    expect((await list("shopee_at_unknown")).json.error).toBe("invalid_access_token");
  });

  it("creates an item with models, updates price and stock, refreshes an expired token, and pushes a seller's edit signed", async () => {
    const received: { url: string; body: string; authorization: string }[] = [];
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        received.push({ url: req.url!, body: Buffer.concat(chunks).toString(), authorization: String(req.headers.authorization) });
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver!.listen(0, "127.0.0.1", resolve));
    const pushUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/push`;
    sim = await startShopeeSim({ port: 0, notificationUrl: pushUrl });
    let { accessToken, refreshToken } = await authorize(sim);

    const added = await call(signedUrl(sim.url, "/api/v2/product/add_item", {}, accessToken), {
      item_name: "Canvas Tote",
      description: "A sturdy canvas tote bag.",
      original_price: 19.9,
      seller_stock: [{ stock: 0 }],
      category_id: 100636,
    });
    expect(added.json.error).toBe("");
    const itemId = added.json.response.item_id as number;
    const tiers = await call(signedUrl(sim.url, "/api/v2/product/init_tier_variation", {}, accessToken), {
      item_id: itemId,
      tier_variation: [{ name: "Colour", option_list: [{ option: "Red" }, { option: "Blue" }] }],
      model: [
        { tier_index: [0], original_price: 19.9, model_sku: "TOTE-RED", seller_stock: [{ stock: 4 }] },
        { tier_index: [1], original_price: 21.5, model_sku: "TOTE-BLUE", seller_stock: [{ stock: 7 }] },
      ],
    });
    const models = tiers.json.response.model as { model_id: number; model_sku: string }[];
    const blue = models.find((model) => model.model_sku === "TOTE-BLUE")!.model_id;
    await call(signedUrl(sim.url, "/api/v2/product/update_stock", {}, accessToken), {
      item_id: itemId,
      stock_list: [{ model_id: blue, seller_stock: [{ stock: 12 }] }],
    });
    const priced = await call(signedUrl(sim.url, "/api/v2/product/update_price", {}, accessToken), {
      item_id: itemId,
      price_list: [{ model_id: 999, original_price: 5 }],
    });
    expect(priced.json.response.failure_list).toEqual([{ model_id: 999, failed_reason: "Model not found." }]);

    await fetch(`${sim.url}/__sim/tokens/expire`, { method: "POST" });
    const expired = await call(signedUrl(sim.url, "/api/v2/product/get_model_list", { item_id: String(itemId) }, accessToken));
    expect(expired.json).toMatchObject({ error: "invalid_access_token", message: "Access token expired." });
    const refreshed = await call(signedUrl(sim.url, "/api/v2/auth/access_token/get"), {
      refresh_token: refreshToken,
      partner_id: PARTNER_ID,
      shop_id: SHOP_ID,
    });
    expect(refreshed.json.error).toBe("");
    const again = await call(signedUrl(sim.url, "/api/v2/auth/access_token/get"), {
      refresh_token: refreshToken,
      partner_id: PARTNER_ID,
      shop_id: SHOP_ID,
    });
    expect(again.json.error).toBe("error_auth");
    ({ access_token: accessToken, refresh_token: refreshToken } = refreshed.json);
    const read = await call(signedUrl(sim.url, "/api/v2/product/get_model_list", { item_id: String(itemId) }, accessToken));
    expect(
      read.json.response.model.map((model: any) => [
        model.model_sku,
        model.price_info[0].original_price,
        model.stock_info_v2.seller_stock[0].stock,
      ]),
    ).toEqual([
      ["TOTE-RED", 19.9, 4],
      ["TOTE-BLUE", 21.5, 12],
    ]);

    const items = (await (await fetch(`${sim.url}/__sim/items`)).json()) as { items: { id: string; status: string; title: string }[] };
    expect(items.items).toMatchObject([{ id: String(itemId), status: "live", title: "Canvas Tote" }]);
    const edit = await fetch(`${sim.url}/__sim/items/${itemId}`, {
      method: "PATCH",
      body: JSON.stringify({ title: "Canvas Tote (edited)" }),
    });
    expect(await edit.json()).toMatchObject({ changed: ["title"] });
    await expect
      .poll(() => received.find((push) => JSON.parse(push.body).data.changed_fields?.includes("title")), { timeout: 10_000 })
      .toBeDefined();
    const push = received.find((entry) => JSON.parse(entry.body).data.changed_fields?.includes("title"))!;
    expect(push.authorization).toBe(hmac(`${pushUrl}|${push.body}`));
    expect(JSON.parse(push.body)).toMatchObject({
      shop_id: SHOP_ID,
      msg_id: expect.any(String),
      timestamp: expect.any(Number),
      data: { item_id: itemId },
    });
  });

  it("answers 429 once the shop's bucket is empty", async () => {
    sim = await startShopeeSim({ port: 0, requestsPerSecond: 1, burst: 2, faults: { rateFactor: 0 } });
    const { accessToken } = await authorize(sim);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push(
        (
          await call(
            signedUrl(sim.url, "/api/v2/product/get_item_list", { offset: "0", page_size: "1", item_status: "NORMAL" }, accessToken),
          )
        ).status,
      );
    expect(statuses).toEqual([200, 200, 429]);
  });

  it("refuses every token once the shop's authorization ended, the refresh token too", async () => {
    sim = await startShopeeSim({ port: 0 });
    const { accessToken, refreshToken } = await authorize(sim);
    expect((await (await fetch(`${sim.url}/__sim/tokens/revoke`, { method: "POST" })).json()).revoked).toBe(1);
    const list = await call(
      signedUrl(sim.url, "/api/v2/product/get_item_list", { offset: "0", page_size: "1", item_status: "NORMAL" }, accessToken),
    );
    expect(list).toMatchObject({ status: 403, json: { error: "invalid_access_token" } });
    const refresh = await call(signedUrl(sim.url, "/api/v2/auth/access_token/get"), {
      refresh_token: refreshToken,
      partner_id: PARTNER_ID,
      shop_id: SHOP_ID,
    });
    expect(refresh.json.error).toBe("error_auth");
  });

  it("loses the pushes it is told to, and sends them without msg_id when told to", async () => {
    const received: string[] = [];
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        received.push(Buffer.concat(chunks).toString());
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver!.listen(0, "127.0.0.1", resolve));
    sim = await startShopeeSim({ port: 0, notificationUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/push` });
    const { accessToken } = await authorize(sim);
    const added = await call(signedUrl(sim.url, "/api/v2/product/add_item", {}, accessToken), {
      item_name: "Canvas Tote",
      description: "A sturdy canvas tote bag.",
      original_price: 19.9,
      seller_stock: [{ stock: 3 }],
      category_id: 100636,
    });
    const itemId = added.json.response.item_id as number;
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(1); // the audit's verdict
    const edit = (title: string) => fetch(`${sim!.url}/__sim/items/${itemId}`, { method: "PATCH", body: JSON.stringify({ title }) });

    const faults = await fetch(`${sim.url}/__sim/notification-faults`, { method: "PUT", body: JSON.stringify({ dropNext: 1 }) });
    expect(await faults.json()).toEqual({ dropNext: 1, dropRate: 0, delayMs: 0 });
    await edit("Lost edit");
    const app = await fetch(`${sim.url}/__sim/app`, { method: "PUT", body: JSON.stringify({ pushMessageIds: false }) });
    expect(await app.json()).toMatchObject({ pushMessageIds: false });
    await edit("Edit without msg_id");
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(2);
    const pushed = JSON.parse(received[1]!) as Record<string, unknown>;
    expect(pushed).not.toHaveProperty("msg_id");
    expect(pushed).toMatchObject({ shop_id: SHOP_ID, code: 18, data: { item_id: itemId } });
    const { notifications } = (await (await fetch(`${sim.url}/__sim/notifications`)).json()) as {
      notifications: { dropped: boolean; attempts: number }[];
    };
    expect(notifications.map((entry) => entry.dropped)).toEqual([false, true, false]);
    expect(notifications[1]!.attempts).toBe(0);
  });
});
