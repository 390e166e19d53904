/**
 * PostgreSQL goes away for 15 s in the middle of a full sync (its own cluster, stopped with pg_ctl
 * and started again on the same data and port), under the real app and the runner as a child
 * process. The app's steps fail while it is away and are retried; the runner puts back the job it
 * had in flight (it could not record the outcome then). The sync completes with every row once.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startCluster, type RunningCluster } from "../../dev/db/embedded";
import { applyMigrations } from "../../dev/db/migrate";
import { startShopifySim } from "../../dev/shopify-sim/index";
import { startApp, TEST_APP_ENV, type RunningApp } from "./helpers/app-server";
import { spawnRunner, type RunnerProcess } from "./helpers/runner-process";
import { browse, CookieJar, waitFor } from "./helpers/stack";

const RUNNER_SCHEMA = "runner_pg_outage";
const OUTAGE_MS = 15_000;
const domain = `outage-${process.pid}.myshopify.com`;

let dir: string;
let port: number;
let cluster: RunningCluster;
let sim: Awaited<ReturnType<typeof startShopifySim>>;
let app: RunningApp;
let runner: RunnerProcess;

const startDatabase = () => startCluster({ dataDir: path.join(dir, "data"), port, database: "outage", fast: true });

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** The query, or undefined while the database cannot answer. */
const probe = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => query<T>(sql, params).catch(() => undefined);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shopsync-outage-pg-"));
  fs.chmodSync(dir, 0o755);
  port = await freePort();
  cluster = await startDatabase();
  await applyMigrations(cluster.url);
  sim = await startShopifySim({
    port: 0,
    size: "tiny",
    bulkObjectsPerSecond: Number.POSITIVE_INFINITY,
    bulkStartDelayMs: 20,
    webhookRetryScale: 0.0001,
    apiKey: TEST_APP_ENV.SHOPIFY_API_KEY,
    apiSecret: TEST_APP_ENV.SHOPIFY_API_SECRET,
  });
  sim.control.addShop(domain, { size: "tiny", seed: 5 });
  const runnerPort = await freePort();
  app = await startApp({
    DATABASE_URL: cluster.url,
    SHOPIFY_API_ORIGIN: sim.url,
    INNGEST_DEV: `http://localhost:${runnerPort}`,
    SYNC_STRATEGY: "paginate",
  });
  runner = await spawnRunner({
    port: runnerPort,
    schema: RUNNER_SCHEMA,
    appUrls: [`${app.url}/api/inngest`],
    databaseUrl: cluster.url,
    timeScale: 0.2,
    resyncMs: 0,
  });
  await waitFor(
    async () =>
      ((await (await fetch(`${runner.url}/v1/functions`)).json()) as { data: { id: string }[] }).data.find((f) =>
        f.id.endsWith("sync-shop"),
      ),
    30_000,
    "the runner to register the app's functions",
  );
});

afterAll(async () => {
  await app?.kill();
  await runner?.kill();
  await sim?.stop();
  cluster?.stop("immediate");
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("a PostgreSQL outage in the middle of a sync", () => {
  it("the sync completes once the database is back, with every row exactly once", { timeout: 420_000 }, async () => {
    // Slow Shopify down, so the sync is mid-way (rows written, stages to go) when the database stops.
    sim.control.setFaults(domain, { slowRate: 1, slowMs: 300 });
    const hops = await browse(`${app.url}/api/auth/shopify/install?shop=${domain}`, new CookieJar());
    expect(hops.at(-1)!.url).toMatch(/\/syncing$/);
    await waitFor(
      async () => {
        const [row] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM "Product"`);
        return row!.n > 0 ? true : undefined;
      },
      120_000,
      "the sync to write its first rows",
    );

    cluster.stop("fast");
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS)); // the outage itself, not a wait for a condition
    cluster = await startDatabase();
    sim.control.setFaults(domain, { slowRate: 0 });

    const run = await waitFor(
      async () =>
        (await probe<{ id: string; status: string; error: string | null }>(`SELECT id, status, error FROM "SyncRun"`))?.find(
          (r) => !["QUEUED", "RUNNING"].includes(r.status),
        ),
      300_000,
      "the sync to finish after the outage",
    );
    expect({ status: run.status, error: run.error }).toEqual({ status: "COMPLETED", error: null });

    const store = sim.control.shop(domain).store;
    const [counts] = await query<Record<string, number>>(
      `SELECT (SELECT count(*)::int FROM "Product") AS products, (SELECT count(*)::int FROM "ProductVariant") AS variants,
              (SELECT count(*)::int FROM "Order") AS orders, (SELECT count(*)::int FROM "Customer") AS customers,
              (SELECT count(*)::int FROM "InventoryItem") AS items`,
    );
    expect(counts).toEqual({
      products: store.products.size,
      variants: store.variants.size,
      orders: store.orders.size,
      customers: store.customers.size,
      items: store.inventoryItems.size,
    });
    // Counted once: no chunk was added to a stage twice by a retried step.
    const stages = await query<{ resource: string; processed: number; total: number }>(
      `SELECT resource, processed, total FROM "SyncStage" WHERE "syncRunId" = $1 AND resource IN ('products', 'orders', 'customers') ORDER BY resource`,
      [run.id],
    );
    for (const stage of stages) expect([stage.resource, stage.processed]).toEqual([stage.resource, stage.total]);
  });
});
