/**
 * The whole stack with both channel simulators (Amazon :0, ShipStation :0) wired through the
 * app's origin env vars, the demo shop installed and fully synced, and a merchant session; plus
 * the reads channel tests share (the channels' ground truth, listings, convergence).
 */
import { startAmazonSim, type AmazonSimHandle } from "../../../dev/amazon-sim/index.ts";
import { startShipStationSim, type ShipStationSimHandle } from "../../../dev/shipstation-sim/index.ts";
import { expectedVariantQuantity } from "./channel-fixtures";
import { truncateAppTables } from "./database";
import { browse, BROWSER_UA, CookieJar, startStack, waitFor, type Stack } from "./stack";

export interface ChannelListingView {
  sku: string;
  variantId: string | null;
  mapped: boolean;
  fba: boolean;
  desired: number | null;
  acknowledged: number | null;
  error: string | null;
}

export interface ChannelStack {
  stack: Stack;
  amazon: AmazonSimHandle;
  shipStation: ShipStationSimHandle;
  merchant: CookieJar;
  api(path: string, init?: RequestInit): Promise<Response>;
  listingsOf(channelId: string): Promise<ChannelListingView[]>;
  /** Connects both demo accounts through POST /api/channels; returns their ids. */
  connectBoth(names?: { amazon: string; shipstation: string }): Promise<Record<"amazon" | "shipstation", string>>;
  /** Waits until every mapped SKU on the simulator equals Shopify's available (the Shopify simulator's truth). */
  converged(simUrl: string, channelId: string, timeoutMs?: number): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export const simInventory = async (url: string) => (await (await fetch(`${url}/__sim/inventory`)).json()) as Record<string, number>;

export async function startChannelStack(options: { runnerSchema: string; appEnv?: Record<string, string> }): Promise<ChannelStack> {
  await truncateAppTables();
  const amazon = await startAmazonSim({ port: 0, size: "tiny", seed: 1, share: 0.3, applyDelayMs: 20 });
  const shipStation = await startShipStationSim({ port: 0, size: "tiny", seed: 1, share: 0.3 });
  const stack = await startStack({
    runnerSchema: options.runnerSchema,
    sim: { seed: 1 },
    appEnv: {
      AMAZON_SP_API_ORIGIN: amazon.url,
      AMAZON_LWA_ORIGIN: amazon.url,
      SHIPSTATION_API_ORIGIN: shipStation.url,
      ...options.appEnv,
    },
  });
  const merchant = new CookieJar();
  const api = async (path: string, init: RequestInit = {}) =>
    fetch(`${stack.app.url}${path}`, {
      ...init,
      headers: { cookie: merchant.header(stack.app.url), "user-agent": BROWSER_UA, "content-type": "application/json", ...init.headers },
    });
  const listingsOf = async (id: string) =>
    ((await (await api(`/api/channels/${id}/listings`)).json()) as { listings: ChannelListingView[] }).listings;

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

  return {
    stack,
    amazon,
    shipStation,
    merchant,
    api,
    listingsOf,
    async connectBoth(names = { amazon: "Amazon US", shipstation: "ShipStation" }) {
      const ids = { amazon: "", shipstation: "" };
      for (const [kind, credentials] of [
        ["amazon", amazon.account],
        ["shipstation", shipStation.account],
      ] as const) {
        const response = await api("/api/channels", { method: "POST", body: JSON.stringify({ kind, name: names[kind], credentials }) });
        if (response.status !== 201) throw new Error(`connecting ${kind}: ${response.status} ${await response.text()}`);
        ids[kind] = ((await response.json()) as { id: string }).id;
      }
      return ids;
    },
    converged: (simUrl, channelId, timeoutMs = 120_000) =>
      waitFor(
        async () => {
          const expected = await expectedOn(channelId);
          const truth = await simInventory(simUrl);
          const ok = Object.keys(expected).length > 5 && Object.entries(expected).every(([sku, quantity]) => truth[sku] === quantity);
          return ok ? expected : undefined;
        },
        timeoutMs,
        `every mapped SKU on ${simUrl} to equal Shopify's available`,
      ),
    async stop() {
      await stack.stop();
      await amazon.stop();
      await shipStation.stop();
    },
  };
}
