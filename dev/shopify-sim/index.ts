import type { AddressInfo } from "node:net";
import { DEFAULT_SCOPES } from "./control-api.ts";
import type { FaultsPatch } from "./faults.ts";
import type { StoreSize } from "./generator.ts";
import { createSimServer } from "./server.ts";
import type { ShopState } from "./shop-state.ts";
import { Simulator } from "./simulator.ts";
import { persistSimulator, saveDemoToken, savedDemoToken } from "./state/sim-state.ts";
import type { ShopStore } from "./store/shop-store.ts";
import type { PlanOption } from "./throttle.ts";

export const DEMO_SHOP = "demo.myshopify.com";
export const DEFAULT_API_KEY = "shopsync-demo-key";
export const DEFAULT_API_SECRET = "shopsync-demo-secret";

export interface ShopifySimOptions {
  /** 0 picks a free port. Default 4100. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  size?: StoreSize;
  seed?: number;
  /** Default: env SHOPIFY_API_KEY, else shopsync-demo-key. */
  apiKey?: string;
  /** Default: env SHOPIFY_API_SECRET, else shopsync-demo-secret. */
  apiSecret?: string;
  /** Plan of every shop (standard, advanced, plus, enterprise, or custom limits). Default standard. */
  plan?: PlanOption;
  /** Expiring offline token lifetime. Default 3600. */
  tokenLifetimeSeconds?: number;
  /** Refresh token lifetime. Default 90 days. */
  refreshTokenLifetimeSeconds?: number;
  /** Authorization code lifetime. Default 600. */
  codeLifetimeSeconds?: number;
  /** redirect_uri prefixes the OAuth authorize step accepts; default any. */
  allowedRedirectUrls?: string[];
  /** Bulk operation speed in objects per second. Default 5000; Infinity for tests. */
  bulkObjectsPerSecond?: number;
  /** Time a bulk operation stays CREATED. Default 500 ms. */
  bulkStartDelayMs?: number;
  /** Multiplies webhook retry delays (1 = Shopify's ~4 h schedule; 0.0001 for tests). Default 1. */
  webhookRetryScale?: number;
  /** Time a webhook subscriber has to answer. Default 5000 ms. */
  webhookTimeoutMs?: number;
  /** Base URL for absolute links (bulk result files). Default http://localhost:<port>. */
  publicUrl?: string;
  /** Anchor of generated timestamps. Default today 00:00 UTC on Shopify's clock. */
  now?: Date;
  /** Shopify's clock minus the host's (clock skew), ms. Default 0. `control.clock.advance(ms)` lets time pass. */
  clockOffsetMs?: number;
  /** Scopes of the pre-issued demo token. */
  demoScopes?: string[];
  /** Faults applied to every shop at start. */
  faults?: FaultsPatch;
  /**
   * Keep what Shopify would keep (tokens, subscriptions, every change to the stores) in this
   * directory, and restore it at start. Default: nothing is kept, everything lives in memory.
   */
  stateDir?: string;
  /**
   * Clock of the leaky buckets, in milliseconds (monotonic). Default performance.now; a test
   * passes its own to decide exactly how much time passes between requests.
   */
  throttleClock?: () => number;
}

export interface ShopifySimHandle {
  url: string;
  port: number;
  demoShop: string;
  /** Non-expiring access token pre-issued for the demo shop. */
  demoAccessToken: string;
  apiKey: string;
  apiSecret: string;
  /** The demo shop's records (ground truth for tests). */
  store: ShopStore;
  /** The demo shop's state (faults, plan, buckets). */
  shop: ShopState;
  /** In-process control: every /__sim route is a method here (createProduct, setFaults, counts, ...). */
  control: Simulator;
  stop(): Promise<void>;
}

export async function startShopifySim(options: ShopifySimOptions = {}): Promise<ShopifySimHandle> {
  const apiKey = options.apiKey ?? (process.env["SHOPIFY_API_KEY"] || DEFAULT_API_KEY);
  const apiSecret = options.apiSecret ?? (process.env["SHOPIFY_API_SECRET"] || DEFAULT_API_SECRET);
  let publicUrl = options.publicUrl ?? "";
  const sim = new Simulator({
    apiKey,
    apiSecret,
    size: options.size ?? "demo",
    seed: options.seed ?? 1,
    plan: options.plan ?? "standard",
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    refreshTokenLifetimeSeconds: options.refreshTokenLifetimeSeconds ?? 90 * 86_400,
    codeLifetimeSeconds: options.codeLifetimeSeconds ?? 600,
    allowedRedirectUrls: options.allowedRedirectUrls ?? null,
    bulkObjectsPerSecond: options.bulkObjectsPerSecond ?? 5_000,
    bulkStartDelayMs: options.bulkStartDelayMs ?? 500,
    webhookRetryScale: options.webhookRetryScale ?? 1,
    webhookTimeoutMs: options.webhookTimeoutMs ?? 5_000,
    now: options.now,
    clockOffsetMs: options.clockOffsetMs,
    faults: options.faults ?? {},
    publicUrl: () => publicUrl,
    throttleClock: options.throttleClock,
  });
  const journal = options.stateDir ? persistSimulator(sim, options.stateDir) : null;
  const server = createSimServer(sim);
  let shop: ShopState;
  let token: string;
  try {
    shop = sim.shops.get(DEMO_SHOP) ?? sim.addShop(DEMO_SHOP);
    if (journal) checkSameStore(sim, options, journal.dir);
    const scopes = options.demoScopes ?? DEFAULT_SCOPES;
    token = (journal && savedDemoToken(sim, journal, DEMO_SHOP, scopes)) || sim.oauth.issue(DEMO_SHOP, scopes, false).access_token;
    if (journal) saveDemoToken(journal, DEMO_SHOP, token);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 4100, options.host ?? "127.0.0.1", () => resolve());
    });
  } catch (error) {
    sim.stop();
    journal?.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  if (!publicUrl) publicUrl = url;
  return {
    url,
    port,
    demoShop: DEMO_SHOP,
    demoAccessToken: token,
    apiKey,
    apiSecret,
    store: shop.store,
    shop,
    control: sim,
    stop: async () => {
      sim.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      journal?.close();
    },
  };
}

/** A kept demo store must be the one these options would generate, or the records would not fit it. */
function checkSameStore(sim: Simulator, options: ShopifySimOptions, stateDir: string): void {
  const kept = sim.creations.get(DEMO_SHOP)!;
  const wanted = { size: options.size ?? "demo", seed: options.seed ?? 1, now: options.now ?? kept.now };
  if (kept.size === wanted.size && kept.seed === wanted.seed && kept.now.getTime() === wanted.now.getTime()) return;
  throw new Error(
    `${stateDir} holds ${DEMO_SHOP} as generated with size ${kept.size}, seed ${kept.seed}, now ${kept.now.toISOString()}; ` +
      `start with those, or reset the state (npm run db:reset, or delete ${stateDir})`,
  );
}

export { Simulator } from "./simulator.ts";
export { generateStore, type StoreSize } from "./generator.ts";
export { PLANS, type PlanLimits, type PlanOption } from "./throttle.ts";
export type { Faults, FaultsPatch } from "./faults.ts";
export { API_VERSION, loadAdminSchema } from "./schema.ts";
export { DEFAULT_SCOPES } from "./control-api.ts";
