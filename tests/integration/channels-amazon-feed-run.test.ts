/**
 * push-channel takes Amazon's bulk path on its own: with AMAZON_FEED_THRESHOLD below the number of
 * listings a first push has, connecting Amazon (through the app and the runner) sends the stock as
 * a JSON_LISTINGS_FEED, polls it, records its report, and every mapped SKU converges; no listing is
 * patched one by one, and the push history shows the push completed with every SKU accepted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startChannelStack, type ChannelStack } from "./helpers/channel-stack";
import { queryRows } from "./helpers/database";
import { waitFor } from "./helpers/stack";

let setup: ChannelStack;

beforeAll(async () => {
  setup = await startChannelStack({
    runnerSchema: "runner_amazon_feed",
    appEnv: { SYNC_STRATEGY: "paginate", AMAZON_FEED_THRESHOLD: "5", AMAZON_FEED_POLL_SECONDS: "1" },
  });
}, 300_000);

afterAll(async () => {
  await setup?.stop();
});

describe("push-channel's feed path", () => {
  it("pushes a large first push to Amazon as a listings feed, and every mapped SKU converges", async () => {
    const { api, amazon, converged } = setup;
    const response = await api("/api/channels", {
      method: "POST",
      body: JSON.stringify({ kind: "amazon", name: "Amazon US", credentials: amazon.account }),
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    await converged(amazon.url, id);
    const pushes = await waitFor(
      async () => {
        const rows = await queryRows<{ status: string; accepted: number; sent: number }>(
          `SELECT status, accepted, sent FROM "ChannelPush" WHERE "channelId" = $1`,
          [id],
        );
        return rows.length && rows.every((row) => row.status === "completed") ? rows : undefined;
      },
      120_000,
      "the push to finish",
    );
    expect(pushes[0]!.sent).toBeGreaterThan(5);
    expect(pushes[0]!.accepted).toBe(pushes[0]!.sent);
    expect(amazon.state.counters.byOperation.createFeed ?? 0).toBeGreaterThanOrEqual(1);
    expect(amazon.state.counters.byOperation.patchListingsItem ?? 0).toBe(0);
  }, 300_000);
});
