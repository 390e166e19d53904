/**
 * Connecting Shopee and TikTok Shop as the platforms do it, over real HTTP: GET
 * /api/channels/connect?kind=… sends the merchant to the simulator's authorization page, which
 * approves the demo shop and redirects to the app's callback; the callback checks the state, trades
 * the code and stores the channel, then listed by GET /api/channels. A callback whose state does not
 * match this browser's (a forged or replayed redirect) stores nothing; a second authorization
 * reconnects the same channel instead of adding one.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MarketplaceSimHandle } from "../../dev/marketplace-sim-kit/start.ts";
import { startShopeeSim } from "../../dev/shopee-sim/index.ts";
import { startTikTokSim } from "../../dev/tiktok-sim/index.ts";
import { truncateAppTables } from "./helpers/database";
import { browse, BROWSER_UA, CookieJar, startStack, type Stack } from "./helpers/stack";

let stack: Stack;
let shopee: MarketplaceSimHandle;
let tiktok: MarketplaceSimHandle;
let merchant: CookieJar;

interface ChannelRow {
  id: string;
  kind: string;
  name: string;
  status: string;
}

const channels = async (jar: CookieJar) =>
  (
    (await (
      await fetch(`${stack.app.url}/api/channels`, { headers: { cookie: jar.header(stack.app.url), "user-agent": BROWSER_UA } })
    ).json()) as {
      channels: ChannelRow[];
    }
  ).channels;

beforeAll(async () => {
  await truncateAppTables();
  shopee = await startShopeeSim({ port: 0 });
  tiktok = await startTikTokSim({ port: 0 });
  stack = await startStack({
    runnerSchema: "runner_marketplaces_connect",
    sim: { seed: 1 },
    // The app runs under `next start` (production): marketplaces need their app credentials set.
    appEnv: {
      SHOPEE_API_ORIGIN: shopee.url,
      TIKTOK_API_ORIGIN: tiktok.url,
      TIKTOK_AUTH_ORIGIN: tiktok.url,
      SHOPEE_PARTNER_ID: "2001234",
      SHOPEE_PARTNER_KEY: "shopee-demo-partner-key",
      TIKTOK_APP_KEY: "6demoappkey",
      TIKTOK_APP_SECRET: "tiktok-demo-app-secret",
    },
  });
  await fetch(`${tiktok.url}/__sim/app`, {
    method: "PUT",
    body: JSON.stringify({ redirectUrl: `${stack.app.url}/api/channels/connect/callback/tiktok` }),
  });
  merchant = new CookieJar();
  await browse(`${stack.app.url}/api/auth/shopify/install?shop=${stack.sim.demoShop}`, merchant);
});

afterAll(async () => {
  await stack?.stop();
  await shopee?.stop();
  await tiktok?.stop();
});

describe.each([
  { kind: "shopee", name: "Shopee 100001", sim: () => shopee },
  { kind: "tiktok", name: "TikTok Shop 7494000000000000001", sim: () => tiktok },
])("connecting $kind", ({ kind, name, sim }) => {
  it("goes through the platform's authorization page and back, and lists the channel", async () => {
    const hops = await browse(`${stack.app.url}/api/channels/connect?kind=${kind}`, merchant);
    expect(hops[0]).toMatchObject({ status: 302 });
    expect(hops[0]!.location!.startsWith(sim().url)).toBe(true);
    expect(hops[1]).toMatchObject({ status: 302 });
    expect(hops[1]!.location).toContain(`/api/channels/connect/callback/${kind}`);
    expect(hops[2]).toMatchObject({ status: 303 });
    expect(new URL(hops[2]!.location!, stack.app.url).pathname).toBe("/dashboard");
    expect((await channels(merchant)).filter((channel) => channel.kind === kind)).toMatchObject([{ name, status: "active" }]);
  });

  it("stores nothing when the callback's state is not this browser's, and reconnects rather than duplicates", async () => {
    // A redirect obtained by another browser (its own state cookie), replayed in ours.
    const other = new CookieJar();
    await browse(`${stack.app.url}/api/auth/shopify/install?shop=${stack.sim.demoShop}`, other);
    const start = await browse(`${stack.app.url}/api/channels/connect?kind=${kind}`, other, 2);
    const callback = start[1]!.location!;
    // Our browser has a connection of its own under way (its own state cookie).
    await browse(`${stack.app.url}/api/channels/connect?kind=${kind}`, merchant, 1);
    expect(merchant.header(stack.app.url)).toContain("shopsync_channel_connect=");
    const forged = await fetch(callback, {
      redirect: "manual",
      headers: { cookie: merchant.header(stack.app.url), "user-agent": BROWSER_UA },
    });
    expect(forged.status).toBe(403);
    const missing = await fetch(callback, {
      redirect: "manual",
      headers: { cookie: merchant.header(stack.app.url).replace(/shopsync_channel_connect=[^;]*;?\s*/, ""), "user-agent": BROWSER_UA },
    });
    expect(missing.status).toBe(403);
    const before = await channels(merchant);
    await browse(`${stack.app.url}/api/channels/connect?kind=${kind}`, merchant);
    const after = await channels(merchant);
    expect(after.map((channel) => channel.id).sort()).toEqual(before.map((channel) => channel.id).sort());
  });
});
