/**
 * Amazon's bulk path against real PostgreSQL and the Amazon simulator, through the library steps
 * push-channel runs: a push of at least AMAZON_FEED_THRESHOLD pending SKUs is submitted as one
 * JSON_LISTINGS_FEED (no patchListingsItem), polled until Amazon has processed it, and its
 * processing report's per-message errors mapped back to SKUs: the rejected SKU is a dead letter
 * with Amazon's message, every other SKU shows its desired quantity and is acknowledged. Below the
 * threshold the push patches listing by listing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startAmazonSim, type AmazonSimHandle } from "../../dev/amazon-sim/index.ts";
import { createChannel } from "@/lib/channels/channel-queries";
import { pushNextBatch, refreshChannelListings, settleFeedBatch, type BatchOutcome } from "@/lib/channels/push-channel-batch";
import { resetEnvCache } from "@/lib/env";
import { queryRows, truncateAppTables } from "./helpers/database";
import { seedShopFromStore, type SeededShop } from "./helpers/channel-fixtures";

let amazon: AmazonSimHandle;
let shop: SeededShop;

beforeAll(async () => {
  amazon = await startAmazonSim({ port: 0, size: "tiny", seed: 7, share: 0.3, applyDelayMs: 20, feedQueueMs: 200, feedProcessMs: 300 });
  process.env.AMAZON_SP_API_ORIGIN = amazon.url;
  process.env.AMAZON_LWA_ORIGIN = amazon.url;
  process.env.AMAZON_FEED_THRESHOLD = "10";
  process.env.AMAZON_FEED_POLL_SECONDS = "1";
  resetEnvCache();
});

afterAll(async () => {
  await amazon?.stop();
});

beforeEach(async () => {
  await truncateAppTables();
  await fetch(`${amazon.url}/__sim/faults`, { method: "DELETE" });
  shop = await seedShopFromStore({ size: "tiny", seed: 7 });
});

const simInventory = async () => (await (await fetch(`${amazon.url}/__sim/inventory`)).json()) as Record<string, number>;
const listingsOf = (channelId: string) =>
  queryRows<{
    channelSku: string;
    isFba: boolean;
    desiredQuantity: number | null;
    acknowledgedQuantity: number | null;
    lastError: string | null;
  }>(`SELECT "channelSku", "isFba", "desiredQuantity", "acknowledgedQuantity", "lastError" FROM "ChannelListing" WHERE "channelId" = $1`, [
    channelId,
  ]);

/** Polls the feed as push-channel does (it sleeps AMAZON_FEED_POLL_SECONDS between polls). */
async function settle(channelId: string, submitted: Extract<BatchOutcome, { status: "feed_submitted" }>): Promise<BatchOutcome> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const outcome = await settleFeedBatch(channelId, submitted.feed);
    if (outcome.status !== "feed_processing") return outcome;
    if (Date.now() > deadline) throw new Error(`feed ${submitted.feed.feedId} still processing`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("Amazon listings feed for large pushes", () => {
  it("submits one JSON_LISTINGS_FEED, maps the report's errors back to SKUs as dead letters, acknowledges the rest", async () => {
    const { id } = await createChannel({ shopId: shop.shopId, kind: "amazon", name: "Amazon", credentials: amazon.account });
    await refreshChannelListings(id);
    await queryRows(`UPDATE "ChannelListing" SET "acknowledgedQuantity" = NULL WHERE "channelId" = $1`, [id]);
    const pushable = (await listingsOf(id)).filter((l) => !l.isFba);
    expect(pushable.length).toBeGreaterThan(10);
    // Amazon refuses one SKU: its message must come back from the processing report.
    const [victim] = (await queryRows<{ channelSku: string }>(
      `SELECT "channelSku" FROM "ChannelListing" WHERE "channelId" = $1 AND "variantId" IS NOT NULL AND NOT "isFba" ORDER BY "channelSku" LIMIT 1`,
      [id],
    ))!;
    await fetch(`${amazon.url}/__sim/faults`, { method: "PUT", body: JSON.stringify({ invalidSkus: [victim!.channelSku] }) });
    const patchesBefore = amazon.state.counters.byOperation.patchListingsItem ?? 0;

    const submitted = await pushNextBatch(id, { batchSize: 40 });
    expect(submitted).toMatchObject({ status: "feed_submitted", pollSeconds: 1 });
    if (submitted.status !== "feed_submitted") throw new Error("no feed");
    const pending = (await listingsOf(id)).filter((l) => l.desiredQuantity !== null);
    expect(submitted.sent).toBe(pending.length);
    expect(amazon.state.counters.byOperation.createFeed).toBe(1);

    const settled = await settle(id, submitted);
    expect(settled).toMatchObject({ status: "pushed", sent: pending.length, accepted: pending.length - 1, rejected: 1, remaining: 0 });
    expect((amazon.state.counters.byOperation.patchListingsItem ?? 0) - patchesBefore).toBe(0);

    const listings = (await listingsOf(id)).filter((l) => l.desiredQuantity !== null);
    const expected = Object.fromEntries(
      listings.filter((l) => l.channelSku !== victim!.channelSku).map((l) => [l.channelSku, l.desiredQuantity!]),
    );
    const deadline = Date.now() + 30_000;
    let truth = await simInventory();
    while (!Object.entries(expected).every(([sku, q]) => truth[sku] === q) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      truth = await simInventory();
    }
    for (const [sku, quantity] of Object.entries(expected)) expect({ sku, shows: truth[sku] }).toEqual({ sku, shows: quantity });
    for (const listing of listings)
      if (listing.channelSku === victim!.channelSku)
        expect(listing).toMatchObject({ acknowledgedQuantity: null, lastError: expect.stringContaining("90220") });
      else expect(listing).toMatchObject({ acknowledgedQuantity: listing.desiredQuantity, lastError: null });

    const letters = await queryRows<{ entityType: string; shopifyId: string; errorMessage: string }>(
      `SELECT "entityType", "shopifyId", "errorMessage" FROM "FailedSyncItem" WHERE "shopId" = $1`,
      [shop.shopId],
    );
    expect(letters).toEqual([
      { entityType: "channel:amazon", shopifyId: `${id}/${victim!.channelSku}`, errorMessage: expect.stringContaining("90220") },
    ]);
    // Nothing pending: the next turn is idle, and nothing more is sent.
    expect(await pushNextBatch(id, { batchSize: 40 })).toEqual({ status: "idle" });
  });

  it("patches listing by listing below the threshold", async () => {
    process.env.AMAZON_FEED_THRESHOLD = "100000";
    resetEnvCache();
    try {
      const { id } = await createChannel({ shopId: shop.shopId, kind: "amazon", name: "Amazon", credentials: amazon.account });
      await refreshChannelListings(id);
      await queryRows(`UPDATE "ChannelListing" SET "acknowledgedQuantity" = NULL WHERE "channelId" = $1`, [id]);
      const feedsBefore = amazon.state.counters.byOperation.createFeed ?? 0;
      expect(await pushNextBatch(id, { batchSize: 40 })).toMatchObject({ status: "pushed" });
      expect(amazon.state.counters.byOperation.createFeed ?? 0).toBe(feedsBefore);
    } finally {
      process.env.AMAZON_FEED_THRESHOLD = "10";
      resetEnvCache();
    }
  });
});
