/**
 * kill -9 mid-push: both channels connected while half their simulators' answers are 503s (retried
 * with backoff, so the pushes span many steps and seconds), the app (`next start`) and then the runner (its CLI, a
 * child process) are killed with SIGKILL while the pushes are part way, and started again on the
 * same ports and runner schema. Every mapped SKU on both channels must end at Shopify's quantity,
 * every acknowledged quantity must be what the channel shows, no push may be left running or
 * queued, and no dead letter may appear.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAmazonSim, type AmazonSimHandle } from "../../dev/amazon-sim/index.ts";
import { freePort } from "../../dev/db/embedded";
import { startShipStationSim, type ShipStationSimHandle } from "../../dev/shipstation-sim/index.ts";
import { startShopifySim } from "../../dev/shopify-sim/index";
import { startApp, TEST_APP_ENV, type RunningApp } from "./helpers/app-server";
import { expectedVariantQuantity } from "./helpers/channel-fixtures";
import { simInventory } from "./helpers/channel-stack";
import { testDatabaseUrl, truncateAppTables } from "./helpers/database";
import { spawnRunner, type RunnerProcess } from "./helpers/runner-process";
import { browse, BROWSER_UA, CookieJar, waitFor } from "./helpers/stack";

/** Retry backoff x0.2, as in sync-crash: a step that died with the app is retried within seconds. */
const RUNNER_TIME_SCALE = 0.2;
/** Half the platforms' answers are 503s during the pushes: retried with backoff, so the pushes span many seconds. */
const FLAKY = JSON.stringify({ errorRate: 0.5, errorStatus: 503 });

let sim: Awaited<ReturnType<typeof startShopifySim>>;
let amazon: AmazonSimHandle;
let shipStation: ShipStationSimHandle;
let app: RunningApp;
let runner: RunnerProcess;
let pool: pg.Pool;
const merchant = new CookieJar();

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await pool.query<T>(sql, params)).rows;
}

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${app.url}${path}`, {
    ...init,
    headers: { cookie: merchant.header(app.url), "user-agent": BROWSER_UA, "content-type": "application/json", ...init.headers },
  });

/** Listings the channels took at their desired quantity, per channel kind, and how many there are to take. */
async function progress(): Promise<Record<string, { inStep: number; mapped: number }>> {
  const rows = await query<{ kind: string; in_step: string; mapped: string }>(
    `SELECT c.kind::text, count(*) FILTER (WHERE l."acknowledgedQuantity" = l."desiredQuantity") AS in_step, count(*) AS mapped
     FROM "ChannelListing" l JOIN "ChannelConnection" c ON c.id = l."channelId"
     WHERE l."desiredQuantity" IS NOT NULL AND NOT l."isFba" GROUP BY c.kind`,
  );
  return Object.fromEntries(rows.map((row) => [row.kind, { inStep: Number(row.in_step), mapped: Number(row.mapped) }]));
}

beforeAll(async () => {
  await truncateAppTables();
  pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 2 });
  sim = await startShopifySim({
    port: 0,
    size: "tiny",
    seed: 1,
    bulkObjectsPerSecond: Number.POSITIVE_INFINITY,
    bulkStartDelayMs: 20,
    webhookRetryScale: 0.0001,
    apiKey: TEST_APP_ENV.SHOPIFY_API_KEY,
    apiSecret: TEST_APP_ENV.SHOPIFY_API_SECRET,
  });
  amazon = await startAmazonSim({ port: 0, size: "tiny", seed: 1, share: 1, applyDelayMs: 20 });
  shipStation = await startShipStationSim({ port: 0, size: "tiny", seed: 1, share: 1 });
  const runnerPort = await freePort();
  app = await startApp({
    SHOPIFY_API_ORIGIN: sim.url,
    INNGEST_DEV: `http://localhost:${runnerPort}`,
    SYNC_STRATEGY: "paginate",
    AMAZON_SP_API_ORIGIN: amazon.url,
    AMAZON_LWA_ORIGIN: amazon.url,
    SHIPSTATION_API_ORIGIN: shipStation.url,
    // A batch whose retries all failed waits for the breaker; keep the breaker out of this test's way.
    CHANNEL_CIRCUIT_THRESHOLD: "20",
    CHANNEL_CIRCUIT_COOLDOWN_SECONDS: "2",
  });
  runner = await spawnRunner({
    port: runnerPort,
    schema: "runner_channels_crash",
    appUrls: [`${app.url}/api/inngest`],
    timeScale: RUNNER_TIME_SCALE,
    resyncMs: 0,
  });
  await waitFor(
    async () =>
      ((await (await fetch(`${runner.url}/v1/functions`)).json()) as { data: { id: string }[] }).data.find((f) =>
        f.id.endsWith("push-channel"),
      ),
    30_000,
    "the runner to register the app's functions",
  );
  await browse(`${app.url}/api/auth/shopify/install?shop=${sim.demoShop}`, merchant);
  await waitFor(
    async () => ((await query(`SELECT 1 FROM "SyncRun" WHERE status = 'COMPLETED'`)).length ? true : undefined),
    180_000,
    "the install sync",
  );
}, 300_000);

