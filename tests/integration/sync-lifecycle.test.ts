/**
 * A sync run's life over real HTTP (app, runner as a child process, simulator, PostgreSQL):
 * - liveness comes from progress: a bulk sync that has run for hours (its rows backdated) but
 *   still polls its export is not declared dead, and a manual request joins it;
 * - creating a run and sending its event cannot leave a run that blocks syncs: when the send
 *   fails (the runner is down), the next request sends the same run's event again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../dev/db/embedded";
import { startShopifySim } from "../../dev/shopify-sim/index";
import { startApp, TEST_APP_ENV, type RunningApp } from "./helpers/app-server";
import { queryRows, truncateAppTables } from "./helpers/database";
import { spawnRunner, type RunnerProcess } from "./helpers/runner-process";
import { browse, BROWSER_UA, CookieJar, waitFor } from "./helpers/stack";

const RUNNER_SCHEMA = "runner_sync_lifecycle";
const domain = `lifecycle-${process.pid}.myshopify.com`;

let sim: Awaited<ReturnType<typeof startShopifySim>>;
let app: RunningApp;
let runner: RunnerProcess;
const merchant = new CookieJar();

const requestSync = (body: object) =>
  fetch(`${app.url}/api/sync`, {
    method: "POST",
    headers: { cookie: merchant.header(app.url), "content-type": "application/json", "user-agent": BROWSER_UA },
    body: JSON.stringify(body),
  });

const runOf = async (id: string) =>
  (await queryRows<{ status: string; error: string | null }>(`SELECT status, error FROM "SyncRun" WHERE id = $1`, [id]))[0];

beforeAll(async () => {
  await truncateAppTables();
  // Bulk exports at 4 objects a second: the install's sync spends over a minute and a half waiting
  // on Shopify (its products export alone ~37 s, past the stage's first 30 s wait, so a poll ends
  // while the export still runs).
  sim = await startShopifySim({
    port: 0,
    size: "tiny",
    bulkObjectsPerSecond: 4,
    bulkStartDelayMs: 20,
    webhookRetryScale: 0.0001,
    apiKey: TEST_APP_ENV.SHOPIFY_API_KEY,
    apiSecret: TEST_APP_ENV.SHOPIFY_API_SECRET,
  });
  sim.control.addShop(domain, { size: "tiny", seed: 11 });
  const runnerPort = await freePort();
  app = await startApp({ SHOPIFY_API_ORIGIN: sim.url, INNGEST_DEV: `http://localhost:${runnerPort}`, SYNC_STRATEGY: "bulk" });
  runner = await spawnRunner({ port: runnerPort, schema: RUNNER_SCHEMA, appUrls: [`${app.url}/api/inngest`], resyncMs: 0 });
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
  await app?.stop();
  await runner?.stop();
  await sim?.stop();
});

describe("sync run lifecycle", () => {
  it("keeps a long bulk sync alive by its polls: hours after its last row, a request joins it instead of replacing it", async () => {
    const hops = await browse(`${app.url}/api/auth/shopify/install?shop=${domain}`, merchant);
    expect(hops.at(-1)!.url).toMatch(/\/syncing$/);
    const [install] = await queryRows<{ id: string }>(
      `SELECT r.id FROM "SyncRun" r JOIN "Shop" s ON s.id = r."shopId" WHERE s.domain = $1 ORDER BY r."createdAt" DESC LIMIT 1`,
      [domain],
    );
    const runId = install!.id;
    /** A bulk-poll step of the run (of any of its stages, each a sync-resource run invoked with the
     *  run's syncRunId; step ids `bulk-<operation>-poll-<n>`) that ended after `since`. */
    const pollAfter = (since: Date) =>
      waitFor(
        async () =>
          (
            await queryRows<{ id: string }>(
              `SELECT s.id FROM ${RUNNER_SCHEMA}.steps s JOIN ${RUNNER_SCHEMA}.runs r ON r.id = s.run_id
                WHERE r.event->'data'->>'syncRunId' = $1 AND s.name LIKE 'bulk-%-poll-%' AND s.ended_at > $2`,
              [runId, since],
            )
          )[0],
        120_000,
        "the sync to poll its bulk export",
      );
    // The first stage has started and waits on its export: from here until the export is done,
    // the run only polls (no rows, no stage changes).
    await pollAfter(new Date(0));

    // As if the sync had been waiting on Shopify's exports for three hours: every timestamp of the
    // run moves three hours back (whatever liveness columns the schema has).
    const columns = await queryRows<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'SyncRun' AND data_type LIKE 'timestamp%'`,
    );
    const backdated = new Date();
    await queryRows(
      `UPDATE "SyncRun" SET ${columns.map(({ column_name: c }) => `"${c}" = "${c}" - interval '3 hours'`).join(", ")} WHERE id = $1`,
      [runId],
    );
    // The run is still alive: it polls its export (a step ends after the backdating).
    await pollAfter(backdated);
    expect((await runOf(runId))?.status).toBe("RUNNING");

    const joined = await requestSync({});
    expect(joined.status).toBe(202);
    expect(await joined.json()).toEqual({ runId, started: false });

    const finished = await waitFor(
      async () => {
        const run = await runOf(runId);
        return run && !["QUEUED", "RUNNING"].includes(run.status) ? run : undefined;
      },
      300_000,
      "the long sync to finish",
    );
    expect(finished).toEqual({ status: "COMPLETED", error: null });
    const store = sim.control.shop(domain).store;
    const [counts] = await queryRows<{ products: number; orders: number }>(
      `SELECT (SELECT count(*)::int FROM "Product" p JOIN "Shop" s ON s.id = p."shopId" WHERE s.domain = $1) AS products,
              (SELECT count(*)::int FROM "Order" o JOIN "Shop" s ON s.id = o."shopId" WHERE s.domain = $1) AS orders`,
      [domain],
    );
    expect(counts).toEqual({ products: store.products.size, orders: store.orders.size });
    expect(
      await queryRows(`SELECT count(*)::int AS n FROM "SyncRun" r JOIN "Shop" s ON s.id = r."shopId" WHERE s.domain = $1`, [domain]),
    ).toEqual([{ n: 1 }]);
  }, 420_000);

  it("sends a run's event again when the first send failed, instead of blocking syncs behind a run that never starts", async () => {
    await runner.stop(); // Inngest is unreachable: the event send fails
    const failed = await requestSync({ dryRun: true });
    expect(failed.status).toBeGreaterThanOrEqual(500);
    const [orphan] = await queryRows<{ id: string; status: string }>(
      `SELECT r.id, r.status FROM "SyncRun" r JOIN "Shop" s ON s.id = r."shopId" WHERE s.domain = $1 AND r."dryRun" ORDER BY r."createdAt" DESC LIMIT 1`,
      [domain],
    );
    expect(orphan?.status).toBe("QUEUED");

    runner = await runner.restart();
    const retried = await requestSync({ dryRun: true });
    expect(retried.status).toBe(202);
    expect(await retried.json()).toEqual({ runId: orphan!.id, started: false });
    const finished = await waitFor(
      async () => {
        const run = await runOf(orphan!.id);
        return run && !["QUEUED", "RUNNING"].includes(run.status) ? run : undefined;
      },
      120_000,
      "the queued run to run once its event is sent",
    );
    expect(finished).toEqual({ status: "COMPLETED", error: null });
  }, 240_000);
});
