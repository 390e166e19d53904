/**
 * Freshness without webhooks: changes made while every webhook was dropped are picked up by the
 * next scheduled refresh (an incremental sync), deletions by the weekly deletion pass, and webhook
 * subscriptions Shopify removed are recreated by the refresh. Each resource's refresh window starts
 * at its own high-water mark (a sync of other resources never moves it), and inventory quantities,
 * which change without their inventory item changing, are healed too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, truncateAppTables } from "./helpers/database";
import { browse, BROWSER_UA, CookieJar, startStack, waitFor, type Stack } from "./helpers/stack";

const rows = queryRows;

const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;

describe("scheduled refresh and weekly deletion pass", { timeout: 240_000 }, () => {
  let stack: Stack;
  let shop: string;

  const sendEvent = async (name: string, data: Record<string, unknown>) => {
    const res = await fetch(`${stack.runner.url}/e/test-key`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name, data }),
    });
    expect(res.status).toBe(200);
  };
  const latestRun = async (trigger: string) =>
    (
      await rows<{ id: string; status: string; kind: string }>(
        `SELECT id, status, kind FROM "SyncRun" WHERE trigger = $1 ORDER BY "createdAt" DESC LIMIT 1`,
        [trigger],
      )
    )[0];
  const adminGraphQL = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(`${stack.sim.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-host": shop, "x-shopify-access-token": stack.sim.demoAccessToken },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data: Record<string, { nodes?: { id: string; topic: string }[] }> };
  };

  beforeAll(async () => {
    await truncateAppTables();
    stack = await startStack({ runnerSchema: "runner_refresh" });
    shop = stack.sim.demoShop;
    await browse(`${stack.app.url}/api/auth/shopify/install?shop=${shop}`, new CookieJar());
    await waitFor(async () => ((await latestRun("install"))?.status === "COMPLETED" ? true : undefined), 120_000, "the install sync");
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("picks up changes whose webhooks were lost at the next refresh, and deletions at the weekly pass", async () => {
    const { control, store } = stack.sim;
    control.setFaults(shop, { webhookDropRate: 1 });
    const [first, second] = [...store.products.values()];
    const created = control.createProduct(shop, { title: "Made while webhooks were down", variants: [{ sku: "DOWN-1", price: "9.50" }] });
    control.updateProduct(shop, first!.id, { title: "Renamed while webhooks were down" });
    const customer = [...store.customers.values()][0]!;
    control.updateCustomer(shop, customer.id, { firstName: "Renamed" });
    control.deleteProduct(shop, second!.id);

    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await rows(`SELECT 1 FROM "Product" WHERE "shopifyId" = $1`, [gid("Product", created.id)])).toHaveLength(0);

    // a subscription Shopify removed (e.g. after repeated failed deliveries)
    const subscriptions = await adminGraphQL(`{ webhookSubscriptions(first: 50) { nodes { id topic } } }`);
    const removed = subscriptions.data.webhookSubscriptions!.nodes!.find((s) => s.topic === "PRODUCTS_UPDATE")!;
    await adminGraphQL(
      `mutation($id: ID!) { webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { message } } }`,
      { id: removed.id },
    );

    await sendEvent("app/refresh.requested", { reason: "test" });
    const refresh = await waitFor(
      async () => {
        const run = await latestRun("cron");
        return run && ["COMPLETED", "FAILED"].includes(run.status) ? run : undefined;
      },
      120_000,
      "the scheduled refresh",
    );
    expect(refresh).toMatchObject({ status: "COMPLETED", kind: "INCREMENTAL" });

    expect(await rows(`SELECT title FROM "Product" WHERE "shopifyId" = $1`, [gid("Product", created.id)])).toEqual([
      { title: "Made while webhooks were down" },
    ]);
    expect(await rows(`SELECT sku FROM "ProductVariant" WHERE "productId" = $1`, [gid("Product", created.id)])).toEqual([
      { sku: "DOWN-1" },
    ]);
    expect(await rows(`SELECT title FROM "Product" WHERE "shopifyId" = $1`, [gid("Product", first!.id)])).toEqual([
      { title: "Renamed while webhooks were down" },
    ]);
    expect(await rows(`SELECT "firstName" FROM "Customer" WHERE "shopifyId" = $1`, [gid("Customer", customer.id)])).toEqual([
      { firstName: "Renamed" },
    ]);
    // an incremental sync cannot see what no longer exists
    expect(await rows(`SELECT 1 FROM "Product" WHERE "shopifyId" = $1`, [gid("Product", second!.id)])).toHaveLength(1);
    // the refresh put the missing subscription back
    const after = await adminGraphQL(`{ webhookSubscriptions(first: 50) { nodes { id topic } } }`);
    expect(after.data.webhookSubscriptions!.nodes!.map((s) => s.topic)).toContain("PRODUCTS_UPDATE");

    await sendEvent("app/reconcile.requested", { reason: "test" });
    await waitFor(
      async () =>
        (await rows(`SELECT 1 FROM "Product" WHERE "shopifyId" = $1`, [gid("Product", second!.id)])).length === 0 ? true : undefined,
      120_000,
      "the deletion pass",
    );
    // its variants went with it, and nothing else was removed
    expect(await rows(`SELECT 1 FROM "ProductVariant" WHERE "productId" = $1`, [gid("Product", second!.id)])).toHaveLength(0);
    const [{ n }] = (await rows<{ n: string }>(`SELECT count(*) AS n FROM "Product"`)) as [{ n: string }];
    expect(Number(n)).toBe(store.products.size);
    const [{ o }] = (await rows<{ o: string }>(`SELECT count(*) AS o FROM "Order"`)) as [{ o: string }];
    expect(Number(o)).toBe(store.orders.size);
  });
});

describe("refresh windows per resource, and inventory healing", { timeout: 300_000 }, () => {
  const HOUR = 3_600_000;
  let stack: Stack;
  let shop: string;
  let merchant: CookieJar;

  const finished = async (runId: string) => {
    const [run] = await rows<{ id: string; status: string; kind: string }>(`SELECT id, status, kind FROM "SyncRun" WHERE id = $1`, [runId]);
    return run && ["COMPLETED", "FAILED", "CANCELLED"].includes(run.status) ? run : undefined;
  };
  /** Runs the scheduled refresh now and returns its run once it finished. */
  const refresh = async () => {
    const before = await rows<{ id: string }>(`SELECT id FROM "SyncRun" WHERE trigger = 'cron'`);
    const res = await fetch(`${stack.runner.url}/e/test-key`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "app/refresh.requested", data: { reason: "test" } }),
    });
    expect(res.status).toBe(200);
    const run = await waitFor(
      async () => {
        const [newest] = await rows<{ id: string }>(
          `SELECT id FROM "SyncRun" WHERE trigger = 'cron' AND NOT (id = ANY($1)) ORDER BY "createdAt" DESC LIMIT 1`,
          [before.map((r) => r.id)],
        );
        return newest ? finished(newest.id) : undefined;
      },
      120_000,
      "the scheduled refresh",
    );
    expect(run).toMatchObject({ status: "COMPLETED", kind: "INCREMENTAL" });
    return run;
  };
  const adminGraphQL = async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(`${stack.sim.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-host": shop, "x-shopify-access-token": stack.sim.demoAccessToken },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data: T; errors?: unknown };
    expect(body.errors).toBeUndefined();
    return body.data;
  };

  beforeAll(async () => {
    await truncateAppTables();
    // Shopify's clock starts an hour behind the app's: the test lets that hour pass on Shopify's
    // side (clock.advance) between the lost changes and the customers-only sync instead of waiting.
    stack = await startStack({ runnerSchema: "runner_refresh_windows", sim: { clockOffsetMs: -HOUR } });
    shop = stack.sim.demoShop;
    merchant = new CookieJar();
    await browse(`${stack.app.url}/api/auth/shopify/install?shop=${shop}`, merchant);
    await waitFor(
      async () => {
        const [run] = await rows<{ status: string }>(`SELECT status FROM "SyncRun" WHERE trigger = 'install'`);
        return run?.status === "COMPLETED" ? true : undefined;
      },
      120_000,
      "the install sync",
    );
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("a customers-only sync moves neither the products nor the orders window: the refresh still fetches their lost changes", async () => {
    const { control, store } = stack.sim;
    control.setFaults(shop, { webhookDropRate: 1 });
    const product = [...store.products.values()][0]!;
    const order = [...store.orders.values()].reverse().find((candidate) => candidate.fulfillmentStatus !== "FULFILLED")!;
    control.updateProduct(shop, product.id, { title: "Renamed while webhooks were lost" });
    control.updateOrder(shop, order.id, { fulfillmentStatus: "FULFILLED" });

    // An hour later a customer changes and the merchant syncs customers only (Shopify's clock now
    // agrees with the app's).
    control.clock.advance(HOUR);
    const customer = [...store.customers.values()][0]!;
    control.updateCustomer(shop, customer.id, { firstName: "Later" });
    const started = await fetch(`${stack.app.url}/api/sync`, {
      method: "POST",
      headers: {
        cookie: merchant.header(stack.app.url),
        origin: stack.app.url,
        "content-type": "application/json",
        "user-agent": BROWSER_UA,
      },
      body: JSON.stringify({ resources: ["customers"] }),
    });
    expect(started.status).toBe(202);
    const { runId } = (await started.json()) as { runId: string };
    expect(await waitFor(() => finished(runId), 120_000, "the customers-only sync")).toMatchObject({ status: "COMPLETED" });
    expect(await rows(`SELECT "firstName" FROM "Customer" WHERE "shopifyId" = $1`, [gid("Customer", customer.id)])).toEqual([
      { firstName: "Later" },
    ]);
    expect(await rows(`SELECT title FROM "Product" WHERE "shopifyId" = $1`, [gid("Product", product.id)])).not.toEqual([
      { title: "Renamed while webhooks were lost" },
    ]);

    const run = await refresh();
    expect(await rows(`SELECT title FROM "Product" WHERE "shopifyId" = $1`, [gid("Product", product.id)])).toEqual([
      { title: "Renamed while webhooks were lost" },
    ]);
    expect(await rows(`SELECT "displayFulfillmentStatus" FROM "Order" WHERE "shopifyId" = $1`, [gid("Order", order.id)])).toEqual([
      { displayFulfillmentStatus: "FULFILLED" },
    ]);
    // The products high-water mark is what the refresh stored: the renamed product's updatedAt
    // (Shopify's clock), not a time of the app's.
    const [stage] = await rows<{ ms: number }>(
      `SELECT extract(epoch FROM watermark)::float8 * 1000 AS ms FROM "SyncStage" WHERE "syncRunId" = $1 AND resource = 'products'`,
      [run!.id],
    );
    expect(stage?.ms).toBe(Date.parse(product.updatedAt));
  });

  it("heals inventory quantities whose inventory_levels/update webhooks were lost", async () => {
    const { control, store } = stack.sim;
    control.setFaults(shop, { webhookDropRate: 1 });
    const levels = [...store.inventoryLevels.values()].flatMap((byLocation) => [...byLocation.values()]);
    const [viaMutation, viaControl] = [levels[0]!, levels[levels.length - 1]!];
    const stored = async (level: typeof viaMutation) =>
      (
        await rows<{ available: number; onHand: number }>(
          `SELECT available, "onHand" FROM "InventoryLevel" WHERE "inventoryItemId" = $1 AND "locationId" = $2`,
          [gid("InventoryItem", level.inventoryItemId), gid("Location", level.locationId)],
        )
      )[0];
    const before = { available: viaMutation.quantities.available, onHand: viaMutation.quantities.on_hand };
    expect(await stored(viaMutation)).toEqual(before);
    expect(await stored(viaControl)).toEqual({ available: viaControl.quantities.available, onHand: viaControl.quantities.on_hand });
    const itemUpdatedAt = store.inventoryItems.get(viaMutation.inventoryItemId)!.updatedAt;
    // another app (or the POS) sets a quantity through the Admin API...
    await adminGraphQL(
      `mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { message } } }`,
      {
        input: {
          name: "available",
          reason: "correction",
          quantities: [
            {
              inventoryItemId: gid("InventoryItem", viaMutation.inventoryItemId),
              locationId: gid("Location", viaMutation.locationId),
              quantity: viaMutation.quantities.available + 17,
              changeFromQuantity: viaMutation.quantities.available,
            },
          ],
        },
      },
    );
    // ...and a stock count moves on-hand stock in the admin
    control.setInventory(shop, {
      inventoryItemId: viaControl.inventoryItemId,
      locationId: viaControl.locationId,
      name: "on_hand",
      quantity: viaControl.quantities.on_hand + 4,
    });
    // the inventory items themselves did not change, and the copy still has the old quantities
    expect(store.inventoryItems.get(viaMutation.inventoryItemId)!.updatedAt).toBe(itemUpdatedAt);
    expect(await stored(viaMutation)).toEqual({ available: before.available, onHand: before.onHand });

    await refresh();
    expect(await stored(viaMutation)).toEqual({ available: viaMutation.quantities.available, onHand: viaMutation.quantities.on_hand });
    expect(await stored(viaControl)).toEqual({ available: viaControl.quantities.available, onHand: viaControl.quantities.on_hand });
  });
});
