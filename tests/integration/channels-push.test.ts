/**
 * Channel pushes against real PostgreSQL and the Amazon and ShipStation simulators, through the
 * same library steps the push-channel function runs: listings discovered and auto-mapped by SKU,
 * desired quantities computed in SQL (buffer, bundles, FBA never pushed), only differences sent,
 * every mapped SKU on each simulator equal to its expected quantity; INVALID listings as dead
 * letters with Amazon's message; an outage opening Amazon's circuit while ShipStation keeps
 * receiving, then the half-open probe closing it after recovery and everything converging; a 429
 * storm on both channels losing nothing; a channel dead letter replayed as a push of its SKU.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startAmazonSim, type AmazonSimHandle } from "../../dev/amazon-sim/index.ts";
import { DEMO_BUNDLE_SKUS } from "../../dev/channel-sim-kit/demo-catalog.ts";
import { startShipStationSim, type ShipStationSimHandle } from "../../dev/shipstation-sim/index.ts";
import { createChannel } from "@/lib/channels/channel-queries";
import { dryRunChannelPush } from "@/lib/channels/dry-run";
import { pushNextBatch, refreshChannelListings, type BatchOutcome } from "@/lib/channels/push-channel-batch";
import { retryShopDeadLetter } from "@/lib/dead-letters/manage-dead-letters";
import { resetEnvCache } from "@/lib/env";
import { queryRows, truncateAppTables } from "./helpers/database";
import { expectedVariantQuantity, seedShopFromStore, variantGidOfSku, type SeededShop } from "./helpers/channel-fixtures";

const SIZE = "tiny";
const SEED = 7;
let amazon: AmazonSimHandle;
let shipStation: ShipStationSimHandle;
let shop: SeededShop;

beforeAll(async () => {
  amazon = await startAmazonSim({ port: 0, size: SIZE, seed: SEED, share: 0.3, applyDelayMs: 20 });
  shipStation = await startShipStationSim({ port: 0, size: SIZE, seed: SEED, share: 0.3 });
  process.env.AMAZON_SP_API_ORIGIN = amazon.url;
  process.env.AMAZON_LWA_ORIGIN = amazon.url;
  process.env.SHIPSTATION_API_ORIGIN = shipStation.url;
  process.env.CHANNEL_REQUEST_ATTEMPTS = "2";
  process.env.CHANNEL_CIRCUIT_THRESHOLD = "2";
  process.env.CHANNEL_CIRCUIT_COOLDOWN_SECONDS = "1";
  resetEnvCache();
});

afterAll(async () => {
  await amazon?.stop();
  await shipStation?.stop();
});

beforeEach(async () => {
  await truncateAppTables();
  await fetch(`${amazon.url}/__sim/faults`, { method: "DELETE" });
  await fetch(`${shipStation.url}/__sim/faults`, { method: "DELETE" });
  shop = await seedShopFromStore({ size: SIZE, seed: SEED });
});

const simInventory = async (url: string) => (await (await fetch(`${url}/__sim/inventory`)).json()) as Record<string, number>;

/** Runs push steps until the channel is idle (as the function's loop does, without its sleeps). */
async function pushUntilIdle(channelId: string, maxTurns = 50): Promise<BatchOutcome[]> {
  const outcomes: BatchOutcome[] = [];
  for (let turn = 0; turn < maxTurns; turn++) {
    const outcome = await pushNextBatch(channelId, { batchSize: 40 });
    outcomes.push(outcome);
    if (outcome.status !== "pushed" || outcome.remaining === 0) return outcomes;
  }
  return outcomes;
}

async function waitForSim(url: string, expected: Record<string, number>, timeoutMs = 30_000): Promise<Record<string, number>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const truth = await simInventory(url);
    if (Object.entries(expected).every(([sku, quantity]) => truth[sku] === quantity) || Date.now() > deadline) return truth;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function bundleFixture(): Promise<{ sku: string; expected: number }> {
  // BUNDLE-STARTER-KIT = 2 x the first listed SKU + 1 x the second.
  const skus = [...shop.store.variants.values()]
    .map((v) => v.sku)
    .filter((sku): sku is string => !!sku && expectedVariantQuantity(shop.store, sku) !== null);
  const [a, b] = [skus[0]!, skus[1]!];
  await queryRows(`INSERT INTO "Bundle" (id, "shopId", sku, name, "updatedAt") VALUES ('bundle-1', $1, $2, 'Starter kit', now())`, [
    shop.shopId,
    DEMO_BUNDLE_SKUS[0],
  ]);
  await queryRows(`INSERT INTO "BundleComponent" ("bundleId", "variantId", units) VALUES ('bundle-1', $1, 2), ('bundle-1', $2, 1)`, [
    variantGidOfSku(shop.store, a),
    variantGidOfSku(shop.store, b),
  ]);
  const expected = Math.min(Math.floor(expectedVariantQuantity(shop.store, a)! / 2), expectedVariantQuantity(shop.store, b)!);
  return { sku: DEMO_BUNDLE_SKUS[0], expected };
}

