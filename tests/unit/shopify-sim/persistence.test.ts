/**
 * The simulator's state directory: a restart restores what Shopify keeps (tokens, subscriptions with
 * their failure counters, every change to the store) over the store regenerated from its seed.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ShopifySimHandle } from "../../../dev/shopify-sim/index.ts";
import { JOURNAL_FILE } from "../../../dev/shopify-sim/state/journal.ts";
import type { ShopStore } from "../../../dev/shopify-sim/store/shop-store.ts";
import { control, gql, startTinySim, waitFor } from "./helpers.ts";

let dir: string;
const running: ShopifySimHandle[] = [];

async function start(options: Parameters<typeof startTinySim>[0] = {}): Promise<ShopifySimHandle> {
  const sim = await startTinySim({ stateDir: dir, ...options });
  running.push(sim);
  return sim;
}

async function stop(sim: ShopifySimHandle): Promise<void> {
  await sim.stop();
  running.splice(running.indexOf(sim), 1);
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "shopify-sim-state-"));
});

afterEach(async () => {
  for (const sim of running.splice(0)) await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Every record of the store, in the stores' own order, as plain JSON. */
function dump(store: ShopStore): unknown {
  return JSON.parse(
    JSON.stringify({
      shop: store.shop,
      products: [...store.products.values()],
      variants: [...store.variants.values()],
      inventoryItems: [...store.inventoryItems.values()],
      inventoryLevels: [...store.inventoryLevels.values()].map((byLocation) => [...byLocation.values()]),
      locations: [...store.locations.values()],
      customers: [...store.customers.values()],
      orders: [...store.orders.values()],
      counts: store.counts(),
    }),
  );
}

