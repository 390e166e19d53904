/**
 * The notification senders other than a failed or first sync (notifications*.test.ts) and a
 * critical reconciliation (reconciliation.test.ts), through the whole stack: each asks notify-shop
 * for its kind (the Notification row notify-shop records before it delivers).
 * - webhooks_recreated: the daily refresh puts back a subscription Shopify dropped;
 * - dead_letters_threshold: a shop with DEAD_LETTER_NOTIFY_THRESHOLD open dead letters, once a day;
 * - reinstall_needed: Shopify refuses the token, once for the shop however many steps meet it.
 * (channel_circuit_changed: channels-e2e.test.ts, where a channel's circuit opens and closes.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, truncateAppTables } from "./helpers/database";
import { CookieJar, postMerchantSync, sendRunnerEvent, startStack, waitFor, type Stack } from "./helpers/stack";
import { installAndSync } from "./helpers/webhooks";

describe("notification senders", { timeout: 300_000 }, () => {
  let stack: Stack;
  let shopId: string;
  const merchant = new CookieJar();

  const notification = (kind: string, what: string) =>
    waitFor(
      async () => (await queryRows<{ facts: Record<string, unknown> }>(`SELECT facts FROM "Notification" WHERE kind = $1`, [kind]))[0],
      120_000,
      what,
    );

  beforeAll(async () => {
    await truncateAppTables();
    stack = await startStack({ runnerSchema: "runner_notification_senders", appEnv: { DEAD_LETTER_NOTIFY_THRESHOLD: "2" } });
    ({ shopId } = await installAndSync(stack, stack.sim.demoShop, merchant));
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("webhooks_recreated: the daily refresh recreates a subscription Shopify dropped and says which", async () => {
    const admin = async (query: string, variables: Record<string, unknown> = {}) =>
      (await (
        await fetch(`${stack.sim.url}/admin/api/2026-10/graphql.json`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-forwarded-host": stack.sim.demoShop,
            "x-shopify-access-token": stack.sim.demoAccessToken,
          },
          body: JSON.stringify({ query, variables }),
        })
      ).json()) as { data: { webhookSubscriptions?: { nodes: { id: string; topic: string }[] } } };
    const { data } = await admin(`{ webhookSubscriptions(first: 50) { nodes { id topic } } }`);
    const dropped = data.webhookSubscriptions!.nodes.find((s) => s.topic === "ORDERS_UPDATED")!;
    await admin(`mutation($id: ID!) { webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { message } } }`, {
      id: dropped.id,
    });
    await sendRunnerEvent(stack, "app/refresh.requested", { reason: "test" });
    const { facts } = await notification("webhooks_recreated", "the webhooks_recreated notification");
    expect(facts).toEqual({ topics: "ORDERS_UPDATED", recreated: 1 });
  });

  it("dead_letters_threshold: a shop at the threshold is told once, with the count and a link", async () => {
    // Two records that cannot be stored, not due for a retry yet: they stay open.
    for (const id of [1, 2])
      await queryRows(
        `INSERT INTO "FailedSyncItem" (id, "shopId", "entityType", "shopifyId", "rawPayload", "errorMessage", "nextRetryAt", "updatedAt")
         VALUES ($1, $2, 'Product', $3, '{"id":"broken"}', 'invalid Product', now() + interval '1 hour', now())`,
        [`dl-${id}`, shopId, `gid://shopify/Product/${900_000 + id}`],
      );
    await sendRunnerEvent(stack, "app/dead-letters.retry-requested", { reason: "test" });
    const { facts } = await notification("dead_letters_threshold", "the dead_letters_threshold notification");
    expect(facts).toEqual({ open: 2, threshold: 2, deadLettersUrl: `${stack.app.url}/dashboard/dead-letters` });
  });

  it("reinstall_needed: Shopify refuses the token; the shop is told once, with the reinstall link", async () => {
    stack.sim.control.oauth.revokeShop(stack.sim.demoShop);
    const started = await postMerchantSync(stack, merchant);
    expect(started.status).toBe(202);
    const { facts } = await notification("reinstall_needed", "the reinstall_needed notification");
    expect(facts.reinstallUrl).toBe(`${stack.app.url}/api/auth/shopify/install?shop=${stack.sim.demoShop}`);
    expect(String(facts.reason)).toMatch(/refused the access token/);
    await notification("sync_failed", "the failed sync's own notification");
    expect(await queryRows(`SELECT count(*)::int AS n FROM "Notification" WHERE kind = 'reinstall_needed'`)).toEqual([{ n: 1 }]);
  });
});
