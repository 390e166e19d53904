/**
 * The stack of the marketplace tests: the Shopee and TikTok Shop simulators (their notifications
 * registered to the app's channel webhook routes), the app with the demo shop installed and synced,
 * and both marketplaces connected by authorization, as a merchant does it.
 */
import { startShopeeSim } from "../../../dev/shopee-sim/index.ts";
import { startTikTokSim } from "../../../dev/tiktok-sim/index.ts";
import type { MarketplaceSimHandle, MarketplaceSimOptions } from "../../../dev/marketplace-sim-kit/start.ts";
import { freePort } from "../../../dev/db/embedded";
import { startShopifySim } from "../../../dev/shopify-sim/index";
import { startApp, TEST_APP_ENV, type RunningApp } from "./app-server";
import { truncateAppTables } from "./database";
import { spawnRunner, type RunnerProcess } from "./runner-process";
import { browse, BROWSER_UA, CookieJar, startStack, waitFor } from "./stack";

export type MarketplaceKind = "shopee" | "tiktok";
export const MARKETPLACE_KINDS: readonly MarketplaceKind[] = ["shopee", "tiktok"];

export const DEMO_MARKETPLACE_APPS = {
  shopee: { partnerId: "2001234", partnerKey: "shopee-demo-partner-key", shopId: 100001 },
  tiktok: { appKey: "6demoappkey", appSecret: "tiktok-demo-app-secret", shopId: "7494000000000000001" },
} as const;

export interface SimItem {
  id: string;
  title: string;
  description: string;
  status: string;
  rejectReasons: string[];
  skus: { id: string; sku: string; price: string; stock: number }[];
}

export interface CatalogListing {
  productId: string;
  externalId: string | null;
  status: string;
  rejectReasons: string[];
  version: number;
  publishedVersion: number;
}

export interface MarketplaceStack {
  /** The app's URL (a restarted app comes back on the same port). */
  appUrl: string;
  /** The app; replaced by its restart. */
  app: RunningApp;
  /** The runner as a child process (kill -9, SIGSTOP), when asked for. */
  runnerProcess?: RunnerProcess;
  sims: Record<MarketplaceKind, MarketplaceSimHandle>;
  channelIds: Record<MarketplaceKind, string>;
  merchant: CookieJar;
  api(path: string, init?: RequestInit): Promise<Response>;
  simItems(kind: MarketplaceKind): Promise<SimItem[]>;
  catalog(kind: MarketplaceKind): Promise<CatalogListing[]>;
  /** Publishes the catalogue and waits until every listing is published at its latest version. */
  publishAll(kind: MarketplaceKind): Promise<CatalogListing[]>;
  stop(): Promise<void>;
}

