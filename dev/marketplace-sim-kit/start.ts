/** Starts a marketplace simulator's HTTP server over fresh state (shared by Shopee and TikTok Shop). */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { NO_CHANNEL_FAULTS, type ChannelFaultsPatch } from "../channel-sim-kit/faults.ts";
import { TokenBucket } from "../channel-sim-kit/token-bucket.ts";
import { Random } from "../shopify-sim/random.ts";
import { MarketplaceCatalog } from "./catalog.ts";
import { Notifier } from "./notifier.ts";
import { ShopAuthorizations } from "./shop-auth.ts";
import type { MarketplaceSimState } from "./sim-state.ts";

export interface MarketplaceSimOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Seconds an access token lives. */
  tokenLifetime?: number;
  /** Requests per second per shop, and the burst (the platforms' real figures are unverified). */
  requestsPerSecond?: number;
  burst?: number;
  /** Where notifications go (the app's registered URL); settable later with PUT /__sim/app. */
  notificationUrl?: string;
  redirectUrl?: string;
  /** Milliseconds a new listing is under review. Default 0 (the verdict at once). */
  reviewDelayMs?: number;
  /** False: Shopee pushes carry no `msg_id` (whether the real ones do is unverified). Default true. */
  pushMessageIds?: boolean;
  /** Pauses between notification retries. */
  notificationRetryDelaysMs?: number[];
  faults?: ChannelFaultsPatch;
}

export interface MarketplaceSimHandle {
  url: string;
  port: number;
  state: MarketplaceSimState;
  stop(): Promise<void>;
}

export interface PlatformDefaults {
  defaultPort: number;
  tokenPrefix: string;
  tokenLifetime: number;
  refreshLifetime: number;
  firstItemId: bigint;
  firstSkuId: bigint;
  seed: number;
}

export async function startMarketplaceSim(
  platform: PlatformDefaults,
  createServer: (state: MarketplaceSimState) => Server,
  options: MarketplaceSimOptions,
): Promise<MarketplaceSimHandle> {
  const random = new Random(platform.seed);
  const rate = options.requestsPerSecond ?? 10;
  const state: MarketplaceSimState = {
    catalog: new MarketplaceCatalog(platform.firstItemId, platform.firstSkuId),
    auth: new ShopAuthorizations(platform.tokenPrefix, options.tokenLifetime ?? platform.tokenLifetime, platform.refreshLifetime),
    notifier: new Notifier(options.notificationUrl, options.notificationRetryDelaysMs, () => random.next()),
    faults: { ...NO_CHANNEL_FAULTS, ...options.faults },
    bucket: new TokenBucket(rate, options.burst ?? rate * 2),
    counters: { requests: 0, throttled: 0, rejectedSignatures: 0, byRoute: {} },
    random: () => random.next(),
    redirectUrl: options.redirectUrl,
    reviewDelayMs: options.reviewDelayMs ?? 0,
    pushMessageIds: options.pushMessageIds ?? true,
  };
  const server = createServer(state);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? platform.defaultPort, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    port,
    state,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The command-line flags both simulators take. */
export const MARKETPLACE_SIM_FLAGS = {
  port: { type: "string" },
  host: { type: "string", default: "127.0.0.1" },
  "token-lifetime": { type: "string" },
  "requests-per-second": { type: "string", default: "10" },
  burst: { type: "string" },
  "push-without-msg-id": { type: "boolean", default: false },
  "notification-url": { type: "string" },
  "redirect-url": { type: "string" },
  "review-delay-ms": { type: "string", default: "0" },
  help: { type: "boolean", default: false },
} as const;

export function optionsFromFlags(values: Record<string, string | boolean | undefined>, defaultPort: number): MarketplaceSimOptions {
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  return {
    port: Number(text("port") ?? defaultPort),
    host: text("host"),
    tokenLifetime: text("token-lifetime") ? Number(text("token-lifetime")) : undefined,
    requestsPerSecond: Number(text("requests-per-second") ?? 10),
    burst: text("burst") ? Number(text("burst")) : undefined,
    pushMessageIds: values["push-without-msg-id"] !== true,
    notificationUrl: text("notification-url"),
    redirectUrl: text("redirect-url"),
    reviewDelayMs: Number(text("review-delay-ms") ?? 0),
  };
}