async function tokenRequest(sim: ShopifySimHandle, body: Record<string, string>) {
  const response = await fetch(`${sim.url}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Forwarded-Host": sim.demoShop },
    body: JSON.stringify({ client_id: sim.apiKey, client_secret: sim.apiSecret, ...body }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const journalLines = () => readFileSync(path.join(dir, JOURNAL_FILE), "utf8").trim().split("\n").length;

describe("simulator state directory", () => {
  it("restores tokens, subscriptions with their failure counters and every change to the store", async () => {
    // retries an hour apart: the first failed delivery stays the only one during the test
    const first = await start({ webhookRetryScale: 1 });
    const issued = (await control(first, "POST", `/shops/${first.demoShop}/tokens`, { expiring: true })).body;
    const subscription = await gql(
      first,
      `mutation { webhookSubscriptionCreate(topic: PRODUCTS_UPDATE, webhookSubscription: { uri: "http://127.0.0.1:9/hooks" }) { webhookSubscription { id } userErrors { message } } }`,
    );
    expect(subscription.body.data?.["webhookSubscriptionCreate"]).toMatchObject({ userErrors: [] });

    const S = `/shops/${first.demoShop}`;
    const [generatedProduct, doomedProduct] = [...first.store.products.values()];
    const [doomedCustomer] = [...first.store.customers.values()];
    const created = await control(first, "POST", `${S}/products`, {
      title: "Kept mug",
      variants: [
        { sku: "KEPT-1", price: "12.00", title: "Blue", available: 5 },
        { sku: "KEPT-2", price: "13.00", title: "Red", available: 6 },
      ],
    });
    expect(created.status).toBe(201);
    expect((await control(first, "PATCH", `${S}/products/${generatedProduct!.id}`, { title: "Renamed", tags: ["kept"] })).status).toBe(200);
    expect((await control(first, "DELETE", `${S}/products/${doomedProduct!.id}`)).status).toBe(200);
    const customer = await control(first, "POST", `${S}/customers`, { firstName: "Ada", email: "ada@example.com" });
    expect((await control(first, "DELETE", `${S}/customers/${doomedCustomer!.id}`)).status).toBe(200);
    const variantId = (created.body["variantIds"] as number[])[0]!;
    const order = await control(first, "POST", `${S}/orders`, { customerId: customer.body["id"], lineItems: [{ variantId, quantity: 2 }] });
    expect((await control(first, "PATCH", `${S}/orders/${order.body["id"]}`, { cancel: true, note: "kept" })).status).toBe(200);
    const level = [...first.store.inventoryLevels.values()][3]!.values().next().value!;
    expect(
      (
        await control(first, "PUT", `${S}/inventory-levels`, {
          inventoryItemId: level.inventoryItemId,
          locationId: level.locationId,
          quantity: 41,
        })
      ).status,
    ).toBe(200);
    const other = [...first.store.inventoryLevels.values()][5]!.values().next().value!;
    const set = await gql(
      first,
      `mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { code } } }`,
      {
        input: {
          name: "available",
          reason: "correction",
          quantities: [
            {
              inventoryItemId: `gid://shopify/InventoryItem/${other.inventoryItemId}`,
              locationId: `gid://shopify/Location/${other.locationId}`,
              quantity: 9,
            },
          ],
        },
      },
    );
    expect(set.body.data?.["inventorySetQuantities"]).toEqual({ userErrors: [] });
    // the products/update delivery to a closed port failed once
    await waitFor(() => first.control.webhooks.listForShop(first.demoShop)[0]?.consecutiveFailures === 1);

    const before = dump(first.store);
    const subscriptionsBefore = first.control.webhooks.listForShop(first.demoShop);
    const nextId = first.store.nextId() + 1;
    await stop(first);

    const second = await start({ webhookRetryScale: 1 });
    expect(dump(second.store)).toEqual(before);
    expect(second.store.nextId()).toBe(nextId);
    expect(JSON.parse(JSON.stringify(second.control.webhooks.listForShop(second.demoShop)))).toEqual(
      JSON.parse(JSON.stringify(subscriptionsBefore)),
    );
    expect(second.demoAccessToken).toBe(first.demoAccessToken);
    expect((await gql(second, "{ shop { name } }", {}, String(issued["access_token"]))).status).toBe(200);
    const refreshed = await tokenRequest(second, { grant_type: "refresh_token", refresh_token: String(issued["refresh_token"]) });
    expect(refreshed.status).toBe(200);

    // A rotation made after the restart is kept too; an uninstall revokes for good.
    await stop(second);
    const third = await start({ webhookRetryScale: 1 });
    expect((await gql(third, "{ shop { name } }", {}, String(refreshed.body["access_token"]))).status).toBe(200);
    expect((await control(third, "POST", `/shops/${third.demoShop}/uninstall`)).status).toBe(200);
    await stop(third);
    const fourth = await start({ webhookRetryScale: 1 });
    expect((await gql(fourth, "{ shop { name } }", {}, String(refreshed.body["access_token"]))).status).toBe(401);
    expect(
      (await tokenRequest(fourth, { grant_type: "refresh_token", refresh_token: String(refreshed.body["refresh_token"]) })).status,
    ).toBe(400);
    expect(fourth.control.webhooks.listForShop(fourth.demoShop)).toEqual([]);
    expect(fourth.demoAccessToken).not.toBe(first.demoAccessToken);
    expect((await gql(fourth, "{ shop { name } }")).status).toBe(200);
  });

  it("retries after a restart a delivery that was waiting for its retry, with the same ids", async () => {
    let status = 500;
    const received: { webhookId: string; status: number }[] = [];
    const hook = createServer((request, response) => {
      request.resume();
      received.push({ webhookId: String(request.headers["x-shopify-webhook-id"]), status });
      response.statusCode = status;
      response.end();
    });
    await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hooks`;
      // first retry 3 s after a failure
      const first = await start({ webhookRetryScale: 0.05 });
      await gql(
        first,
        `mutation { webhookSubscriptionCreate(topic: CUSTOMERS_CREATE, webhookSubscription: { uri: "${url}" }) { userErrors { message } } }`,
      );
      await control(first, "POST", `/shops/${first.demoShop}/customers`, { firstName: "Ada" });
      await waitFor(() => received.length > 0);
      await stop(first);

      status = 200;
      const second = await start({ webhookRetryScale: 0.05 });
      await waitFor(() => received.some((r) => r.status === 200), { timeoutMs: 60_000 });
      expect(new Set(received.map((r) => r.webhookId)).size).toBe(1);
      await waitFor(() => second.control.webhooks.listForShop(second.demoShop)[0]?.consecutiveFailures === 0);
    } finally {
      hook.closeAllConnections();
      await new Promise((resolve) => hook.close(resolve));
    }
  });

  it("keeps shops added through the control API, and each store's generation anchor", async () => {
    const first = await start();
    expect((await control(first, "POST", "/shops", { domain: "second.myshopify.com", size: "tiny", seed: 3 })).status).toBe(201);
    await control(first, "POST", "/shops/second.myshopify.com/customers", { firstName: "Grace" });
    const demo = dump(first.store);
    const second = dump(first.control.shop("second.myshopify.com").store);
    await stop(first);

    // Started on another day without a pinned `now`: the kept anchor regenerates the same stores.
    const again = await start({ now: undefined });
    expect(dump(again.store)).toEqual(demo);
    expect(dump(again.control.shop("second.myshopify.com").store)).toEqual(second);
  });

  it("keeps each shop's time zone, set at creation or later", async () => {
    const first = await start();
    await control(first, "POST", "/shops", { domain: "tokyo.myshopify.com", size: "tiny", seed: 4, timezone: "Asia/Tokyo" });
    expect((await control(first, "PUT", `/shops/${first.demoShop}/timezone`, { timezone: "Europe/Berlin" })).status).toBe(200);
    await stop(first);

    const again = await start();
    expect(again.store.shop.ianaTimezone).toBe("Europe/Berlin");
    expect(again.control.shop("tokyo.myshopify.com").store.shop.ianaTimezone).toBe("Asia/Tokyo");
  });

  it("compacts the journal at start and skips a line torn by a crash", async () => {
    const first = await start();
    const product = first.store.products.values().next().value!;
    for (let i = 0; i < 5; i++) await control(first, "PATCH", `/shops/${first.demoShop}/products/${product.id}`, { title: `Title ${i}` });
    await stop(first);
    const grown = journalLines();
    appendFileSync(path.join(dir, JOURNAL_FILE), '{"t":"records:demo.myshopify.com:products","k":"1');

    const second = await start();
    expect(second.store.products.get(product.id)!.title).toBe("Title 4");
    expect(journalLines()).toBe(grown - 4);
  });

  it("refuses a second simulator on the same directory, and a state made from another store", async () => {
    const first = await start();
    await expect(startTinySim({ stateDir: dir })).rejects.toThrow(/in use by another Shopify simulator/);
    await stop(first);
    await expect(startTinySim({ stateDir: dir, seed: 8 })).rejects.toThrow(/size tiny, seed 7.*npm run db:reset/);
    // the refused start released the directory
    const again = await start();
    expect(again.store.products.size).toBeGreaterThan(0);
  });
});