export async function startMarketplaceStack(options: {
  runnerSchema: string;
  simOptions?: MarketplaceSimOptions;
  appEnv?: Record<string, string>;
  /** Run the Inngest runner as a child process (for crash tests) instead of in this process. */
  runnerAsProcess?: boolean;
}): Promise<MarketplaceStack> {
  await truncateAppTables();
  const sims = {
    shopee: await startShopeeSim({ port: 0, notificationRetryDelaysMs: [200, 1_000], ...options.simOptions }),
    tiktok: await startTikTokSim({ port: 0, notificationRetryDelaysMs: [200, 1_000], ...options.simOptions }),
  };
  const appEnv = {
    SHOPEE_API_ORIGIN: sims.shopee.url,
    TIKTOK_API_ORIGIN: sims.tiktok.url,
    TIKTOK_AUTH_ORIGIN: sims.tiktok.url,
    SHOPEE_PARTNER_ID: DEMO_MARKETPLACE_APPS.shopee.partnerId,
    SHOPEE_PARTNER_KEY: DEMO_MARKETPLACE_APPS.shopee.partnerKey,
    TIKTOK_APP_KEY: DEMO_MARKETPLACE_APPS.tiktok.appKey,
    TIKTOK_APP_SECRET: DEMO_MARKETPLACE_APPS.tiktok.appSecret,
    // The app runs as in production: listings without their own category go to these.
    SHOPEE_DEFAULT_CATEGORY_ID: "100001",
    TIKTOK_DEFAULT_CATEGORY_ID: "600001",
    ...options.appEnv,
  };
  let stack: { app: RunningApp; demoShop: string; stop(): Promise<void>; runnerProcess?: RunnerProcess };
  if (options.runnerAsProcess) {
    const shopify = await startShopifySim({
      port: 0,
      size: "tiny",
      seed: 1,
      bulkObjectsPerSecond: Number.POSITIVE_INFINITY,
      bulkStartDelayMs: 20,
      webhookRetryScale: 0.0001,
      apiKey: TEST_APP_ENV.SHOPIFY_API_KEY,
      apiSecret: TEST_APP_ENV.SHOPIFY_API_SECRET,
    });
    // The runner listens on a port the app knows from the start; the app comes back on its own port after a kill.
    const runnerPort = await freePort();
    const app = await startApp({ ...appEnv, SHOPIFY_API_ORIGIN: shopify.url, INNGEST_DEV: `http://localhost:${runnerPort}` });
    const runnerProcess = await spawnRunner({
      port: runnerPort,
      schema: options.runnerSchema,
      appUrls: [`${app.url}/api/inngest`],
      resyncMs: 0,
    });
    await waitFor(
      async () =>
        ((await (await fetch(`${runnerProcess.url}/v1/functions`)).json()) as { data: { id: string }[] }).data.find((f) =>
          f.id.endsWith("publish-channel"),
        ),
      30_000,
      "the runner to register the app's functions",
    );
    stack = {
      app,
      demoShop: shopify.demoShop,
      runnerProcess,
      async stop() {
        await result.app.kill();
        await result.runnerProcess?.kill();
        await shopify.stop();
      },
    };
  } else {
    const inProcess = await startStack({ runnerSchema: options.runnerSchema, sim: { seed: 1 }, appEnv });
    stack = { app: inProcess.app, demoShop: inProcess.sim.demoShop, stop: () => inProcess.stop() };
  }
  for (const kind of MARKETPLACE_KINDS) {
    await fetch(`${sims[kind].url}/__sim/app`, {
      method: "PUT",
      body: JSON.stringify({
        notificationUrl: `${stack.app.url}/api/webhooks/channels/${kind}`,
        ...(kind === "tiktok" ? { redirectUrl: `${stack.app.url}/api/channels/connect/callback/tiktok` } : {}),
      }),
    });
  }
  const merchant = new CookieJar();
  const api = async (path: string, init: RequestInit = {}) =>
    fetch(`${stack.app.url}${path}`, {
      ...init,
      headers: { cookie: merchant.header(stack.app.url), "user-agent": BROWSER_UA, "content-type": "application/json", ...init.headers },
    });
  await browse(`${stack.app.url}/api/auth/shopify/install?shop=${stack.demoShop}`, merchant);
  await waitFor(
    async () => {
      const status = (await (await api("/api/sync/status")).json()) as { status: string };
      if (status.status === "FAILED") throw new Error("sync failed");
      return status.status === "COMPLETED" ? status : undefined;
    },
    180_000,
    "the full sync",
  );
  const channelIds = { shopee: "", tiktok: "" };
  for (const kind of MARKETPLACE_KINDS) {
    await browse(`${stack.app.url}/api/channels/connect?kind=${kind}`, merchant);
    const { channels } = (await (await api("/api/channels")).json()) as { channels: { id: string; kind: string }[] };
    channelIds[kind] = channels.find((channel) => channel.kind === kind)!.id;
  }
  const catalog = async (kind: MarketplaceKind) =>
    ((await (await api(`/api/channels/${channelIds[kind]}/catalog`)).json()) as { listings: CatalogListing[] }).listings;
  const result: MarketplaceStack = {
    appUrl: stack.app.url,
    app: stack.app,
    runnerProcess: stack.runnerProcess,
    sims,
    channelIds,
    merchant,
    api,
    catalog,
    simItems: async (kind) => ((await (await fetch(`${sims[kind].url}/__sim/items`)).json()) as { items: SimItem[] }).items,
    async publishAll(kind) {
      const response = await api(`/api/channels/${channelIds[kind]}/publish`, { method: "POST" });
      if (response.status !== 202) throw new Error(`publish answered ${response.status}: ${await response.text()}`);
      return waitFor(
        async () => {
          const listings = await catalog(kind);
          return listings.length > 0 && listings.every((listing) => listing.publishedVersion === listing.version) ? listings : undefined;
        },
        180_000,
        `every ${kind} listing published`,
      );
    },
    async stop() {
      await stack.stop();
      await sims.shopee.stop();
      await sims.tiktok.stop();
    },
  };
  return result;
}
