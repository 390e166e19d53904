import type { AddressInfo } from "node:net";
import { NO_CHANNEL_FAULTS, type ChannelFaultsPatch } from "../channel-sim-kit/faults.ts";
import { TokenBucket } from "../channel-sim-kit/token-bucket.ts";
import type { StoreSize } from "../shopify-sim/generator.ts";
import { Random } from "../shopify-sim/random.ts";
import { DEMO_SHIPSTATION_ACCOUNT, ShipStationAccount } from "./account.ts";
import { createShipStationServer, type ShipStationSimState } from "./server.ts";

/** ShipStation's documented default: 200 requests per minute per API key. */
export const REQUESTS_PER_MINUTE = 200;

export interface ShipStationSimOptions {
  /** 0 picks a free port. Default 4300. */
  port?: number;
  host?: string;
  /** The Shopify simulator's store size and seed the demo SKUs derive from. Default demo, 1. */
  size?: StoreSize;
  seed?: number;
  /** Share of the demo shop's SKUs stocked (0..1). Default 0.125. */
  share?: number;
  /** Requests per minute (and burst). Default 200. */
  requestsPerMinute?: number;
  /** The bucket's size, when it should differ from requestsPerMinute (a test that must meet the limit soon). */
  burst?: number;
  faults?: ChannelFaultsPatch;
}

export interface ShipStationSimHandle {
  url: string;
  port: number;
  account: typeof DEMO_SHIPSTATION_ACCOUNT;
  state: ShipStationSimState;
  stop(): Promise<void>;
}

export async function startShipStationSim(options: ShipStationSimOptions = {}): Promise<ShipStationSimHandle> {
  const perMinute = options.requestsPerMinute ?? REQUESTS_PER_MINUTE;
  const random = new Random(43);
  const state: ShipStationSimState = {
    account: new ShipStationAccount({ size: options.size ?? "demo", seed: options.seed ?? 1, share: options.share ?? 0.125 }),
    faults: { ...NO_CHANNEL_FAULTS, ...options.faults },
    bucket: new TokenBucket(perMinute / 60, options.burst ?? perMinute),
    counters: { requests: 0, throttled: 0, byRoute: {} },
    random: () => random.next(),
  };
  const server = createShipStationServer(state);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4300, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    port,
    account: DEMO_SHIPSTATION_ACCOUNT,
    state,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export { DEMO_SHIPSTATION_ACCOUNT } from "./account.ts";
