/**
 * Channel webhooks (issue 14, item 6) over real HTTP: the Shopee and TikTok Shop simulators post
 * their signed notifications to /api/webhooks/channels/{kind}; a listing's audit verdict (sent
 * after a review delay) reaches the catalogue only through them, processed by an Inngest function.
 * A forged notification (bad signature, or a body changed under a good one) and a stale one
 * (signed correctly, 6 minutes old) are refused and not recorded; a replay of a delivered one is
 * answered as a duplicate and changes nothing.
 */
import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "./helpers/database";
import { DEMO_MARKETPLACE_APPS, startMarketplaceStack, type MarketplaceKind, type MarketplaceStack } from "./helpers/marketplace-stack";
import { waitFor } from "./helpers/stack";

let ms: MarketplaceStack;

interface SentNotification {
  id: string;
  url: string;
  body: string;
  headers: Record<string, string>;
  status: number | null;
}

const notifications = async (kind: MarketplaceKind) =>
  ((await (await fetch(`${ms.sims[kind].url}/__sim/notifications`)).json()) as { notifications: SentNotification[] }).notifications;

/** Signs a body as the platform does (Shopee: url + "|" + body with the partner key; TikTok Shop: app key + body with the app secret). */
function platformSignature(kind: MarketplaceKind, url: string, body: string): string {
  if (kind === "shopee") return createHmac("sha256", DEMO_MARKETPLACE_APPS.shopee.partnerKey).update(`${url}|${body}`).digest("hex");
  return createHmac("sha256", DEMO_MARKETPLACE_APPS.tiktok.appSecret).update(`${DEMO_MARKETPLACE_APPS.tiktok.appKey}${body}`).digest("hex");
}

const post = (url: string, body: string, headers: Record<string, string>) => fetch(url, { method: "POST", body, headers });

const receipts = async (kind: MarketplaceKind, messageId: string) =>
  Number(
    (
      await queryRows<{ count: string }>(`SELECT count(*)::text AS count FROM "ChannelWebhook" WHERE kind = $1 AND "messageId" = $2`, [
        kind,
        messageId,
      ])
    )[0]!.count,
  );

beforeAll(async () => {
  // A review delay: a new listing is "publishing" until the platform's verdict, which only a webhook brings.
  ms = await startMarketplaceStack({ runnerSchema: "runner_marketplaces_webhooks", simOptions: { reviewDelayMs: 300 } });
}, 400_000);

afterAll(async () => {
  await ms?.stop();
});

describe.each(["shopee", "tiktok"] as const)("%s webhooks", (kind) => {
  it("brings each listing's audit verdict, processed durably", async () => {
    await ms.publishAll(kind);
    const live = await waitFor(
      async () => {
        const listings = await ms.catalog(kind);
        const withIds = listings.filter((listing) => listing.externalId);
        return withIds.length > 0 && withIds.every((listing) => listing.status === "live") ? withIds : undefined;
      },
      120_000,
      `every ${kind} listing live by its webhook`,
    );
    expect(live.length).toBe((await ms.simItems(kind)).length);
    const sent = await notifications(kind);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((notification) => notification.status === 200)).toBe(true);
  }, 300_000);

  it("shows the channel's reason when its audit, arriving by webhook, rejects a listing", async () => {
    await fetch(`${ms.sims[kind].url}/__sim/restricted-categories`, {
      method: "PUT",
      body: JSON.stringify({ "778": "Listings in this category need a brand authorization." }),
    });
    const productId = (await ms.catalog(kind)).find((listing) => listing.externalId && listing.status === "live")!.productId;
    const patched = await ms.api(`/api/channels/${ms.channelIds[kind]}/products/${encodeURIComponent(productId)}`, {
      method: "PATCH",
      body: JSON.stringify({ categoryId: "778" }),
    });
    expect(patched.status).toBe(202);
    const rejected = await waitFor(
      // The verdict can arrive before the publish that drew it is recorded: wait for both.
      async () =>
        (await ms.catalog(kind)).find(
          (listing) => listing.productId === productId && listing.status === "rejected" && listing.publishedVersion === listing.version,
        ),
      120_000,
      "the listing rejected by the channel's audit, its publish recorded",
    );
    expect(rejected.rejectReasons).toEqual(["Listings in this category need a brand authorization."]);
  }, 300_000);

  it("refuses forged and stale webhooks and ignores a replayed one", async () => {
    const delivered = (await notifications(kind)).find((notification) => notification.status === 200)!;
    const deliveredId = kind === "shopee" ? "msg_id" : "tts_notification_id";
    const messageId = String((JSON.parse(delivered.body) as Record<string, unknown>)[deliveredId]);
    expect(await receipts(kind, messageId)).toBe(1);

    // Forged: a signature that is not the platform's, and a changed body under the real signature.
    const wrongSignature = delivered.headers.Authorization!.replace(/^./, (c) => (c === "0" ? "1" : "0"));
    const forged = await post(delivered.url, delivered.body, { ...delivered.headers, Authorization: wrongSignature });
    expect(forged.status).toBe(401);
    const tamperedBody = delivered.body.replace(/"timestamp":\d+/, `"timestamp":${Math.floor(Date.now() / 1000)}`);
    const tampered = await post(delivered.url, tamperedBody, delivered.headers);
    expect(tampered.status).toBe(401);
    const unsigned = await post(delivered.url, delivered.body, { "Content-Type": "application/json" });
    expect(unsigned.status).toBe(401);

    // Stale: signed exactly as the platform signs, but 6 minutes old.
    const staleId = randomUUID().replaceAll("-", "");
    const staleBody = JSON.stringify({
      ...(JSON.parse(delivered.body) as Record<string, unknown>),
      [deliveredId]: staleId,
      timestamp: Math.floor(Date.now() / 1000) - 360,
    });
    const stale = await post(delivered.url, staleBody, {
      "Content-Type": "application/json",
      Authorization: platformSignature(kind, delivered.url, staleBody),
    });
    expect(stale.status).toBe(401);
    expect(await stale.text()).toMatch(/older than 5 minutes/);
    expect(await receipts(kind, staleId)).toBe(0);

    // Replayed: the delivered request byte for byte is answered 200 (so the platform stops) and changes nothing.
    const before = await waitFor(
      async () =>
        ((listings) => (listings.every((listing) => listing.publishedVersion === listing.version) ? listings : undefined))(
          await ms.catalog(kind),
        ),
      120_000,
      `every ${kind} listing's publish recorded before the replay`,
    );
    const replayed = await post(delivered.url, delivered.body, delivered.headers);
    expect(replayed.status).toBe(200);
    expect(((await replayed.json()) as { outcome: string }).outcome).toBe("duplicate");
    expect(await receipts(kind, messageId)).toBe(1);
    expect(await ms.catalog(kind)).toEqual(before);
  }, 300_000);
});
