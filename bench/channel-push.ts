/**
 * Channel push benchmarks (figures, not pass/fail):
 *   rate     push rate against each channel's documented limit: N pending SKUs pushed through
 *            the library steps push-channel runs (desired quantities in SQL, batches, the
 *            connector's pacing, results recorded) against the simulators at their documented
 *            limits (Amazon patchListingsItem 5/s burst 5; ShipStation 200/min). The sustained
 *            rate is (sent - the client's burst) / elapsed, as a token bucket allows.
 *   feed     10,000 SKUs on Amazon as one JSON_LISTINGS_FEED (submit, poll getFeed every second,
 *            the report recorded, then every SKU applied on the simulator), against the listings
 *            path's time for the same 10,000, which is rate-bound: 10,000 / the rate measured above.
 *   latency  change-to-channel latency: a Shopify inventory change (the Shopify simulator's
 *            inventory_levels/update webhook to the app) until the channel simulator's ground truth
 *            shows the new quantity, Amazon (ACCEPTED then applied 2 s later, the simulator's
 *            default) and ShipStation; the whole stack (next start, the runner, PostgreSQL).
 *   npm run bench:push [-- --part rate,feed,latency (default all)] [--changes 20] [--spacing-ms 8000]
 */
import { parseArgs } from "node:util";
import { startEphemeral } from "../dev/db/embedded.ts";
import { applyMigrations } from "../dev/db/migrate.ts";
import { startAmazonSim, type AmazonSimHandle } from "../dev/amazon-sim/index.ts";
import { startShipStationSim } from "../dev/shipstation-sim/index.ts";
import { browse, CookieJar } from "../tests/integration/helpers/stack.ts";
import { expectedVariantQuantity, seedShopFromStore } from "../tests/integration/helpers/channel-fixtures.ts";
import { queryRows, truncateAppTables } from "../tests/integration/helpers/database.ts";
import { ensureBuild, fmt, latestRun, loadNote, sleep, startBenchStack } from "./lib/harness.ts";

const { values } = parseArgs({
  options: {
    part: { type: "string", default: "all" },
    changes: { type: "string", default: "20" },
    "spacing-ms": { type: "string", default: "8000" },
    "amazon-skus": { type: "string", default: "300" },
    "shipstation-skus": { type: "string", default: "200" },
  },
});
const parts = values.part === "all" ? ["rate", "feed", "latency"] : values.part!.split(",");
const log = (line: string) => console.log(line);
const DOCUMENTED = { amazon: 5, shipstation: 200 / 60 };
const CLIENT_BURST = { amazon: 5, shipstation: 10 };
const measuredRates: Partial<Record<"amazon" | "shipstation", number>> = {};

/** An in-process database with the app's lib modules pointed at it (rate and feed parts share it: db() keeps its first URL). */
let libContext: ReturnType<typeof startLib> | undefined;
const libSetup = () => (libContext ??= startLib());
async function startLib() {
  const cluster = await startEphemeral("bench-push");
  await applyMigrations(cluster.url);
  process.env.DATABASE_URL = cluster.url;
  process.env.SHOPSYNC_TEST_DATABASE_URL = cluster.url; // the channel fixtures' seeding writes there
  process.env.LOG_LEVEL = "warn";
  const lib = {
    ...(await import("../src/lib/channels/channel-queries.ts")),
    ...(await import("../src/lib/channels/listing-sync.ts")),
    ...(await import("../src/lib/channels/desired-quantities.ts")),
    ...(await import("../src/lib/channels/push-channel-batch.ts")),
    ...(await import("../src/lib/env.ts")),
    ...(await import("../src/lib/db.ts")),
  };
  return { cluster, lib };
}
type Lib = Awaited<ReturnType<typeof startLib>>["lib"];

/** Amazon's listings as its search would list them, straight from the simulator's state (listing 10,000 SKUs at 5 pages/s is not what is measured). */
function amazonSkus(amazon: AmazonSimHandle) {
  return [...amazon.state.account.listings.values()].map((listing) => {
    const codes = amazon.state.account.fulfillment(listing);
    const own = codes.find((entry) => entry.fulfillment_channel_code === "DEFAULT");
    return {
      sku: listing.sku,
      quantity: typeof own?.quantity === "number" ? own.quantity : null,
      isFba: codes.length > 0 && !own,
      externalId: listing.asin,
      productType: listing.productType,
    };
  });
}

