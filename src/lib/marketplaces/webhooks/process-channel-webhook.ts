/**
 * The work of one marketplace notification (process-channel-webhook): every listing it names, on
 * every channel connected to the platform shop it is about, is read back from the channel. The
 * notification's own fields are hints only: what is stored comes from the channel's API, so a
 * notification processed twice, late or out of order changes nothing a fresh read would not.
 */
import { loadChannelForPush } from "../../channels/channel-queries";
import type { MarketplaceKind } from "../../channels/connectors";
import { db } from "../../db";
import { readBackListing } from "../read-back";
import { findChannelWebhook, markChannelWebhookDone } from "./channel-webhook-queries";

/** The platform's id of the shop a connection is authorized for (in its encrypted credentials). */
async function externalShopIdOf(channelId: string): Promise<string | null> {
  const channel = await loadChannelForPush(channelId);
  const shopId = (channel?.credentials as { shopId?: unknown } | undefined)?.shopId;
  return shopId === undefined || shopId === null ? null : String(shopId);
}

/** Whether a channel connected to this platform shop has listings waiting to be published (a publish under way). */
async function isPublishingOnShop(kind: MarketplaceKind, externalShopId: string): Promise<boolean> {
  const channels = await db().channelConnection.findMany({
    where: { kind, status: "active", marketplaceListings: { some: { version: { gt: 0 } } } },
    select: { id: true },
  });
  for (const channel of channels) {
    if ((await externalShopIdOf(channel.id)) !== externalShopId) continue;
    const [pending] = await db().$queryRaw<{ count: bigint }[]>`
      SELECT count(*) AS count FROM "MarketplaceListing" WHERE "channelId" = ${channel.id} AND version > "publishedVersion"`;
    if (Number(pending?.count ?? 0) > 0) return true;
  }
  return false;
}

export type ChannelWebhookOutcome =
  | { status: "missing" | "processed" | "ignored" | "already_processed"; listingsRead: number }
  | { status: "deferred"; reason: string; listingsRead: number };

/**
 * Reads back every listing the notification names. "deferred" (nothing marked done): a listing
 * could not be compared yet because a publish to that shop is under way (a new listing whose channel
 * id is not stored yet, or a listing with a publish pending); the caller retries it a little later,
 * so a seller's edit that lands during ShopSync's publish still becomes a conflict.
 */
export async function processChannelWebhook(kind: MarketplaceKind, messageId: string): Promise<ChannelWebhookOutcome> {
  const webhook = await findChannelWebhook(kind, messageId);
  if (!webhook) return { status: "missing", listingsRead: 0 };
  if (webhook.status !== "received") return { status: "already_processed", listingsRead: 0 };
  const listings = webhook.externalItemId
    ? await db().marketplaceListing.findMany({
        where: { externalId: webhook.externalItemId, channel: { kind, status: "active" } },
        select: { id: true, channelId: true },
      })
    : [];
  if (listings.length === 0 && webhook.externalItemId && (await isPublishingOnShop(kind, webhook.externalShopId)))
    // A new listing's first notification (its audit verdict) can come before the publish step has
    // stored the listing's channel id.
    return {
      status: "deferred",
      reason: `no listing has ${kind} id ${webhook.externalItemId} yet, while a publish to that shop is under way`,
      listingsRead: 0,
    };
  let listingsRead = 0;
  for (const listing of listings) {
    // Item ids are unique per platform shop only: the listing must be on the shop the platform named.
    if ((await externalShopIdOf(listing.channelId)) !== webhook.externalShopId) continue;
    const outcome = await readBackListing(listing.id);
    if (outcome.status === "deferred") return { status: "deferred", reason: outcome.reason, listingsRead };
    if (outcome.status === "read") listingsRead += 1;
  }
  await markChannelWebhookDone(webhook.id, listingsRead);
  return { status: listingsRead > 0 ? "processed" : "ignored", listingsRead };
}
