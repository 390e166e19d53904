/**
 * The transactional outbox under a crash (issue 14, item 5): a merchant changes a published
 * listing while Inngest does not answer (the runner is frozen with SIGSTOP), so the request has
 * committed the change and its outbox message and hangs in the relay; the app is then killed -9,
 * between writing the change and relaying it. After the runner thaws and the app restarts, the
 * change reaches Shopee exactly once: one publish run for the message's event, one update_item.
 * Then the state a crash between the send and its mark leaves (sent, not marked) is relayed again
 * with the same event id, and nothing is published twice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "./helpers/database";
import { startMarketplaceStack, type MarketplaceStack } from "./helpers/marketplace-stack";
import { waitFor } from "./helpers/stack";

let ms: MarketplaceStack;

interface OutboxRow {
  id: string;
  idempotencyKey: string;
  sentAt: Date | null;
  attempts: number;
}

const outbox = () => queryRows<OutboxRow>(`SELECT id, "idempotencyKey", "sentAt", attempts FROM "OutboxMessage" ORDER BY "createdAt"`);
const updateItemCalls = async () =>
  ((await (await fetch(`${ms.sims.shopee.url}/__sim/stats`)).json()) as { byRoute: Record<string, number> }).byRoute[
    "POST /api/v2/product/update_item"
  ] ?? 0;
/** publish-channel runs the runner started for this event id. */
const publishRunsOf = async (eventId: string) => {
  const { data } = (await (await fetch(`${ms.runnerProcess!.url}/v1/runs?limit=1000`)).json()) as {
    data: { function_id: string; event_id: string; status: string }[];
  };
  return data.filter((run) => run.function_id.endsWith("publish-channel") && run.event_id === eventId);
};

beforeAll(async () => {
  ms = await startMarketplaceStack({ runnerSchema: "runner_marketplaces_outbox_crash", runnerAsProcess: true });
  await ms.publishAll("shopee");
}, 400_000);

afterAll(async () => {
  ms?.runnerProcess?.process.kill("SIGCONT");
  await ms?.stop();
});

describe("the outbox when the app dies between writing a change and relaying it", () => {
  let message: OutboxRow;
  let itemId = "";

  it("publishes the change exactly once after the app is killed -9 and restarted", { timeout: 400_000 }, async () => {
    const listing = (await ms.catalog("shopee")).find((entry) => entry.externalId && entry.status === "live")!;
    itemId = listing.externalId!;
    const known = new Set((await outbox()).map((row) => row.id));
    const callsBefore = await updateItemCalls();

    // Inngest stops answering: the request commits, then hangs in its relay.
    ms.runnerProcess!.process.kill("SIGSTOP");
    const request = ms
      .api(`/api/channels/${ms.channelIds.shopee}/products/${encodeURIComponent(listing.productId)}`, {
        method: "PATCH",
        body: JSON.stringify({ title: "Changed just before the crash" }),
      })
      .then((response) => response.status)
      .catch(() => "killed" as const);
    message = await waitFor(async () => (await outbox()).find((row) => !known.has(row.id)), 60_000, "the committed outbox message");
    expect(message.sentAt).toBeNull();
    const [pending] = await queryRows<{ titleOverride: string; version: number; publishedVersion: number }>(
      `SELECT "titleOverride", version, "publishedVersion" FROM "MarketplaceListing" WHERE "channelId" = $1 AND "productId" = $2`,
      [ms.channelIds.shopee, listing.productId],
    );
    expect(pending!.titleOverride).toBe("Changed just before the crash");
    expect(pending!.version).toBeGreaterThan(pending!.publishedVersion);

    // Still unsent when the app dies: nothing could have sent it with Inngest frozen.
    expect((await outbox()).find((row) => row.id === message.id)!.sentAt).toBeNull();
    await ms.app.kill();
    await request;
    ms.runnerProcess!.process.kill("SIGCONT");
    ms.app = await ms.app.restart();

    // relay-outbox (every minute) sends what the dead request could not; publish-channel publishes it.
    await waitFor(
      async () =>
        (await ms.simItems("shopee")).find((item) => item.id === itemId)?.title === "Changed just before the crash" ? true : undefined,
      240_000,
      "the change on Shopee",
    );
    const sent = await waitFor(
      async () => (await outbox()).find((row) => row.id === message.id && row.sentAt !== null),
      240_000,
      "the message marked sent",
    );
    const runs = await waitFor(
      async () =>
        ((runs) => (runs.length > 0 && runs.every((run) => run.status === "completed") ? runs : undefined))(
          await publishRunsOf(sent.idempotencyKey),
        ),
      120_000,
      "the publish run to complete",
    );
    expect(runs).toHaveLength(1);
    expect((await updateItemCalls()) - callsBefore).toBe(1);
    message = sent;
  });

  it("publishes nothing twice when a message sent but not marked is relayed again", { timeout: 300_000 }, async () => {
    const callsBefore = await updateItemCalls();
    // What a crash between the send and its mark leaves behind.
    await queryRows(`UPDATE "OutboxMessage" SET "sentAt" = NULL WHERE id = $1`, [message.id]);
    const resent = await waitFor(
      async () => (await outbox()).find((row) => row.id === message.id && row.sentAt !== null && row.attempts > message.attempts),
      240_000,
      "the message relayed again",
    );
    expect(resent.idempotencyKey).toBe(message.idempotencyKey);
    expect(await publishRunsOf(message.idempotencyKey)).toHaveLength(1);
    expect(await updateItemCalls()).toBe(callsBefore);
    expect((await ms.simItems("shopee")).find((item) => item.id === itemId)!.title).toBe("Changed just before the crash");
  });
});
