/**
 * A 429 storm without Retry-After on the ShipStation simulator (its `omitRetryAfter` fault: a
 * platform that does not say when to come back, as Amazon never does): the connector backs off
 * with jitter, its pacing learns a rate below the documented one, and every SKU still lands at its
 * quantity. The simulator's limit is the documented 200/min; the storm makes it refill at 60 %.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShipStationSim, type ShipStationSimHandle } from "../../dev/shipstation-sim/index.ts";
import { pacerFor } from "@/lib/channels/pacer";
import { ShipStationConnector } from "@/lib/channels/shipstation/shipstation-connector";

let sim: ShipStationSimHandle;

beforeAll(async () => {
  // A small bucket, so the limit is met after a few requests rather than after 200.
  sim = await startShipStationSim({ port: 0, size: "tiny", seed: 7, share: 1, burst: 3 });
});

afterAll(async () => {
  await sim?.stop();
});

describe("429s without Retry-After", () => {
  it("slows the connector down (a learned rate below the documented one) and loses nothing", async () => {
    const stock = (await (await fetch(`${sim.url}/__sim/stock`)).json()) as { sku: string }[];
    const skus = [...new Set(stock.map((row) => row.sku))].slice(0, 30);
    expect(skus).toHaveLength(30);
    await fetch(`${sim.url}/__sim/faults`, { method: "PUT", body: JSON.stringify({ rateFactor: 0.6, omitRetryAfter: true }) });

    const connector = new ShipStationConnector({
      connectionKey: "pacing-test",
      credentials: sim.account,
      origin: sim.url,
      timeoutMs: 10_000,
      maxAttempts: 12,
    });
    const results = await connector.pushQuantities(skus.map((sku, index) => ({ sku, quantity: 100 + index })));

    expect(results.filter((result) => result.outcome !== "accepted")).toEqual([]);
    expect(sim.state.counters.throttled).toBeGreaterThan(0);
    const pacer = pacerFor("pacing-test:api", 0, 0);
    expect(pacer.currentRate).toBeLessThan(connector.rateLimit.requestsPerSecond);
    expect(pacer.currentRate).toBeGreaterThanOrEqual(pacer.floorRate);
    const truth = (await (await fetch(`${sim.url}/__sim/inventory`)).json()) as Record<string, number>;
    for (const [index, sku] of skus.entries()) expect({ sku, shows: truth[sku] }).toEqual({ sku, shows: 100 + index });
  }, 180_000);
});
