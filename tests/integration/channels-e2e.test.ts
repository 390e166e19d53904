/**
 * Channels end to end over real HTTP: install and full sync of the demo shop (Shopify simulator),
 * both channels connected through POST /api/channels (the demo accounts), the runner driving
 * push-channel through /api/inngest, and every mapped SKU on each channel simulator equal to what
 * Shopify says is sellable; an inventory webhook reaching both channels; Amazon in an outage while
 * ShipStation keeps receiving updates, Amazon's circuit opening, then converging after recovery.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAmazonSim, type AmazonSimHandle } from "../../dev/amazon-sim/index.ts";
import { startShipStationSim, type ShipStationSimHandle } from "../../dev/shipstation-sim/index.ts";
import { expectedVariantQuantity } from "./helpers/channel-fixtures";
import { queryRows, truncateAppTables } from "./helpers/database";
import { browse, BROWSER_UA, CookieJar, startStack, waitFor, type Stack } from "./helpers/stack";

let stack: Stack;
let amazon: AmazonSimHandle;
let shipStation: ShipStationSimHandle;
let merchant: CookieJar;
const channelIds: Record<"amazon" | "shipstation", string> = { amazon: "", shipstation: "" };

interface Listing {
  sku: string;
  variantId: string | null;
  mapped: boolean;
  fba: boolean;
  desired: number | null;
  acknowledged: number | null;
  error: string | null;
}

const api = async (path: string, init: RequestInit = {}) =>
  fetch(`${stack.app.url}${path}`, {
    ...init,
    headers: { cookie: merchant.header(stack.app.url), "user-agent": BROWSER_UA, "content-type": "application/json", ...init.headers },
  });
const simInventory = async (url: string) => (await (await fetch(`${url}/__sim/inventory`)).json()) as Record<string, number>;
const listingsOf = async (id: string) => ((await (await api(`/api/channels/${id}/listings`)).json()) as { listings: Listing[] }).listings;

/** Every mapped, non-FBA listing's expected quantity from the Shopify simulator's ground truth. */
async function expectedOn(channelId: string): Promise<Record<string, number>> {
  const expected: Record<string, number> = {};
  for (const listing of await listingsOf(channelId)) {
    if (!listing.mapped || listing.fba || !listing.variantId) continue;
    const quantity = expectedVariantQuantity(stack.sim.store, listing.sku);
    if (quantity !== null) expected[listing.sku] = quantity;
  }
  return expected;
}

async function converged(simUrl: string, channelId: string, timeoutMs = 120_000): Promise<Record<string, number>> {
  return waitFor(
    async () => {
      const expected = await expectedOn(channelId);
      const truth = await simInventory(simUrl);
      const ok = Object.keys(expected).length > 5 && Object.entries(expected).every(([sku, quantity]) => truth[sku] === quantity);
      return ok ? expected : undefined;
    },
    timeoutMs,
    `every mapped SKU on ${simUrl} to equal Shopify's available`,
  );
}

beforeAll(async () => {
  await truncateAppTables();
  amazon = await startAmazonSim({ port: 0, size: "tiny", seed: 1, share: 0.3, applyDelayMs: 20 });
  shipStation = await startShipStationSim({ port: 0, size: "tiny", seed: 1, share: 0.3 });
  stack = await startStack({
    runnerSchema: "runner_channels_e2e",
    sim: { seed: 1 },
    appEnv: {
      AMAZON_SP_API_ORIGIN: amazon.url,
      AMAZON_LWA_ORIGIN: amazon.url,
      SHIPSTATION_API_ORIGIN: shipStation.url,
      CHANNEL_REQUEST_ATTEMPTS: "2",
      CHANNEL_CIRCUIT_THRESHOLD: "2",
      CHANNEL_CIRCUIT_COOLDOWN_SECONDS: "3",
    },
  });
  merchant = new CookieJar();
  await browse(`${stack.app.url}/api/auth/shopify/install?shop=${stack.sim.demoShop}`, merchant);
  await waitFor(
    async () => {
      const status = (await (await api("/api/sync/status")).json()) as { status: string };
      if (status.status === "FAILED") throw new Error("sync failed");
      return status.status === "COMPLETED" ? status : undefined;
    },
    120_000,
    "the full sync",
  );
}, 300_000);

afterAll(async () => {
  await stack?.stop();
  await amazon?.stop();
  await shipStation?.stop();
});

describe("channels end to end", () => {
  it("connects both demo accounts and brings every mapped SKU on each channel to Shopify's quantity", async () => {
    const refused = await api("/api/channels", {
      method: "POST",
      body: JSON.stringify({ kind: "amazon", name: "x", credentials: { apiKey: "k" } }),
    });
    expect(refused.status).toBe(400);
    for (const [kind, credentials, name] of [
      ["amazon", amazon.account, "Amazon US"],
      ["shipstation", shipStation.account, "ShipStation"],
    ] as const) {
      const response = await api("/api/channels", { method: "POST", body: JSON.stringify({ kind, name, credentials }) });
      expect(response.status).toBe(201);
      channelIds[kind] = ((await response.json()) as { id: string }).id;
    }
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
