/**
 * Channels end to end over real HTTP: install and full sync of the demo shop (Shopify simulator),
 * both channels connected through POST /api/channels (the demo accounts), the runner driving
 * push-channel through /api/inngest, and every mapped SKU on each channel simulator equal to what
 * Shopify says is sellable; an inventory webhook reaching both channels; Amazon in an outage while
 * ShipStation keeps receiving updates, Amazon's circuit opening, then converging after recovery.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedVariantQuantity } from "./helpers/channel-fixtures";
import { queryRows } from "./helpers/database";
import { simInventory, startChannelStack, type ChannelStack } from "./helpers/channel-stack";
import { waitFor } from "./helpers/stack";

let setup: ChannelStack;
let channelIds: Record<"amazon" | "shipstation", string> = { amazon: "", shipstation: "" };

beforeAll(async () => {
  setup = await startChannelStack({
    runnerSchema: "runner_channels_e2e",
    appEnv: { CHANNEL_REQUEST_ATTEMPTS: "2", CHANNEL_CIRCUIT_THRESHOLD: "2", CHANNEL_CIRCUIT_COOLDOWN_SECONDS: "3" },
  });
}, 300_000);

afterAll(async () => {
  await setup?.stop();
});

describe("channels end to end", () => {
  it("connects both demo accounts and brings every mapped SKU on each channel to Shopify's quantity", async () => {
    const { api, amazon, shipStation, listingsOf, converged } = setup;
    const refused = await api("/api/channels", {
      method: "POST",
      body: JSON.stringify({ kind: "amazon", name: "x", credentials: { apiKey: "k" } }),
    });
    expect(refused.status).toBe(400);
    channelIds = await setup.connectBoth();
    await converged(amazon.url, channelIds.amazon);
    await converged(shipStation.url, channelIds.shipstation);

    const amazonListings = await listingsOf(channelIds.amazon);
    expect(amazonListings.some((listing) => listing.fba && listing.desired === null)).toBe(true);
    expect(amazonListings.some((listing) => !listing.mapped && listing.sku.startsWith("AMZ-LEGACY"))).toBe(true);
    const { channels } = (await (await api("/api/channels")).json()) as {
      channels: { id: string; kind: string; circuitState: string; lastPushAt: string | null }[];
    };
    expect(channels.map((channel) => [channel.kind, channel.circuitState, channel.lastPushAt !== null])).toEqual([
      ["amazon", "closed", true],
      ["shipstation", "closed", true],
    ]);
  }, 240_000);

  it("follows an inventory webhook on both channels; Amazon's outage opens its circuit while ShipStation keeps receiving; all converge after recovery", async () => {
    const { api, amazon, shipStation, listingsOf, converged, stack } = setup;
    const onAmazon = new Set(
      (await listingsOf(channelIds.amazon)).filter((l) => l.mapped && !l.fba && l.desired !== null).map((l) => l.sku),
    );
    const shared = (await listingsOf(channelIds.shipstation))
      .filter((l) => l.mapped && l.desired !== null && onAmazon.has(l.sku))
      .map((l) => l.sku);
    expect(shared.length).toBeGreaterThan(1);
    const setLevel = async (sku: string, quantity: number) => {
      const variant = [...stack.sim.store.variants.values()].find((v) => v.sku === sku)!;
      const level = stack.sim.store.levelsOfItem(variant.inventoryItemId)[0]!;
      const response = await fetch(`${stack.sim.url}/__sim/shops/${stack.sim.demoShop}/inventory-levels`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          inventoryItemId: `gid://shopify/InventoryItem/${variant.inventoryItemId}`,
          locationId: `gid://shopify/Location/${level.locationId}`,
          quantity,
        }),
      });
      expect(response.status).toBe(200);
      return expectedVariantQuantity(stack.sim.store, sku)!;
    };

    const first = await setLevel(shared[0]!, 321);
    await waitFor(
      async () => ((await simInventory(amazon.url))[shared[0]!] === first ? true : undefined),
      90_000,
      "Amazon to follow the webhook",
    );
    await waitFor(
      async () => ((await simInventory(shipStation.url))[shared[0]!] === first ? true : undefined),
      90_000,
      "ShipStation to follow the webhook",
    );

    await fetch(`${amazon.url}/__sim/faults`, { method: "PUT", body: JSON.stringify({ outage: true }) });
    const second = await setLevel(shared[1]!, 123);
    await waitFor(
      async () => ((await simInventory(shipStation.url))[shared[1]!] === second ? true : undefined),
      90_000,
      "ShipStation to follow during Amazon's outage",
    );
    await waitFor(
      async () => {
        const { channels } = (await (await api("/api/channels")).json()) as { channels: { kind: string; circuitState: string }[] };
        return channels.find((channel) => channel.kind === "amazon")?.circuitState === "open" ? true : undefined;
      },
      90_000,
      "Amazon's circuit to open",
    );
    expect((await simInventory(amazon.url))[shared[1]!]).not.toBe(second);

    await fetch(`${amazon.url}/__sim/faults`, { method: "DELETE" });
    await converged(amazon.url, channelIds.amazon);
    expect((await simInventory(amazon.url))[shared[1]!]).toBe(second);
    await waitFor(
      async () => {
        const { channels } = (await (await api("/api/channels")).json()) as { channels: { kind: string; circuitState: string }[] };
        return channels.find((channel) => channel.kind === "amazon")?.circuitState === "closed" ? true : undefined;
      },
      60_000,
      "Amazon's circuit to close",
    );
    // the shop was told both changes (channel_circuit_changed, through notify-shop)
    const circuitNews = await waitFor(
      async () => {
        const rows = await queryRows<{ facts: { channel: string; state: string } }>(
          `SELECT facts FROM "Notification" WHERE kind = 'channel_circuit_changed' ORDER BY "requestedAt"`,
        );
        return rows.some((row) => row.facts.state.startsWith("closed")) ? rows.map((row) => row.facts) : undefined;
      },
      60_000,
      "the circuit notifications",
    );
    expect(circuitNews.map((facts) => facts.state.split(":")[0])).toEqual(["opened", "closed"]);
    await converged(shipStation.url, channelIds.shipstation);
  }, 300_000);
});
