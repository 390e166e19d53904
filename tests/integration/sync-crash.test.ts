/**
 * Crash and resume: during one full sync, the app (`next start`) and the runner (its CLI, a child
 * process) are killed with SIGKILL at random moments, several times, and started again on the same
 * ports (the runner's registered serve URL stays valid) and the same runner state schema. The sync
 * must complete with no duplicate and no missing row, stage counts that never double count, and no
 * dead letters.
 *
 * The store is a "tiny" generated shop on the paginated path with every Admin API request delayed,
 * so the sync spans enough pages (commits) and seconds for kills to land mid-run; each kill is
 * logged with the stages' progress at that instant.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../dev/db/embedded";
import type { RunDetail, RunSummary } from "../../dev/inngest-runner/index";
import { startShopifySim } from "../../dev/shopify-sim/index";
import { startApp, TEST_APP_ENV, type RunningApp } from "./helpers/app-server";
import { testDatabaseUrl, truncateAppTables } from "./helpers/database";
import { spawnRunner, type RunnerProcess } from "./helpers/runner-process";
import { browse, CookieJar, waitFor } from "./helpers/stack";

/** Every Admin API request of the crash shop waits this long. */
const SLOW_MS = 900;
/** Retry backoff x0.2: Inngest's first retry (15 s + up to 30 s jitter) becomes 3-9 s, enough for the app to boot. */
const RUNNER_TIME_SCALE = 0.2;
const KILLS: ("app" | "runner")[] = ["app", "runner", "app", "runner", "app"];

let sim: Awaited<ReturnType<typeof startShopifySim>>;
let app: RunningApp;
let runner: RunnerProcess;
let pool: pg.Pool;
const domain = `crash-${process.pid}.myshopify.com`;

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await pool.query<T>(sql, params)).rows;
}

interface StageRow {
  resource: string;
  status: string;
  processed: number;
  total: number | null;
}

async function runState(): Promise<{ status: string; stages: StageRow[] } | undefined> {
  const [run] = await query<{ id: string; status: string }>(
    `SELECT r.id, r.status FROM "SyncRun" r JOIN "Shop" s ON s.id = r."shopId" WHERE s.domain = $1 ORDER BY r."createdAt" DESC LIMIT 1`,
    [domain],
  );
  if (!run) return undefined;
  const stages = await query<StageRow>(
    `SELECT resource::text, status::text, processed, total FROM "SyncStage" WHERE "syncRunId" = $1 ORDER BY "startedAt" NULLS LAST, resource`,
    [run.id],
  );
  return { status: run.status, stages };
}

const describeStages = (stages: StageRow[]) =>
  stages.map((s) => `${s.resource} ${s.status.toLowerCase()} ${s.processed}/${s.total ?? "?"}`).join(", ");
const processedSum = (stages: StageRow[]) =>
  stages.reduce((sum, s) => sum + s.processed, 0) + stages.filter((s) => s.status === "COMPLETED").length;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  await truncateAppTables();
  pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 2 });
  sim = await startShopifySim({
    port: 0,
    size: "tiny",
    bulkObjectsPerSecond: Number.POSITIVE_INFINITY,
    bulkStartDelayMs: 20,
    webhookRetryScale: 0.0001,
    apiKey: TEST_APP_ENV.SHOPIFY_API_KEY,
    apiSecret: TEST_APP_ENV.SHOPIFY_API_SECRET,
  });
  sim.control.addShop(domain, { size: "tiny", seed: 7 });
  // The runner listens on a fixed port the app knows from the start (INNGEST_DEV), and the app's
  // serve URL it registers stays valid because the app always comes back on the same port.
  const runnerPort = await freePort();
  app = await startApp({ SHOPIFY_API_ORIGIN: sim.url, INNGEST_DEV: `http://localhost:${runnerPort}`, SYNC_STRATEGY: "paginate" });
  runner = await spawnRunner({
    port: runnerPort,
    schema: "runner_sync_crash",
    appUrls: [`${app.url}/api/inngest`],
    timeScale: RUNNER_TIME_SCALE,
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
  await pool?.end();
});

