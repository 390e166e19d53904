/**
 * Issue 9 item 13: PostgreSQL goes away for 15 s in the middle of a full sync (its own cluster,
 * stopped with pg_ctl and started again on the same data and port), under the real app and the
 * runner as a child process. The outage is placed deterministically: the simulator holds the
 * sync's next Shopify request, so a step is in flight in the app when the database stops; it is
 * answered during the outage, the step fails, and the runner cannot record that (its job stays
 * claimed by a live runner). Once PostgreSQL is back the runner puts that job back, the step is
 * retried, and the sync completes with every row stored once.
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
/** How long PostgreSQL stays away at least (the scenario, not a wait for something to happen). */
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

/** The runner's output from `from` on, once `pattern` appears in it (else the error shows the output). */
const runnerSays = (pattern: RegExp, from: number, timeoutMs: number, what: string) =>
  waitFor(async () => pattern.exec(runner.output().slice(from)) ?? undefined, timeoutMs, what).catch((error: Error) => {
    throw new Error(`${error.message}; the runner said:\n${runner.output().slice(from).slice(-4000)}`, { cause: error });
  });

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
    60_000,
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
  it("the runner puts back the step in flight, and the sync completes with every row exactly once", { timeout: 600_000 }, async () => {
    // Shopify answers the app's requests one round at a time until the install is done and its
    // sync has written rows (mid-way: stages to go); then the sync's next request stays held, so a
    // step is in flight: the runner has its call out to the app, which waits on Shopify.
    let hold = sim.control.holdAdminRequests(domain);
    let installHops: Awaited<ReturnType<typeof browse>> | undefined;
    const installed = browse(`${app.url}/api/auth/shopify/install?shop=${domain}`, new CookieJar()).then((hops) => (installHops = hops));
    const productsStored = async () => (await query<{ n: number }>(`SELECT count(*)::int AS n FROM "Product"`))[0]!.n;
    const callsInFlight = async () =>
      (
        await query<{ n: number }>(`SELECT count(*)::int AS n FROM ${RUNNER_SCHEMA}.jobs WHERE kind = 'call' AND claimed_by IS NOT NULL`)
      )[0]!.n;
    for (;;) {
      await waitFor(async () => (hold.isHolding ? true : undefined), 120_000, "the app's next Shopify request");
      if (installHops && (await productsStored()) > 0 && (await callsInFlight()) > 0) break;
      const answered = hold;
      hold = sim.control.holdAdminRequests(domain);
      answered.release();
    }
    expect((await installed).at(-1)!.url).toMatch(/\/syncing$/);
    const [running] = await query<{ status: string }>(`SELECT status FROM "SyncRun"`);
    expect(running?.status).toBe("RUNNING");

    const outageStarted = Date.now();
    const mark = runner.output().length;
    cluster.stop("fast");
    hold.release(); // Shopify answers now: the step goes on to write, with no database
    // The step failed, and the runner could not record it: its job stays claimed by this runner.
    const [, jobId] = await runnerSays(/job (\d+) \(call [^)]*\) failed:/, mark, 120_000, "the runner to fail the step in flight");
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - outageStarted)))); // the outage's length
    cluster = await startDatabase();

    // The runner puts the stranded job back once the database answers again (its heartbeat)...
    const [, putBack] = await runnerSays(
      /put back \d+ job\(s\) stranded while the database was unreachable: ([\d,]+)/,
      mark,
      120_000,
      "the runner to put back its stranded jobs",
    );
    expect(putBack!.split(",")).toContain(jobId);
    // ...and the sync completes.
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