afterAll(async () => {
  await app?.kill();
  await runner?.kill();
  await sim?.stop();
  await amazon?.stop();
  await shipStation?.stop();
  await pool?.end();
});

describe("push under crashes", () => {
  it("converges with every SKU right after the app and the runner are killed -9 mid-push", { timeout: 420_000 }, async () => {
    await fetch(`${amazon.url}/__sim/faults`, { method: "PUT", body: FLAKY });
    await fetch(`${shipStation.url}/__sim/faults`, { method: "PUT", body: FLAKY });
    const ids: string[] = [];
    for (const [kind, credentials, name] of [
      ["amazon", amazon.account, "Amazon US"],
      ["shipstation", shipStation.account, "ShipStation"],
    ] as const) {
      const response = await api("/api/channels", { method: "POST", body: JSON.stringify({ kind, name, credentials }) });
      expect(response.status).toBe(201);
      ids.push(((await response.json()) as { id: string }).id);
    }

    const kills: string[] = [];
    for (const what of ["app", "runner"] as const) {
      // Part way: some listings taken since the last restart, not all of them.
      const before = Object.values(await progress()).reduce((sum, p) => sum + p.inStep, 0);
      const state = await waitFor(
        async () => {
          const now = await progress();
          const inStep = Object.values(now).reduce((sum, p) => sum + p.inStep, 0);
          return inStep > before ? now : undefined;
        },
        180_000,
        `the pushes to progress before the ${what} kill`,
      ).catch(async (error: unknown) => {
        // What the channels and their pushes were doing, to see why nothing moved.
        const pushes = await query(`SELECT reason, status, sent, accepted, failures, outcome FROM "ChannelPush" ORDER BY "createdAt"`);
        const circuits = await query(`SELECT kind, status, "circuitState", "lastPushError" FROM "ChannelConnection"`);
        throw new Error(
          `${String(error)}\nkills: ${kills.join("; ")}\npushes: ${JSON.stringify(pushes)}\nchannels: ${JSON.stringify(circuits)}\nrunner: ${runner.output().slice(-3000)}`,
        );
      });
      if (what === "app") await app.kill();
      else await runner.kill();
      kills.push(`${what}: ${JSON.stringify(state)}`);
      expect(
        Object.values(state).some((p) => p.inStep < p.mapped),
        `the ${what} kill landed after the pushes ended: ${JSON.stringify(state)}`,
      ).toBe(true);
      if (what === "app") app = await app.restart();
      else runner = await runner.restart();
    }
    expect(kills).toHaveLength(2);

    // The platforms answer again: the runs carry on to the end.
    await fetch(`${amazon.url}/__sim/faults`, { method: "DELETE" });
    await fetch(`${shipStation.url}/__sim/faults`, { method: "DELETE" });
    for (const [id, url] of [
      [ids[0]!, amazon.url],
      [ids[1]!, shipStation.url],
    ] as const) {
      const expected = await waitFor(
        async () => {
          const listings = await query<{ channelSku: string; acknowledgedQuantity: number | null }>(
            `SELECT "channelSku", "acknowledgedQuantity" FROM "ChannelListing" WHERE "channelId" = $1 AND "variantId" IS NOT NULL AND NOT "isFba"`,
            [id],
          );
          const expected = Object.fromEntries(
            listings.flatMap((l) => {
              const quantity = expectedVariantQuantity(sim.store, l.channelSku);
              return quantity === null ? [] : [[l.channelSku, quantity] as const];
            }),
          );
          const truth = await simInventory(url);
          const inStep = Object.entries(expected).every(([sku, quantity]) => truth[sku] === quantity);
          const acknowledged = listings.every((l) => !(l.channelSku in expected) || l.acknowledgedQuantity === expected[l.channelSku]);
          return Object.keys(expected).length > 5 && inStep && acknowledged ? expected : undefined;
        },
        240_000,
        `every mapped SKU on ${url} at Shopify's quantity, acknowledged as such`,
      );
      expect(Object.keys(expected).length).toBeGreaterThan(5);
    }
    await waitFor(
      async () => ((await query(`SELECT 1 FROM "ChannelPush" WHERE status IN ('queued', 'running')`)).length === 0 ? true : undefined),
      120_000,
      "every push to finish",
    );
    expect(await query(`SELECT "entityType", "errorMessage" FROM "FailedSyncItem"`)).toEqual([]);
  });
});