interface ListingRow {
  channelSku: string;
  variantId: string | null;
  bundleId: string | null;
  isFba: boolean;
  desiredQuantity: number | null;
  acknowledgedQuantity: number | null;
  lastError: string | null;
}
const listingsOf = (channelId: string) =>
  queryRows<ListingRow>(
    `SELECT "channelSku", "variantId", "bundleId", "isFba", "desiredQuantity", "acknowledgedQuantity", "lastError" FROM "ChannelListing" WHERE "channelId" = $1`,
    [channelId],
  );

/** An Amazon channel pushed while Amazon calls one mapped SKU INVALID (the fault stays on). */
async function pushWithOneInvalidSku(): Promise<{ id: string; victim: ListingRow }> {
  const { id } = await createChannel({ shopId: shop.shopId, kind: "amazon", name: "Amazon", credentials: amazon.account });
  await refreshChannelListings(id);
  await queryRows(`UPDATE "ChannelListing" SET "acknowledgedQuantity" = NULL WHERE "channelId" = $1`, [id]);
  const [victim] = (await listingsOf(id)).filter((l) => l.variantId && !l.isFba);
  await fetch(`${amazon.url}/__sim/faults`, { method: "PUT", body: JSON.stringify({ invalidSkus: [victim!.channelSku] }) });
  await pushUntilIdle(id);
  return { id, victim: victim! };
}

