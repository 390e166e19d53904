/**
 * Inventory changes as Shopify records them (a quantity change moves the level's updatedAt, not its
 * inventory item's, and levels can be listed by updated_at per location), and Shopify's clock
 * (skew from the host's, and time passing on Shopify's side).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ShopifySimHandle } from "../../../dev/shopify-sim/index.ts";
import { control, gql, startTinySim } from "./helpers.ts";

const HOUR = 3_600_000;

let sim: ShopifySimHandle;
beforeAll(async () => {
  sim = await startTinySim({ clockOffsetMs: -2 * HOUR });
});
afterAll(async () => {
  await sim.stop();
});

const firstLevel = (s: ShopifySimHandle) => s.store.inventoryLevels.values().next().value!.values().next().value!;
const within = (iso: string, expectedMs: number, slackMs = 5_000) => Math.abs(Date.parse(iso) - expectedMs) <= slackMs;

describe("inventory levels and Shopify's clock", () => {
  it("a quantity change moves the level's updatedAt, never the inventory item's", async () => {
    const level = firstLevel(sim);
    const item = sim.store.inventoryItems.get(level.inventoryItemId)!;
    const itemUpdatedAt = item.updatedAt;
    const { body } = await gql(
      sim,
      `mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { code message } } }`,
      {
        input: {
          name: "available",
          reason: "correction",
          quantities: [
            {
              inventoryItemId: `gid://shopify/InventoryItem/${level.inventoryItemId}`,
              locationId: `gid://shopify/Location/${level.locationId}`,
              quantity: level.quantities.available + 5,
              changeFromQuantity: level.quantities.available,
            },
          ],
        },
      },
    );
    expect(body.data?.["inventorySetQuantities"]).toEqual({ userErrors: [] });
    expect(item.updatedAt).toBe(itemUpdatedAt);
    expect(Date.parse(level.updatedAt)).toBeGreaterThan(Date.parse(itemUpdatedAt));
    // stamped by Shopify's clock, two hours behind the host's here
    expect(within(level.updatedAt, Date.now() - 2 * HOUR)).toBe(true);

    // what the app reads: the item is unchanged, the level is listed as updated since the change
    const since = new Date(Date.parse(level.updatedAt) - 1_000).toISOString();
    const read = await gql(
      sim,
      `query($item: ID!, $location: ID!, $query: String) {
        inventoryItem(id: $item) { updatedAt }
        location(id: $location) { inventoryLevels(first: 50, query: $query) { nodes { id updatedAt item { id } } } }
      }`,
      {
        item: `gid://shopify/InventoryItem/${level.inventoryItemId}`,
        location: `gid://shopify/Location/${level.locationId}`,
        query: `updated_at:>='${since}'`,
      },
    );
    expect(read.body.errors).toBeUndefined();
    const data = read.body.data as {
      inventoryItem: { updatedAt: string };
      location: { inventoryLevels: { nodes: { updatedAt: string; item: { id: string } }[] } };
    };
    expect(data.inventoryItem.updatedAt).toBe(itemUpdatedAt);
    expect(data.location.inventoryLevels.nodes).toEqual([
      { id: expect.any(String), updatedAt: level.updatedAt, item: { id: `gid://shopify/InventoryItem/${level.inventoryItemId}` } },
    ]);
  });

  it("lets time pass on Shopify's side, forward only, in process and over /__sim/clock", async () => {
    const before = await control(sim, "GET", "/clock");
    expect(before.body["offsetMs"]).toBe(-2 * HOUR);

    sim.control.clock.advance(HOUR);
    const product = [...sim.store.products.values()][0]!;
    sim.control.updateProduct(sim.demoShop, product.id, { title: "Renamed an hour later" });
    expect(within(product.updatedAt, Date.now() - HOUR)).toBe(true);

    const advanced = await control(sim, "POST", "/clock/advance", { ms: HOUR });
    expect(advanced.body["offsetMs"]).toBe(0);
    expect(within(String(advanced.body["now"]), Date.now())).toBe(true);
    expect((await control(sim, "POST", "/clock/advance", { ms: -1 })).status).toBe(422);
    expect(() => sim.control.clock.advance(-1)).toThrow(/only moves forward/);
  });
});
