/**
 * `npm run sync` as a child process against the whole stack (simulator, runner, production app,
 * test database): it starts the sync through the same lib function and event as the dashboard,
 * follows the run with progress bars, and exits 0 on COMPLETED, non-zero on FAILED, 2 on bad input.
 * A dry run writes no records and records per-stage totals and estimated API cost.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliScript } from "./helpers/cli-process";
import { queryRows, truncateAppTables } from "./helpers/database";
import { browse, CookieJar, startStack, waitFor, type Stack } from "./helpers/stack";

const query = queryRows;

const runCli = (stack: Stack, args: string[], timeoutMs = 90_000) => runCliScript("dev/sync-cli/main.ts", stack, args, timeoutMs);

describe("npm run sync", () => {
  let stack: Stack;
  let shop: string;

  beforeAll(async () => {
    await truncateAppTables();
    stack = await startStack({ runnerSchema: "runner_sync_cli", appEnv: { SYNC_STRATEGY: "paginate" } });
    shop = stack.sim.demoShop;
    await browse(`${stack.app.url}/api/auth/shopify/install?shop=${shop}`, new CookieJar());
    await waitFor(
      async () => ((await query(`SELECT 1 FROM "SyncRun" WHERE status = 'COMPLETED' AND trigger = 'install'`)).length ? true : undefined),
      90_000,
      "the install sync to complete",
    );
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("refuses bad input with a clear message and exit code 2, sending nothing", async () => {
    const unknownType = await runCli(stack, ["--shop", shop, "--data-type", "products,widgets"]);
    expect(unknownType.code).toBe(2);
    expect(unknownType.stderr).toContain('unknown data type "widgets": use one or more of products, orders, customers, inventory');
    const unknownShop = await runCli(stack, ["--shop", "nobody-here"]);
    expect(unknownShop.code).toBe(2);
    expect(unknownShop.stderr).toContain("nobody-here.myshopify.com is not installed");
    expect(await query(`SELECT id FROM "SyncRun" WHERE trigger = 'manual'`)).toEqual([]);
  });

  it("a dry run writes no records and reports totals and estimated cost per stage", async () => {
    await query(`DELETE FROM "Product"`); // variants go with them
    const ordersBefore = await query<{ n: string; synced: Date }>(`SELECT count(*) AS n, max("syncedAt") AS synced FROM "Order"`);

    const result = await runCli(stack, ["--shop", shop, "--data-type", "products,orders", "--dry-run", "--full"]);
    expect(result.code, result.stderr).toBe(0);
    const truth = stack.sim.store;
    expect(result.stdout).toContain(`products   would fetch ${truth.products.size} records`);
    expect(result.stdout).toMatch(/A sync would fetch [\d,]+ records for about [\d,]+ Shopify API cost points\. Nothing was written\./);

    expect(await query(`SELECT count(*)::int AS n FROM "Product"`)).toEqual([{ n: 0 }]);
    expect(await query<{ n: string; synced: Date }>(`SELECT count(*) AS n, max("syncedAt") AS synced FROM "Order"`)).toEqual(ordersBefore);
    const stages = await query<{ resource: string; status: string; total: number; estimatedCost: number; processed: number }>(
      `SELECT s.resource::text, s.status::text, s.total, s."estimatedCost", s.processed FROM "SyncStage" s JOIN "SyncRun" r ON r.id = s."syncRunId" WHERE r."dryRun" ORDER BY s.resource`,
    );
    expect(stages.map(({ resource, status, total, processed }) => ({ resource, status, total, processed }))).toEqual([
      { resource: "products", status: "SKIPPED", total: truth.products.size, processed: 0 },
      { resource: "orders", status: "SKIPPED", total: truth.orders.size, processed: 0 },
    ]);
    // pages x the page query's requested cost (products: 20 a page; orders: 8 a page, recent and history passes)
    const [products, orders] = stages;
    const productPages = Math.max(1, Math.ceil(truth.products.size / 20));
    expect(products!.estimatedCost).toBeGreaterThan(0);
    expect(products!.estimatedCost % productPages).toBe(0);
    expect(orders!.estimatedCost % (Math.ceil(truth.orders.size / 8) + 1)).toBe(0);
    // the dashboard's report shows it
    expect(await query(`SELECT "dryRun", status::text FROM "SyncRun" WHERE trigger = 'manual'`)).toEqual([
      { dryRun: true, status: "COMPLETED" },
    ]);
  });

  it("syncs the chosen data type with live progress and exits 0", async () => {
    const result = await runCli(stack, ["--shop", shop, "--data-type", "products", "--full"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/products\s+\[#+\] 100% [\d,]+\/[\d,]+ completed/);
    expect(result.stdout).toContain("Sync completed.");
    expect(await query(`SELECT count(*)::int AS n FROM "Product"`)).toEqual([{ n: stack.sim.store.products.size }]);
    const [run] = await query<{ resources: string }>(`SELECT resources::text FROM "SyncRun" WHERE trigger = 'manual' AND NOT "dryRun"`);
    expect(run!.resources).toBe("{products}");
  });

  it("exits non-zero when the sync fails", async () => {
    stack.sim.control.oauth.revokeShop(shop); // Shopify refuses the token: the sync fails for good
    const result = await runCli(stack, ["--shop", shop, "--data-type", "customers", "--full"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Sync failed: .*refused the access token/);
  });
});