describe("channel push", () => {
  it("auto-maps by SKU and brings every mapped Amazon SKU to its desired quantity (buffer, bundle, FBA untouched)", async () => {
    const bundle = await bundleFixture();
    const { id } = await createChannel({
      shopId: shop.shopId,
      kind: "amazon",
      name: "Amazon US",
      credentials: amazon.account,
      safetyBuffer: 2,
    });
    const fbaBefore = (await (await fetch(`${amazon.url}/__sim/listings`)).json()) as { sku: string; fulfillmentAvailability: unknown }[];

    expect(await refreshChannelListings(id)).toMatchObject({ status: "listed" });
    const outcomes = await pushUntilIdle(id);
    expect(outcomes.every((outcome) => outcome.status === "pushed" || outcome.status === "idle")).toBe(true);

    const listings = await listingsOf(id);
    const mapped = listings.filter((l) => l.variantId && !l.isFba);
    expect(mapped.length).toBeGreaterThan(10);
    expect(
      listings.filter((l) => l.channelSku.startsWith("AMZ-LEGACY")).every((l) => !l.variantId && !l.bundleId && l.desiredQuantity === null),
    ).toBe(true);
    const fba = listings.filter((l) => l.isFba);
    expect(fba.length).toBeGreaterThan(0);
    expect(fba.every((l) => l.desiredQuantity === null)).toBe(true);

    const expected: Record<string, number> = {};
    for (const listing of mapped) {
      const quantity = expectedVariantQuantity(shop.store, listing.channelSku, 2);
      if (quantity !== null) expected[listing.channelSku] = quantity;
    }
    expected[bundle.sku] = bundle.expected;
    const truth = await waitForSim(amazon.url, expected);
    for (const [sku, quantity] of Object.entries(expected)) expect({ sku, quantity: truth[sku] }).toEqual({ sku, quantity });

    // FBA listings kept exactly what Amazon had.
    const fbaAfter = (await (await fetch(`${amazon.url}/__sim/listings`)).json()) as { sku: string; fulfillmentAvailability: unknown }[];
    for (const listing of fba)
      expect(fbaAfter.find((l) => l.sku === listing.channelSku)?.fulfillmentAvailability).toEqual(
        fbaBefore.find((l) => l.sku === listing.channelSku)?.fulfillmentAvailability,
      );

    // Nothing is pending any more, so a second push sends nothing.
    const requestsBefore = amazon.state.counters.byOperation.patchListingsItem ?? 0;
    expect(await pushNextBatch(id, { batchSize: 40 })).toEqual({ status: "idle" });
    expect(amazon.state.counters.byOperation.patchListingsItem ?? 0).toBe(requestsBefore);
  });

  it("sends only the difference after a level changes", async () => {
    const { id } = await createChannel({ shopId: shop.shopId, kind: "shipstation", name: "ShipStation", credentials: shipStation.account });
    await refreshChannelListings(id);
    await pushUntilIdle(id);
    const [listing] = (await listingsOf(id)).filter((l) => l.variantId && l.desiredQuantity !== null);
    await queryRows(
      `UPDATE "InventoryLevel" SET available = 500 WHERE "shopId" = $1 AND "inventoryItemId" = (SELECT "inventoryItemId" FROM "ProductVariant" WHERE "shopId" = $1 AND "shopifyId" = $2)`,
      [shop.shopId, listing!.variantId],
    );
    const activeLevels = await queryRows<{ count: string }>(
      `SELECT count(*) FROM "InventoryLevel" l JOIN "ProductVariant" v ON v."shopId" = l."shopId" AND v."inventoryItemId" = l."inventoryItemId" WHERE v."shopId" = $1 AND v."shopifyId" = $2`,
      [shop.shopId, listing!.variantId],
    );
    const before = shipStation.state.account.stats.transactions;
    const outcome = await pushNextBatch(id, { batchSize: 40 });
    expect(outcome).toEqual({ status: "pushed", sent: 1, accepted: 1, rejected: 0, unanswered: 0, remaining: 0 });
    expect(shipStation.state.account.stats.transactions - before).toBe(1);
    expect((await simInventory(shipStation.url))[listing!.channelSku]).toBe(500 * Number(activeLevels[0]!.count));
  });

  it("dry run lists the SKUs that would change, from and to, and sends nothing", async () => {
    const { id } = await createChannel({ shopId: shop.shopId, kind: "shipstation", name: "ShipStation", credentials: shipStation.account });
    await refreshChannelListings(id);
    await queryRows(`UPDATE "ChannelListing" SET "acknowledgedQuantity" = 99999 WHERE "channelId" = $1`, [id]);
    const before = { ...shipStation.state.counters };
    const { changes } = await dryRunChannelPush(id);
    const listings = (await listingsOf(id)).filter((l) => l.desiredQuantity !== null && !l.isFba);
    const bySku = (a: { sku: string }, b: { sku: string }) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0);
    expect([...changes].sort(bySku)).toEqual(listings.map((l) => ({ sku: l.channelSku, from: 99999, to: l.desiredQuantity })).sort(bySku));
    expect(changes.length).toBeGreaterThan(5);
    expect(shipStation.state.counters.requests).toBe(before.requests);
  });

  it("keeps a rejected SKU as a dead letter with the channel's message, and resolves it once accepted", async () => {
    const { id, victim } = await pushWithOneInvalidSku();
    const [letter] = await queryRows<{ entityType: string; errorMessage: string; nextRetryAt: Date | null }>(
      `SELECT "entityType", "errorMessage", "nextRetryAt" FROM "FailedSyncItem" WHERE "shopId" = $1`,
      [shop.shopId],
    );
    expect(letter).toMatchObject({ entityType: "channel:amazon", nextRetryAt: null });
    expect(letter!.errorMessage).toContain("90220");
    // The same quantity is not sent again while it would be rejected again.
    expect(await pushNextBatch(id, { batchSize: 40 })).toEqual({ status: "idle" });

    await fetch(`${amazon.url}/__sim/faults`, { method: "DELETE" });
    await queryRows(`UPDATE "ChannelListing" SET "errorQuantity" = NULL WHERE "channelId" = $1 AND "channelSku" = $2`, [
      id,
      victim.channelSku,
    ]);
    expect(await pushNextBatch(id, { batchSize: 40 })).toMatchObject({ status: "pushed", accepted: 1 });
    const [resolved] = await queryRows<{ resolution: string | null }>(`SELECT resolution FROM "FailedSyncItem" WHERE "shopId" = $1`, [
      shop.shopId,
    ]);
    expect(resolved!.resolution).toBe("RETRIED");
  });

  it("replays a channel dead letter as a push of that SKU: still refused stays open, accepted resolves it", async () => {
    const { id, victim } = await pushWithOneInvalidSku();
    const lettersOf = () =>
      queryRows<{ id: string; entityType: string; errorMessage: string; resolution: string | null; retryCount: number }>(
        `SELECT id, "entityType", "errorMessage", resolution, "retryCount" FROM "FailedSyncItem" WHERE "shopId" = $1 ORDER BY "createdAt"`,
        [shop.shopId],
      );
    const [letter] = await lettersOf();
    expect(letter).toMatchObject({ entityType: "channel:amazon", resolution: null });
    const patchesBefore = amazon.state.counters.byOperation.patchListingsItem ?? 0;

    // Still INVALID on Amazon: the replay sends that SKU once, fails with Amazon's words, and the row stays the one open letter.
    const refused = await retryShopDeadLetter(shop.domain, letter!.id);
    expect(refused).toMatchObject({ id: letter!.id, outcome: "failed" });
    expect(refused.error).toContain("90220");
    expect((amazon.state.counters.byOperation.patchListingsItem ?? 0) - patchesBefore).toBe(1);
    expect(await lettersOf()).toEqual([expect.objectContaining({ id: letter!.id, resolution: null, retryCount: 1 })]);

    // Amazon accepts it now: the replay pushes the SKU's desired quantity and settles the letter.
    await fetch(`${amazon.url}/__sim/faults`, { method: "DELETE" });
    expect(await retryShopDeadLetter(shop.domain, letter!.id)).toEqual({ id: letter!.id, outcome: "retried" });
    const [listing] = (await listingsOf(id)).filter((l) => l.channelSku === victim.channelSku);
    expect(listing).toMatchObject({ lastError: null, acknowledgedQuantity: listing!.desiredQuantity });
    const truth = await waitForSim(amazon.url, { [victim.channelSku]: listing!.desiredQuantity! });
    expect(truth[victim.channelSku]).toBe(listing!.desiredQuantity);
    expect(await lettersOf()).toEqual([expect.objectContaining({ id: letter!.id, resolution: "RETRIED" })]);
    // No Shopify record was made of it.
    expect(
      await queryRows(`SELECT 1 FROM "FailedSyncItem" WHERE "shopId" = $1 AND "entityType" NOT LIKE 'channel:%'`, [shop.shopId]),
    ).toEqual([]);
  });

  it("loses nothing in a 429 storm on both channels: every SKU ends at its desired quantity, acknowledged only what the channel took", async () => {
    const ids = [
      (await createChannel({ shopId: shop.shopId, kind: "amazon", name: "Amazon", credentials: amazon.account })).id,
      (await createChannel({ shopId: shop.shopId, kind: "shipstation", name: "ShipStation", credentials: shipStation.account })).id,
    ];
    for (const id of ids) await refreshChannelListings(id);
    // Every listing differs from what the channels show: a full push.
    await queryRows(`UPDATE "InventoryLevel" SET available = available + 11 WHERE "shopId" = $1`, [shop.shopId]);
    const throttledBefore = amazon.state.counters.throttled + shipStation.state.counters.throttled;
    // Buckets refill at a fifth of the rate: most requests past the burst answer 429.
    const storm = JSON.stringify({ rateFactor: 0.2 });
    await fetch(`${amazon.url}/__sim/faults`, { method: "PUT", body: storm });
    await fetch(`${shipStation.url}/__sim/faults`, { method: "PUT", body: storm });

    // Push through the storm, both channels at once, as push-channel's loop does (a failed batch is
    // tried again later); then the storm ends and the pushes carry on to idle.
    for (let turn = 0; turn < 3; turn++) await Promise.all(ids.map((id) => pushNextBatch(id, { batchSize: 15 })));
    expect(amazon.state.counters.throttled + shipStation.state.counters.throttled).toBeGreaterThan(throttledBefore);
    // What the channels took during the storm is acknowledged exactly; nothing else is.
    for (const [id, url] of [
      [ids[0]!, amazon.url],
      [ids[1]!, shipStation.url],
    ] as const) {
      const taken = (await listingsOf(id)).filter((l) => l.desiredQuantity !== null && l.acknowledgedQuantity === l.desiredQuantity);
      const truth = await waitForSim(url, Object.fromEntries(taken.map((l) => [l.channelSku, l.acknowledgedQuantity!])));
      for (const listing of taken)
        expect({ sku: listing.channelSku, shows: truth[listing.channelSku] }).toEqual({
          sku: listing.channelSku,
          shows: listing.acknowledgedQuantity,
        });
    }

    await fetch(`${amazon.url}/__sim/faults`, { method: "DELETE" });
    await fetch(`${shipStation.url}/__sim/faults`, { method: "DELETE" });
    for (const [id, url] of [
      [ids[0]!, amazon.url],
      [ids[1]!, shipStation.url],
    ] as const) {
      const deadline = Date.now() + 120_000;
      for (;;) {
        const outcome = await pushNextBatch(id, { batchSize: 40 });
        if (outcome.status === "idle" || (outcome.status === "pushed" && outcome.remaining === 0)) break;
        if (Date.now() > deadline) throw new Error(`channel ${id} did not get in step: ${JSON.stringify(outcome)}`);
        if (outcome.status === "circuit_open" || outcome.status === "failed") await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const listings = (await listingsOf(id)).filter((l) => l.desiredQuantity !== null && !l.isFba);
      expect(listings.length).toBeGreaterThan(5);
      const expected = Object.fromEntries(listings.map((l) => [l.channelSku, l.desiredQuantity!]));
      const truth = await waitForSim(url, expected);
      for (const listing of listings) {
        expect({ sku: listing.channelSku, shows: truth[listing.channelSku] }).toEqual({
          sku: listing.channelSku,
          shows: listing.desiredQuantity,
        });
        expect(listing).toMatchObject({ acknowledgedQuantity: listing.desiredQuantity, lastError: null });
      }
    }
    expect(await queryRows(`SELECT "entityType", "errorMessage" FROM "FailedSyncItem" WHERE "shopId" = $1`, [shop.shopId])).toEqual([]);
  }, 360_000);

  it("opens Amazon's circuit in an outage while ShipStation keeps receiving, then probes, closes and converges", async () => {
    const amazonChannel = await createChannel({ shopId: shop.shopId, kind: "amazon", name: "Amazon", credentials: amazon.account });
    const shipChannel = await createChannel({
      shopId: shop.shopId,
      kind: "shipstation",
      name: "ShipStation",
      credentials: shipStation.account,
    });
    await refreshChannelListings(amazonChannel.id);
    await refreshChannelListings(shipChannel.id);
    // The simulators keep what earlier tests pushed: make every listing pending again.
    await queryRows(`UPDATE "ChannelListing" SET "acknowledgedQuantity" = NULL`);
    await fetch(`${amazon.url}/__sim/faults`, { method: "PUT", body: JSON.stringify({ outage: true }) });
    // The cached token is gone too: the outage covers Login with Amazon as well.
    await queryRows(`UPDATE "ChannelConnection" SET "accessToken" = NULL`);

    expect(await pushNextBatch(amazonChannel.id, { batchSize: 40 })).toMatchObject({ status: "failed", circuitState: "closed" });
    expect(await pushNextBatch(amazonChannel.id, { batchSize: 40 })).toMatchObject({ status: "failed", circuitState: "open" });
    expect(await pushNextBatch(amazonChannel.id, { batchSize: 40 })).toMatchObject({ status: "circuit_open" });
    const [open] = await queryRows<{ circuitState: string; consecutiveFailures: number }>(
      `SELECT "circuitState", "consecutiveFailures" FROM "ChannelConnection" WHERE id = $1`,
      [amazonChannel.id],
    );
    expect(open).toEqual({ circuitState: "open", consecutiveFailures: 2 });

    // ShipStation is unaffected.
    const shipOutcomes = await pushUntilIdle(shipChannel.id);
    expect(shipOutcomes.at(-1)).toMatchObject({ remaining: 0 });

    // Recovery: after the cooldown the next push is the half-open probe; success closes the circuit.
    await fetch(`${amazon.url}/__sim/faults`, { method: "DELETE" });
    const deadline = Date.now() + 30_000;
    let outcome: BatchOutcome = { status: "idle" };
    while (Date.now() < deadline) {
      outcome = await pushNextBatch(amazonChannel.id, { batchSize: 40 });
      if (outcome.status !== "circuit_open") break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(outcome).toMatchObject({ status: "pushed" });
    await pushUntilIdle(amazonChannel.id);
    const [closed] = await queryRows<{ circuitState: string; consecutiveFailures: number }>(
      `SELECT "circuitState", "consecutiveFailures" FROM "ChannelConnection" WHERE id = $1`,
      [amazonChannel.id],
    );
    expect(closed).toEqual({ circuitState: "closed", consecutiveFailures: 0 });
    const expected = Object.fromEntries(
      (await listingsOf(amazonChannel.id)).filter((l) => l.desiredQuantity !== null).map((l) => [l.channelSku, l.desiredQuantity!]),
    );
    const truth = await waitForSim(amazon.url, expected);
    for (const [sku, quantity] of Object.entries(expected)) expect({ sku, quantity: truth[sku] }).toEqual({ sku, quantity });
  }, 180_000);
});
