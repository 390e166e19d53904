/** Cron triggers: a seconds-resolution schedule fires through the durable queue; TZ= prefixes are honoured. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { nextFireTime } from "../../../dev/inngest-runner/cron.ts";
import { listRuns, makeClient, startApp, startRunner, stopDatabase, syncApp, waitFor, waitForRuns, type TestApp } from "./helpers.ts";

let runner: Awaited<ReturnType<typeof startRunner>>;
let app: TestApp;

beforeAll(async () => {
  runner = await startRunner("cron");
  const client = makeClient("cron", runner.url);
  // croner accepts a seconds field (Inngest's own syntax is 5 fields); used here to fire every second.
  const ticker = client.createFunction({ id: "ticker", triggers: [{ cron: "TZ=Europe/Paris * * * * * *" }] }, async ({ event }) => ({
    name: event.name,
    cron: (event.data as { cron: string }).cron,
  }));
  app = await startApp(client, [ticker]);
  await syncApp(runner, app.url);
});

afterAll(async () => {
  await app?.close();
  await runner?.stop();
  stopDatabase();
});

test("a cron trigger fires with inngest/scheduled.timer", async () => {
  const runs = await waitForRuns(runner, "cron-ticker", 2, 10_000);
  for (const run of runs) {
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ name: "inngest/scheduled.timer", cron: "TZ=Europe/Paris * * * * * *" });
  }
  const [a, b] = runs.map((r) => Date.parse(r.created_at)).sort();
  expect((b ?? 0) - (a ?? 0)).toBeGreaterThanOrEqual(500);
});

test("re-syncing does not double the schedule", async () => {
  await syncApp(runner, app.url);
  await syncApp(runner, app.url);
  const before = (await listRuns(runner, "function_id=cron-ticker&limit=1000")).length;
  await new Promise((r) => setTimeout(r, 3000));
  const after = await waitFor(async () => (await listRuns(runner, "function_id=cron-ticker&limit=1000")).length, 5000);
  expect(after - before).toBeLessThanOrEqual(4);
  expect(after - before).toBeGreaterThanOrEqual(2);
});

test("TZ= prefix: 09:00 Paris on a weekday is 08:00 UTC in winter", () => {
  expect(nextFireTime("TZ=Europe/Paris 0 9 * * 1-5", new Date("2026-11-23T07:00:00Z"))?.toISOString()).toBe("2026-11-23T08:00:00.000Z");
  expect(nextFireTime("0 9 * * 1-5", new Date("2026-11-23T07:00:00Z"))?.toISOString()).toBe("2026-11-23T09:00:00.000Z");
});