describe("sync under crashes", () => {
  it("completes with every row exactly once after the app and the runner are killed -9 mid-sync", { timeout: 200_000 }, async () => {
    const t0 = Date.now();
    const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
    const log: string[] = [];
    const note = (line: string) => {
      log.push(`${elapsed()} ${line}`);
      console.log(`[sync-crash] ${elapsed()} ${line}`);
    };

    // Install through OAuth (no faults yet: the callback registers webhooks), then slow the API.
    const jar = new CookieJar();
    const hops = await browse(`${app.url}/api/auth/shopify/install?shop=${domain}`, jar);
    expect(hops.at(-1)!.url).toMatch(/\/syncing$/);
    sim.control.setFaults(domain, { slowRate: 1, slowMs: SLOW_MS });
    note("installed; sync requested");

    // Kill at random moments: the first once the run is running, each later one once the sync has
    // visibly resumed since the last restart (a commit moved a stage); then a random 0.5-4 s more.
    const killsLanded: { what: string; status: string; stages: string }[] = [];
    for (const [i, what] of KILLS.entries()) {
      const before = (await runState())?.stages ?? [];
      await waitFor(
        async () => {
          const state = await runState();
          if (state && state.status !== "RUNNING" && state.status !== "QUEUED")
            throw new Error(`the run ended ${state.status} before every kill landed: ${describeStages(state.stages)}`);
          return state && state.status === "RUNNING" && (i === 0 || processedSum(state.stages) > processedSum(before)) ? state : undefined;
        },
        60_000,
        `the sync to make progress before the ${what} kill`,
      );
      await sleep(500 + Math.random() * 3_500);
      const state = (await runState())!;
      if (what === "app") await app.kill();
      else await runner.kill();
      note(`kill -9 ${what} (run ${state.status}): ${describeStages(state.stages)}`);
      killsLanded.push({ what, status: state.status, stages: describeStages(state.stages) });
      expect(state.status, `the ${what} kill landed after the run ended`).toBe("RUNNING");
      expect(
        state.stages.every((s) => s.status === "COMPLETED" || s.status === "SKIPPED"),
        "the kill landed after every stage finished",
      ).toBe(false);
      const down = Date.now();
      if (what === "app") app = await app.restart();
      else runner = await runner.restart();
      note(`${what} back after ${((Date.now() - down) / 1000).toFixed(1)} s`);
    }
    expect(killsLanded.filter((k) => k.what === "app").length).toBeGreaterThanOrEqual(3);
    expect(killsLanded.filter((k) => k.what === "runner").length).toBeGreaterThanOrEqual(2);

    const final = await waitFor(
      async () => {
        const state = await runState();
        if (state?.status === "FAILED" || state?.status === "CANCELLED")
          throw new Error(`the run ended ${state.status}: ${describeStages(state.stages)}\n${app.output().slice(-3000)}`);
        return state?.status === "COMPLETED" ? state : undefined;
      },
      120_000,
      "the sync to complete after the crashes",
    );
    note(`sync completed: ${describeStages(final.stages)}`);

    // Stage counts: every stage completed, processed equal to Shopify's totals (never counted twice).
    const truth = sim.control.shop(domain).store;
    expect(final.stages.map((s) => [s.resource, s.status, s.processed, s.total]).sort()).toEqual(
      [
        ["customers", "COMPLETED", truth.customers.size, truth.customers.size],
        ["inventory", "COMPLETED", truth.inventoryItems.size, truth.variants.size],
        ["orders", "COMPLETED", truth.orders.size, truth.orders.size],
        ["products", "COMPLETED", truth.products.size, truth.products.size],
        ["platform_push", "COMPLETED", 0, 0], // no channel connected: nothing to push
      ].sort(),
    );
    const [shopRow] = await query<{ id: string; syncStatus: string; syncProgress: number }>(
      `SELECT id, "syncStatus"::text, "syncProgress" FROM "Shop" WHERE domain = $1`,
      [domain],
    );
    expect([shopRow!.syncStatus, shopRow!.syncProgress]).toEqual(["COMPLETED", 100]);
    const shopId = shopRow!.id;

    // Rows: exactly Shopify's ids, each once (no duplicate, no missing row).
    const idsOf = async (table: string) =>
      (await query<{ shopifyId: string }>(`SELECT "shopifyId" FROM "${table}" WHERE "shopId" = $1`, [shopId]))
        .map((r) => r.shopifyId)
        .sort();
    const gids = (type: string, ids: Iterable<number>) => [...ids].map((id) => `gid://shopify/${type}/${id}`).sort();
    expect(await idsOf("Product")).toEqual(gids("Product", truth.products.keys()));
    expect(await idsOf("ProductVariant")).toEqual(gids("ProductVariant", truth.variants.keys()));
    expect(await idsOf("Order")).toEqual(gids("Order", truth.orders.keys()));
    expect(await idsOf("Customer")).toEqual(gids("Customer", truth.customers.keys()));
    expect(await idsOf("InventoryItem")).toEqual(gids("InventoryItem", truth.inventoryItems.keys()));
    expect(await idsOf("Location")).toEqual(gids("Location", truth.locations.keys()));
    const [counts] = await query<{ lineItems: string; levels: string; deadLetters: string }>(
      `SELECT (SELECT count(*) FROM "OrderLineItem" WHERE "shopId" = $1) AS "lineItems",
              (SELECT count(*) FROM "InventoryLevel" WHERE "shopId" = $1) AS levels,
              (SELECT count(*) FROM "FailedSyncItem" WHERE "shopId" = $1) AS "deadLetters"`,
      [shopId],
    );
    expect({ lineItems: Number(counts!.lineItems), levels: Number(counts!.levels), deadLetters: Number(counts!.deadLetters) }).toEqual({
      lineItems: [...truth.orders.values()].reduce((sum, order) => sum + order.lineItems.length, 0),
      levels: [...truth.inventoryLevels.values()].reduce((sum, byLocation) => sum + byLocation.size, 0),
      deadLetters: 0,
    });

    // One sync-shop run in the runner, completed; how many attempts the crashes cost its steps.
    // (The run's last step commits the COMPLETED row just before the runner records the run's end.)
    const syncRuns = async () =>
      ((await (await fetch(`${runner.url}/v1/runs?limit=50`)).json()) as { data: RunSummary[] }).data.filter((r) =>
        r.function_id.endsWith("sync-shop"),
      );
    const runs = await waitFor(
      async () => ((await syncRuns()).every((r) => r.status !== "running" && r.status !== "queued") ? syncRuns() : undefined),
      30_000,
      "the runner to end the run",
    );
    expect(runs.map((r) => r.status)).toEqual(["completed"]);
    const detail = ((await (await fetch(`${runner.url}/v1/runs/${runs[0]!.id}`)).json()) as { data: RunDetail }).data;
    const retried = detail.steps.filter((s) => s.attempts > 1).map((s) => `${s.display_name ?? s.name ?? s.id} x${s.attempts}`);
    note(`steps retried after the crashes: ${retried.join(", ") || "none"}`);
    console.log(`[sync-crash] timeline:\n  ${log.join("\n  ")}`);
  });
});