/** Leaves exactly `count` mapped listings pending (acknowledged differs from desired). */
async function makePending(lib: Lib, channelId: string, count: number): Promise<number> {
  await lib.computeDesiredQuantities(channelId);
  await queryRows(`UPDATE "ChannelListing" SET "acknowledgedQuantity" = "desiredQuantity" WHERE "channelId" = $1`, [channelId]);
  const rows = await queryRows(
    `UPDATE "ChannelListing" SET "acknowledgedQuantity" = NULL WHERE id IN (
       SELECT id FROM "ChannelListing" WHERE "channelId" = $1 AND "desiredQuantity" IS NOT NULL AND NOT "isFba" ORDER BY "channelSku" LIMIT $2) RETURNING id`,
    [channelId, count],
  );
  return rows.length;
}

async function ratePart() {
  log("## push rate against the documented limit");
  const { lib } = await libSetup();
  const amazon = await startAmazonSim({ port: 0, size: "demo", seed: 1, share: 0.25, applyDelayMs: 2000 });
  const shipStation = await startShipStationSim({ port: 0, size: "demo", seed: 1, share: 0.125 });
  process.env.AMAZON_SP_API_ORIGIN = amazon.url;
  process.env.AMAZON_LWA_ORIGIN = amazon.url;
  process.env.SHIPSTATION_API_ORIGIN = shipStation.url;
  lib.resetEnvCache();
  try {
    const shop = await seedShopFromStore({ size: "demo", seed: 1 });
    for (const kind of ["amazon", "shipstation"] as const) {
      const { id } = await lib.createChannel({
        shopId: shop.shopId,
        kind,
        name: kind,
        credentials: kind === "amazon" ? amazon.account : shipStation.account,
      });
      if (kind === "amazon") await lib.syncChannelListings(id, amazonSkus(amazon));
      else await lib.refreshChannelListings(id);
      const wanted = Number(kind === "amazon" ? values["amazon-skus"] : values["shipstation-skus"]);
      const pending = await makePending(lib, id, wanted);
      const batchSize = kind === "amazon" ? 100 : 40;
      const started = performance.now();
      let sent = 0;
      for (;;) {
        const outcome = await lib.pushNextBatch(id, { batchSize });
        if (outcome.status !== "pushed") throw new Error(`${kind}: ${JSON.stringify(outcome)}`);
        sent += outcome.sent;
        if (outcome.remaining === 0) break;
      }
      const seconds = (performance.now() - started) / 1000;
      const sustained = (sent - CLIENT_BURST[kind]) / seconds;
      measuredRates[kind] = sustained;
      log(
        `${kind.padEnd(11)} ${fmt(pending)} SKUs pending, ${fmt(sent)} sent in ${fmt(seconds, 1)} s: ${fmt(sustained, 2)}/s sustained ` +
          `= ${fmt(sustained / DOCUMENTED[kind], 3)} of the documented ${fmt(DOCUMENTED[kind], 2)}/s`,
      );
    }
  } finally {
    await amazon.stop();
    await shipStation.stop();
  }
}

