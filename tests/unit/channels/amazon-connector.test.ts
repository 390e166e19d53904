/**
 * The Amazon connector against the Amazon SP-API simulator over real HTTP: LWA auth and token
 * expiry, merge patches that Amazon applies asynchronously, QuotaExceeded 429s and 5xx retried,
 * INVALID listings as per-SKU errors, a SKU never answered for reported without failing the others,
 * FBA listings recognised, an outage surfacing as unavailable.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { AmazonSimHandle } from "../../../dev/amazon-sim/index.ts";
import { ChannelAuthError, ChannelUnavailableError } from "../../../src/lib/channels/errors";
import { amazonConnector, simJson, startTinyAmazon, waitFor } from "./helpers";

let sim: AmazonSimHandle | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function merchantSkus(handle: AmazonSimHandle, count: number): Promise<string[]> {
  const inventory = await simJson<Record<string, number>>(`${handle.url}/__sim/inventory`);
  return Object.keys(inventory).slice(0, count);
}

describe("Amazon connector", () => {
  it("exchanges the refresh token and refuses wrong client credentials", async () => {
    sim = await startTinyAmazon();
    await amazonConnector(sim).authenticate();
    await expect(amazonConnector(sim, { clientSecret: "wrong" }).authenticate()).rejects.toBeInstanceOf(ChannelAuthError);
    await expect(amazonConnector(sim, { refreshToken: "Atzr|revoked" }).authenticate()).rejects.toThrow(/invalid_grant/);
  });

  it("pushes absolute DEFAULT quantities that the channel applies after ACCEPTED, and reads them back", async () => {
    sim = await startTinyAmazon({ applyDelayMs: 300 });
    const skus = await merchantSkus(sim, 6);
    const connector = amazonConnector(sim);
    const results = await connector.pushQuantities(skus.map((sku, index) => ({ sku, quantity: 100 + index })));
    expect(results).toEqual(skus.map((sku) => ({ sku, outcome: "accepted" })));
    const applied = await waitFor(async () => {
      const inventory = await simJson<Record<string, number>>(`${sim!.url}/__sim/inventory`);
      return skus.every((sku, index) => inventory[sku] === 100 + index) ? inventory : undefined;
    });
    expect(skus.map((sku) => applied[sku])).toEqual(skus.map((_, index) => 100 + index));
    const read = await connector.readQuantities([...skus, "NOT-A-LISTING"]);
    expect([...read.entries()].sort()).toEqual(skus.map((sku, index) => [sku, 100 + index]).sort());
  });

  it("lists every SKU, FBA listings marked as such", async () => {
    sim = await startTinyAmazon();
    const skus = await amazonConnector(sim).listSkus();
    const listings = await simJson<{ sku: string; fulfillmentAvailability: { fulfillment_channel_code: string }[] }[]>(
      `${sim.url}/__sim/listings`,
    );
    expect(skus.map((entry) => entry.sku).sort()).toEqual(listings.map((listing) => listing.sku).sort());
    const fba = listings.filter((listing) =>
      listing.fulfillmentAvailability.every((entry) => entry.fulfillment_channel_code !== "DEFAULT"),
    );
    expect(fba.length).toBeGreaterThan(0);
    expect(
      skus
        .filter((entry) => entry.isFba)
        .map((entry) => entry.sku)
        .sort(),
    ).toEqual(fba.map((listing) => listing.sku).sort());
    expect(skus.every((entry) => entry.productType === "PRODUCT")).toBe(true);
  });

  it("refreshes an expired access token and repeats the request", async () => {
    sim = await startTinyAmazon();
    const [sku] = await merchantSkus(sim, 1);
    const connector = amazonConnector(sim);
    await connector.pushQuantities([{ sku: sku!, quantity: 3 }]);
    await simJson(`${sim.url}/__sim/tokens/expire`, { method: "POST" });
    expect(await connector.pushQuantities([{ sku: sku!, quantity: 4 }])).toEqual([{ sku, outcome: "accepted" }]);
    expect(sim.state.account.stats.tokensIssued).toBe(2);
  });

  it("retries QuotaExceeded 429s until every SKU is accepted", async () => {
    sim = await startTinyAmazon({ limits: { patchListingsItem: { rate: 3, burst: 1 }, getListingsItem: { rate: 3, burst: 1 } } });
    const skus = await merchantSkus(sim, 12);
    const results = await amazonConnector(sim).pushQuantities(skus.map((sku) => ({ sku, quantity: 9, productType: "PRODUCT" })));
    expect(results.every((result) => result.outcome === "accepted")).toBe(true);
    expect(sim.state.counters.throttled).toBeGreaterThan(0);
  });

  it("retries 5xx answers, and reports INVALID listings per SKU with Amazon's message", async () => {
    sim = await startTinyAmazon({ faults: { errorRate: 0.3, errorStatus: 500 } });
    const skus = await merchantSkus(sim, 8);
    await simJson(`${sim.url}/__sim/faults`, { method: "PUT", body: JSON.stringify({ invalidSkus: [skus[0]] }) });
    const results = await amazonConnector(sim).pushQuantities(skus.map((sku) => ({ sku, quantity: 1, productType: "PRODUCT" })));
    expect(results[0]).toEqual({ sku: skus[0], outcome: "rejected", message: expect.stringContaining("90220") });
    expect(results.slice(1).every((result) => result.outcome === "accepted")).toBe(true);
  });

  it("pushes through a JSON_LISTINGS_FEED and maps the processing report's per-message errors back to SKUs", async () => {
    sim = await startTinyAmazon({ feedQueueMs: 100, feedProcessMs: 100 });
    const skus = await merchantSkus(sim, 5);
    await simJson(`${sim.url}/__sim/faults`, { method: "PUT", body: JSON.stringify({ invalidSkus: [skus[2]] }) });
    const connector = amazonConnector(sim);
    const updates = skus.map((sku, index) => ({ sku, quantity: 200 + index, productType: "PRODUCT" }));
    const feedId = await connector.submitQuantityFeed(updates);
    const results = await waitFor(() => connector.feedOutcome(feedId, updates));
    expect(results).toEqual(
      skus.map((sku, index) =>
        index === 2 ? { sku, outcome: "rejected", message: expect.stringContaining("90220") } : { sku, outcome: "accepted" },
      ),
    );
    const expected = Object.fromEntries(skus.filter((_, index) => index !== 2).map((sku) => [sku, 200 + skus.indexOf(sku)]));
    const truth = await waitFor(async () => {
      const inventory = await simJson<Record<string, number>>(`${sim!.url}/__sim/inventory`);
      return Object.entries(expected).every(([sku, quantity]) => inventory[sku] === quantity) ? inventory : undefined;
    });
    expect(truth[skus[2]!]).not.toBe(202);
    expect(sim.state.counters.byOperation).toMatchObject({ createFeedDocument: 1, createFeed: 1 });
  });

  it("reports a SKU Amazon never answers for as unanswered and still pushes the others; answering for none fails the batch", async () => {
    sim = await startTinyAmazon();
    const skus = await merchantSkus(sim, 6);
    await simJson(`${sim.url}/__sim/faults`, { method: "PUT", body: JSON.stringify({ unavailableSkus: [skus[1]] }) });
    const results = await amazonConnector(sim).pushQuantities(skus.map((sku) => ({ sku, quantity: 31, productType: "PRODUCT" })));
    expect(results).toEqual(
      skus.map((sku, index) =>
        index === 1 ? { sku, outcome: "unanswered", message: expect.stringContaining("did not answer") } : { sku, outcome: "accepted" },
      ),
    );
    await waitFor(async () => {
      const inventory = await simJson<Record<string, number>>(`${sim!.url}/__sim/inventory`);
      return skus.every((sku, index) => index === 1 || inventory[sku] === 31) ? inventory : undefined;
    });
    await simJson(`${sim.url}/__sim/faults`, { method: "PUT", body: JSON.stringify({ unavailableSkus: skus }) });
    await expect(
      amazonConnector(sim).pushQuantities(skus.map((sku) => ({ sku, quantity: 32, productType: "PRODUCT" }))),
    ).rejects.toBeInstanceOf(ChannelUnavailableError);
  }, 120_000);

  it("gives up with ChannelUnavailableError during an outage", async () => {
    sim = await startTinyAmazon({ faults: { outage: true } });
    await expect(amazonConnector(sim).authenticate()).rejects.toBeInstanceOf(ChannelUnavailableError);
  }, 60_000);
});
