import type { AddressInfo } from "node:net";
import { NO_CHANNEL_FAULTS, type ChannelFaultsPatch } from "../channel-sim-kit/faults.ts";
import { TokenBucket } from "../channel-sim-kit/token-bucket.ts";
import { Random } from "../shopify-sim/random.ts";
import type { StoreSize } from "../shopify-sim/generator.ts";
import { AmazonAccount, DEMO_AMAZON_ACCOUNT } from "./account.ts";
import { FeedService } from "./feeds.ts";
import { createAmazonServer, OPERATION_LIMITS, type AmazonSimState, type Operation } from "./server.ts";

export interface AmazonSimOptions {
  /** 0 picks a free port. Default 4200. */
  port?: number;
  host?: string;
  /** The Shopify simulator's store size and seed the demo listings derive from. Default demo, 1. */
  size?: StoreSize;
  seed?: number;
  /** Share of the demo shop's SKUs listed (0..1). Default 0.25. */
  share?: number;
  /** LWA access token lifetime. Default 3600. */
  tokenLifetimeSeconds?: number;
  /** ACCEPTED -> applied. Default 2000 ms. */
  applyDelayMs?: number;
  /** Feed IN_QUEUE and IN_PROGRESS durations. Default 2000 / 3000 ms. */
  feedQueueMs?: number;
  feedProcessMs?: number;
  /** Overrides of the per-operation rate limits (e.g. a faster bucket for benchmarks). */
  limits?: Partial<Record<Operation, { rate: number; burst: number }>>;
  faults?: ChannelFaultsPatch;
  seedFaults?: number;
}

export interface AmazonSimHandle {
  url: string;
  port: number;
  account: typeof DEMO_AMAZON_ACCOUNT;
  state: AmazonSimState;
  stop(): Promise<void>;
}

export async function startAmazonSim(options: AmazonSimOptions = {}): Promise<AmazonSimHandle> {
  const account = new AmazonAccount({
    size: options.size ?? "demo",
    seed: options.seed ?? 1,
    share: options.share ?? 0.25,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    applyDelayMs: options.applyDelayMs ?? 2000,
  });
  let url = "";
  const random = new Random(options.seedFaults ?? 42);
  const state: AmazonSimState = {
    account,
    feeds: undefined as unknown as FeedService,
    faults: { ...NO_CHANNEL_FAULTS, ...options.faults },
    buckets: new Map(
      (Object.keys(OPERATION_LIMITS) as Operation[]).map((operation) => {
        const limit = options.limits?.[operation] ?? OPERATION_LIMITS[operation];
        return [operation, new TokenBucket(limit.rate, limit.burst)];
      }),
    ),
    counters: { requests: 0, throttled: 0, byOperation: {} },
    random: () => random.next(),
  };
  state.feeds = new FeedService(
    account,
    DEMO_AMAZON_ACCOUNT.sellerId,
    { queueMs: options.feedQueueMs ?? 2000, processMs: options.feedProcessMs ?? 3000 },
    () => url,
    () => state.faults.invalidSkus,
  );
  const server = createAmazonServer(state);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4200, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://localhost:${port}`;
  return {
    url,
    port,
    account: DEMO_AMAZON_ACCOUNT,
    state,
    stop: async () => {
      account.stop();
      state.feeds.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export { DEMO_AMAZON_ACCOUNT } from "./account.ts";