async function feedPart() {
  log("## 10,000 SKUs on Amazon: one JSON_LISTINGS_FEED vs listing by listing");
  const { lib } = await libSetup();
  const amazon = await startAmazonSim({ port: 0, size: "large", seed: 1, share: 0.3, applyDelayMs: 2000 });
  process.env.AMAZON_SP_API_ORIGIN = amazon.url;
  process.env.AMAZON_LWA_ORIGIN = amazon.url;
  process.env.AMAZON_FEED_THRESHOLD = "2000";
  lib.resetEnvCache();
  try {
    const seeding = performance.now();
    await truncateAppTables(); // the rate part's demo shop has the same domain
    const shop = await seedShopFromStore({ size: "large", seed: 1 });
    // As a sync leaves them: its stages ANALYZE the tables they fill.
    await queryRows("ANALYZE");
    const { id } = await lib.createChannel({ shopId: shop.shopId, kind: "amazon", name: "amazon", credentials: amazon.account });
    await lib.syncChannelListings(id, amazonSkus(amazon));
    const pending = await makePending(lib, id, 10_000);
    log(
      `(seeded the large store and ${fmt(amazon.state.account.listings.size)} Amazon listings in ${fmt((performance.now() - seeding) / 1000)} s)`,
    );
    const before = { ...amazon.state.counters.byOperation };
    const started = performance.now();
    const submitted = await lib.pushNextBatch(id, { batchSize: 100 });
    if (submitted.status !== "feed_submitted") throw new Error(JSON.stringify(submitted));
    const submittedAt = performance.now();
    let outcome = await lib.settleFeedBatch(id, submitted.feed);
    while (outcome.status === "feed_processing") {
      await sleep(1000);
      outcome = await lib.settleFeedBatch(id, submitted.feed);
    }
    const recordedAt = performance.now();
    if (outcome.status !== "pushed") throw new Error(JSON.stringify(outcome));
    const expected = await queryRows<{ channelSku: string; desiredQuantity: number }>(
      `SELECT "channelSku", "acknowledgedQuantity" AS "desiredQuantity" FROM "ChannelListing" WHERE id = ANY ($1::text[]) AND "lastError" IS NULL`,
      [submitted.feed.listingIds],
    );
    for (;;) {
      const truth = (await (await fetch(`${amazon.url}/__sim/inventory`)).json()) as Record<string, number>;
      if (expected.every((row) => truth[row.channelSku] === row.desiredQuantity)) break;
      await sleep(200);
    }
    const appliedAt = performance.now();
    const requests = Object.entries(amazon.state.counters.byOperation)
      .map(([operation, count]) => [operation, count - (before[operation] ?? 0)] as const)
      .filter(([, count]) => count > 0)
      .map(([operation, count]) => `${operation} ${count}`)
      .join(", ");
    log(
      `feed        ${fmt(pending)} SKUs: submitted in ${fmt((submittedAt - started) / 1000, 1)} s, report recorded after ${fmt((recordedAt - started) / 1000, 1)} s ` +
        `(${outcome.accepted} accepted, ${outcome.rejected} rejected), all applied on the simulator after ${fmt((appliedAt - started) / 1000, 1)} s; ` +
        `SP-API requests: ${requests} (+ the document upload and the report download)`,
    );
    log("            the simulator processes a feed in 2 s queued + 3 s in progress; Amazon's own time is minutes (unverified)");
    const rate = measuredRates.amazon ?? DOCUMENTED.amazon;
    log(
      `listings    ${fmt(pending)} SKUs at ${fmt(rate, 2)}/s (${measuredRates.amazon ? "measured in the rate part" : "the documented limit; run --part all to measure"}): ` +
        `${fmt(pending / rate)} s and ${fmt(pending)} patchListingsItem requests (extrapolated: rate-bound by the 5/s limit)`,
    );
  } finally {
    await amazon.stop();
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function latencyPart() {
  log("## change-to-channel latency (Shopify inventory webhook -> channel ground truth)");
  ensureBuild(log);
  const amazon = await startAmazonSim({ port: 0, size: "tiny", seed: 1, share: 0.6, applyDelayMs: 2000 });
  const shipStation = await startShipStationSim({ port: 0, size: "tiny", seed: 1, share: 0.6 });
  const stack = await startBenchStack({
    sim: { size: "tiny", seed: 1 },
    appEnv: { AMAZON_SP_API_ORIGIN: amazon.url, AMAZON_LWA_ORIGIN: amazon.url, SHIPSTATION_API_ORIGIN: shipStation.url },
  });
  try {
    const merchant = new CookieJar();
    await browse(`${stack.app.url}/api/auth/shopify/install?shop=${stack.sim.demoShop}`, merchant);
    for (;;) {
      const run = await latestRun(stack.sql);
      if (run?.status === "COMPLETED") break;
      if (run?.status === "FAILED") throw new Error(`sync failed: ${run.error}`);
      await sleep(500);
    }
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${stack.app.url}${path}`, {
        ...init,
        headers: {
          cookie: merchant.header(stack.app.url),
          origin: stack.app.url,
          "content-type": "application/json",
          "user-agent": "Mozilla/5.0",
        },
      });
    const ids: Record<string, string> = {};
    for (const [kind, credentials] of [
      ["amazon", amazon.account],
      ["shipstation", shipStation.account],
    ] as const) {
      const response = await api("/api/channels", { method: "POST", body: JSON.stringify({ kind, name: kind, credentials }) });
      if (response.status !== 201) throw new Error(`connect ${kind}: ${response.status} ${await response.text()}`);
      ids[kind] = ((await response.json()) as { id: string }).id;
    }
    type Listing = { sku: string; variantId: string | null; fba: boolean; desired: number | null; acknowledged: number | null };
    const listingsOf = async (id: string) =>
      ((await (await api(`/api/channels/${id}/listings`)).json()) as { listings: Listing[] }).listings;
    // In step first: every mapped listing acknowledged at its desired quantity on both channels.
    for (;;) {
      const all = [...(await listingsOf(ids.amazon!)), ...(await listingsOf(ids.shipstation!))];
      if (all.some((l) => l.desired !== null) && all.every((l) => l.desired === null || l.desired === l.acknowledged)) break;
      await sleep(1000);
    }
    const onAmazon = new Set((await listingsOf(ids.amazon!)).filter((l) => l.variantId && !l.fba && l.desired !== null).map((l) => l.sku));
    const shared = (await listingsOf(ids.shipstation!))
      .filter((l) => l.variantId && l.desired !== null && onAmazon.has(l.sku))
      .map((l) => l.sku);
    if (shared.length < 2) throw new Error("too few SKUs listed on both channels");
    const changes = Number(values.changes);
    const spacing = Number(values["spacing-ms"]);
    const latencies = { amazon: [] as number[], shipstation: [] as number[] };
    const truthOf = async (url: string) => (await (await fetch(`${url}/__sim/inventory`)).json()) as Record<string, number>;
    const waits: Promise<void>[] = [];
    for (let i = 0; i < changes; i++) {
      const sku = shared[i % shared.length]!;
      const variant = [...stack.sim.store.variants.values()].find((v) => v.sku === sku)!;
      const level = stack.sim.store.levelsOfItem(variant.inventoryItemId)[0]!;
      const changedAt = performance.now();
      const response = await fetch(`${stack.sim.url}/__sim/shops/${stack.sim.demoShop}/inventory-levels`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          inventoryItemId: `gid://shopify/InventoryItem/${variant.inventoryItemId}`,
          locationId: `gid://shopify/Location/${level.locationId}`,
          quantity: 500 + i,
        }),
      });
      if (response.status !== 200) throw new Error(`inventory change: ${response.status}`);
      const expected = expectedVariantQuantity(stack.sim.store, sku)!;
      for (const [kind, url] of [
        ["amazon", amazon.url],
        ["shipstation", shipStation.url],
      ] as const)
        waits.push(
          (async () => {
            for (const deadline = changedAt + 180_000; ; await sleep(100)) {
              if ((await truthOf(url))[sku] === expected) return void latencies[kind].push((performance.now() - changedAt) / 1000);
              if (performance.now() > deadline) return void latencies[kind].push(Number.POSITIVE_INFINITY);
            }
          })(),
        );
      await sleep(spacing);
    }
    await Promise.all(waits);
    for (const kind of ["amazon", "shipstation"] as const) {
      const sorted = [...latencies[kind]].sort((a, b) => a - b);
      log(
        `${kind.padEnd(11)} ${sorted.length} changes, one every ${fmt(spacing / 1000, 1)} s: p50 ${fmt(percentile(sorted, 50), 1)} s, ` +
          `p99 ${fmt(percentile(sorted, 99), 1)} s, max ${fmt(sorted.at(-1)!, 1)} s`,
      );
    }
    log(
      "            includes the webhook delivery, the inbox drain, schedule-channel-pushes' 5 s debounce, the push and (Amazon) the 2 s apply delay",
    );
  } finally {
    await stack.stop();
    await amazon.stop();
    await shipStation.stop();
  }
}

try {
  for (const part of parts) {
    if (part === "rate") await ratePart();
    else if (part === "feed") await feedPart();
    else if (part === "latency") await latencyPart();
    else throw new Error(`--part must be rate, feed, latency or all, not ${part}`);
  }
} finally {
  if (libContext) {
    const { cluster, lib } = await libContext;
    await lib.db().$disconnect();
    await cluster.stop();
  }
}
log(`(${loadNote()})`);
