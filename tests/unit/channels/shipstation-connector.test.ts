/**
 * The ShipStation connector against the ShipStation v2 simulator over real HTTP: API-Key auth,
 * adjust transactions that set absolute quantities, reads summing available over locations, 429
 * with Retry-After honoured, rejected SKUs with ShipStation's message.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ShipStationSimHandle } from "../../../dev/shipstation-sim/index.ts";
import { ChannelAuthError, ChannelUnavailableError } from "../../../src/lib/channels/errors";
import { shipStationConnector, simJson, startTinyShipStation } from "./helpers";

let sim: ShipStationSimHandle | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const inventory = (handle: ShipStationSimHandle) => simJson<Record<string, number>>(`${handle.url}/__sim/inventory`);

describe("ShipStation connector", () => {
  it("refuses a wrong API key", async () => {
    sim = await startTinyShipStation();
    await shipStationConnector(sim).authenticate();
    await expect(shipStationConnector(sim, "wrong-key").authenticate()).rejects.toBeInstanceOf(ChannelAuthError);
  });

  it("sets absolute quantities with adjust and reads available summed over locations", async () => {
    sim = await startTinyShipStation();
    const skus = Object.keys(await inventory(sim)).slice(0, 5);
    // Stock elsewhere and allocated units count in what the channel shows (available = on_hand - allocated).
    await simJson(`${sim.url}/__sim/stock`, {
      method: "PUT",
      body: JSON.stringify({ sku: skus[0], inventory_location_id: "se-2002", on_hand: 4, allocated: 1 }),
    });
    const connector = shipStationConnector(sim);
    const results = await connector.pushQuantities(skus.map((sku, index) => ({ sku, quantity: 10 * (index + 1) })));
    expect(results).toEqual(skus.map((sku) => ({ sku, outcome: "accepted" })));
    const truth = await inventory(sim);
    expect(skus.map((sku) => truth[sku])).toEqual([10 + 3, 20, 30, 40, 50]);
    const read = await connector.readQuantities([...skus, "NOPE"]);
    expect(skus.map((sku) => read.get(sku))).toEqual([13, 20, 30, 40, 50]);
    expect(read.has("NOPE")).toBe(false);
    // Pushing the same absolute quantity again changes nothing.
    await connector.pushQuantities([{ sku: skus[1]!, quantity: 20 }]);
    expect((await inventory(sim))[skus[1]!]).toBe(20);
  });

  it("waits out 429s by their Retry-After and loses nothing", async () => {
    sim = await startTinyShipStation({ requestsPerMinute: 30 });
    const skus = Object.keys(await inventory(sim)).slice(0, 36);
    const results = await shipStationConnector(sim).pushQuantities(skus.map((sku) => ({ sku, quantity: 7 })));
    expect(results.every((result) => result.outcome === "accepted")).toBe(true);
    expect(sim.state.counters.throttled).toBeGreaterThan(0);
    const truth = await inventory(sim);
    expect(skus.every((sku) => truth[sku] === 7)).toBe(true);
  }, 60_000);

  it("reports a SKU ShipStation never answers for as unanswered and still pushes the others; answering for none fails the batch", async () => {
    sim = await startTinyShipStation();
    const skus = Object.keys(await inventory(sim)).slice(0, 6);
    await simJson(`${sim.url}/__sim/faults`, { method: "PUT", body: JSON.stringify({ unavailableSkus: [skus[2]] }) });
    const results = await shipStationConnector(sim).pushQuantities(skus.map((sku) => ({ sku, quantity: 17 })));
    expect(results).toEqual(
      skus.map((sku, index) =>
        index === 2 ? { sku, outcome: "unanswered", message: expect.stringContaining("503") } : { sku, outcome: "accepted" },
      ),
    );
    const truth = await inventory(sim);
    expect(skus.filter((_, index) => index !== 2).every((sku) => truth[sku] === 17)).toBe(true);
    await simJson(`${sim.url}/__sim/faults`, { method: "PUT", body: JSON.stringify({ unavailableSkus: skus }) });
    await expect(shipStationConnector(sim).pushQuantities(skus.map((sku) => ({ sku, quantity: 18 })))).rejects.toBeInstanceOf(
      ChannelUnavailableError,
    );
  }, 120_000);

  it("reports a rejected SKU with ShipStation's error", async () => {
    sim = await startTinyShipStation({ faults: { errorRate: 0.3 } });
    const results = await shipStationConnector(sim).pushQuantities([{ sku: "NOT-IN-SHIPSTATION", quantity: 1 }]);
    expect(results).toEqual([{ sku: "NOT-IN-SHIPSTATION", outcome: "rejected", message: expect.stringContaining("invalid_identifier") }]);
  });
});
