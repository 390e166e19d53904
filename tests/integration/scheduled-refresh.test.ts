/**
 * Freshness without webhooks: changes made while every webhook was dropped are picked up by the
 * next scheduled refresh (an incremental sync), deletions by the weekly deletion pass, and webhook
 * subscriptions Shopify removed are recreated by the refresh.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, truncateAppTables } from "./helpers/database";
import { browse, CookieJar, startStack, waitFor, type Stack } from "./helpers/stack";

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
