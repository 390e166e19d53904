/**
 * Sentry events from Inngest functions carry the shop and the sync kind, as route errors carry the
 * shop (sentry.test.ts): a manual sync whose token Shopify refuses fails for good in sync-shop,
 * and the event Sentry receives (the local sink) is tagged shop=<domain>, sync_kind=incremental
 * and with the function's id.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, truncateAppTables } from "./helpers/database";
import { startSentrySink, type SentrySink } from "./helpers/sentry-sink";
import { CookieJar, postMerchantSync, startStack, waitFor, type Stack } from "./helpers/stack";
import { installAndSync } from "./helpers/webhooks";

describe("error tracking of Inngest functions", { timeout: 300_000 }, () => {
  let sink: SentrySink;
  let stack: Stack;
  const merchant = new CookieJar();

  beforeAll(async () => {
    await truncateAppTables();
    sink = await startSentrySink();
    stack = await startStack({ runnerSchema: "runner_sentry_functions", appEnv: { SENTRY_DSN: sink.dsn } });
    await installAndSync(stack, stack.sim.demoShop, merchant);
  });
  afterAll(async () => {
    await stack?.stop();
    await sink?.close();
  });

  it("tags a failed sync's event with the shop and the sync kind", async () => {
    stack.sim.control.oauth.revokeShop(stack.sim.demoShop); // Shopify refuses the token: the sync fails for good
    const started = await postMerchantSync(stack, merchant);
    expect(started.status).toBe(202);
    const { runId } = (await started.json()) as { runId: string };
    await waitFor(
      async () =>
        (await queryRows<{ status: string }>(`SELECT status::text FROM "SyncRun" WHERE id = $1`, [runId]))[0]?.status === "FAILED"
          ? true
          : undefined,
      120_000,
      "the sync to fail",
    );
    const event = await waitFor(
      async () => sink.events.find((e) => e.tags?.["inngest.function.id"] === "shopsync-sync-shop"),
      60_000,
      "sync-shop's Sentry event",
    );
    expect(event.tags, JSON.stringify(sink.events.map((e) => e.tags))).toMatchObject({
      shop: stack.sim.demoShop,
      sync_kind: "incremental",
      sync_run: runId,
    });
    expect(event.exception?.values?.[0]?.value).toMatch(/refused the access token/);
  });
});
