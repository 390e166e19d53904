/**
 * The daily reconciliation, through `npm run reconcile` as a child process against the whole stack
 * (simulator, runner, production app, test database): a product deleted from the copy and one
 * deleted in Shopify whose webhook never came are both found by the id diff, healed (the first
 * fetched by id and stored with its variants, the second removed), and the report says so: the
 * printed table, the kept ReconciliationReport rows, the merchant's page and a
 * reconciliation_critical notification. A second pass finds nothing and exits 0.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliScript } from "./helpers/cli-process";
import { queryRows, truncateAppTables } from "./helpers/database";
import { browse, BROWSER_UA, CookieJar, startStack, waitFor, type Stack } from "./helpers/stack";
const rows = queryRows;
const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;

const runReconcile = (stack: Stack, args: string[], timeoutMs = 180_000) =>
  runCliScript("dev/reconcile-cli/main.ts", stack, args, timeoutMs);

/** The printed table's line of a resource, as cells. */
const tableLine = (stdout: string, resource: string) =>
  stdout
    .split("\n")
    .find((line) => line.startsWith(`${resource} `))
    ?.trim()
    .split(/\s+/);

describe("daily reconciliation: found, healed, reported", { timeout: 400_000 }, () => {
  let stack: Stack;
  let shop: string;
  const merchant = new CookieJar();

  beforeAll(async () => {
    await truncateAppTables();
    stack = await startStack({ runnerSchema: "runner_reconciliation" });
    shop = stack.sim.demoShop;
    await browse(`${stack.app.url}/api/auth/shopify/install?shop=${shop}`, merchant);
    await waitFor(
      async () => ((await rows(`SELECT 1 FROM "SyncRun" WHERE status = 'COMPLETED' AND trigger = 'install'`)).length ? true : undefined),
      120_000,
      "the install sync",
    );
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("refuses an unknown shop with exit code 2", async () => {
    const result = await runReconcile(stack, ["--shop", "nobody-here"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("nobody-here.myshopify.com is not installed");
  });

  it("finds a record deleted locally and one deleted upstream without a webhook, heals both, and the report says so", async () => {
    const { control, store } = stack.sim;
    const [lostLocally, deletedUpstream] = [...store.products.values()];
    const lostId = gid("Product", lostLocally!.id);
    const upstreamId = gid("Product", deletedUpstream!.id);
    const lostVariants = (
      await rows<{ id: string }>(`SELECT "shopifyId" AS id FROM "ProductVariant" WHERE "productId" = $1 ORDER BY 1`, [lostId])
    ).map((row) => row.id);
    expect(lostVariants.length).toBeGreaterThan(0);

    await rows(`DELETE FROM "Product" WHERE "shopifyId" = $1`, [lostId]); // its variants go with it
    control.setFaults(shop, { webhookDropRate: 1 });
    control.deleteProduct(shop, deletedUpstream!.id);
    expect(await rows(`SELECT 1 FROM "Product" WHERE "shopifyId" = $1`, [upstreamId])).toHaveLength(1);
    const productsInShopify = store.products.size;

    const result = await runReconcile(stack, ["--shop", shop]);
    // 2 of the tiny store's products differ: above the default critical threshold (1%)
    expect(2 / productsInShopify).toBeGreaterThan(0.01);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(1);
    expect(result.stdout.split("\n")[0]).toMatch(/^resource\s+Shopify\s+local\s+missing\s+extra\s+status$/);
    expect(tableLine(result.stdout, "products")).toEqual([
      "products",
      String(productsInShopify),
      String(productsInShopify),
      "1",
      "1",
      "critical",
    ]);
    expect(tableLine(result.stdout, "customers")).toEqual([
      "customers",
      String(store.customers.size),
      String(store.customers.size),
      "0",
      "0",
      "ok",
    ]);
    expect(result.stdout).toContain("products: 1 of 1 missing fetched by id and stored; 1 extra removed");

    // healed: the lost product is back with its variants, the deleted one is gone with its variants
    expect(await rows(`SELECT title FROM "Product" WHERE "shopifyId" = $1`, [lostId])).toEqual([{ title: lostLocally!.title }]);
    expect(
      (await rows<{ id: string }>(`SELECT "shopifyId" AS id FROM "ProductVariant" WHERE "productId" = $1 ORDER BY 1`, [lostId])).map(
        (row) => row.id,
      ),
    ).toEqual(lostVariants);
    expect(await rows(`SELECT 1 FROM "Product" WHERE "shopifyId" = $1`, [upstreamId])).toHaveLength(0);
    expect(await rows(`SELECT 1 FROM "ProductVariant" WHERE "productId" = $1`, [upstreamId])).toHaveLength(0);
    expect(await rows(`SELECT count(*)::int AS n FROM "Product"`)).toEqual([{ n: productsInShopify }]);

    // the report is kept
    const [line] = await rows<Record<string, unknown>>(
      `SELECT "shopifyCount", "localCount", missing, extra, healed, removed, "missingIds", "extraIds", status::text
         FROM "ReconciliationReport" WHERE resource = 'products'`,
    );
    expect(line).toEqual({
      shopifyCount: productsInShopify,
      localCount: productsInShopify,
      missing: 1,
      extra: 1,
      healed: 1,
      removed: 1,
      missingIds: [lostId],
      extraIds: [upstreamId],
      status: "CRITICAL",
    });

    // the shop is told (notify-shop records the request before it delivers)
    const notification = await waitFor(
      async () =>
        (await rows<{ facts: Record<string, unknown> }>(`SELECT facts FROM "Notification" WHERE kind = 'reconciliation_critical'`))[0],
      60_000,
      "the reconciliation_critical notification",
    );
    // (the product's inventory items went upstream with it: that line may be critical too)
    expect(String(notification.facts.critical)).toContain("products (1 missing, 1 extra)");
    expect(notification.facts.reportUrl).toBe(`${stack.app.url}/dashboard/reconciliation`);

    // the merchant's page shows the trend per resource
    const page = await fetch(`${stack.app.url}/dashboard/reconciliation`, {
      headers: { cookie: merchant.header(stack.app.url), "user-agent": BROWSER_UA },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/data-resource="products" data-status="critical"/);
    expect(html).toMatch(/data-resource="customers" data-status="ok"/);
  });

  it("a second pass finds the copy true and exits 0", async () => {
    const result = await runReconcile(stack, ["--shop", shop]);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(tableLine(result.stdout, "products")).toEqual([
      "products",
      String(stack.sim.store.products.size),
      String(stack.sim.store.products.size),
      "0",
      "0",
      "ok",
    ]);
    // history: two passes per resource
    expect(await rows(`SELECT count(*)::int AS n FROM "ReconciliationReport" WHERE resource = 'products'`)).toEqual([{ n: 2 }]);
    const page = await (
      await fetch(`${stack.app.url}/dashboard/reconciliation`, {
        headers: { cookie: merchant.header(stack.app.url), "user-agent": BROWSER_UA },
      })
    ).text();
    expect(page).toMatch(/data-resource="products" data-status="ok"/);
    expect(page.match(/data-testid="reconciliation-pass"/g)?.length).toBeGreaterThanOrEqual(2 * 6);
  });
});
