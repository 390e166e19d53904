/**
 * Reading a published listing back from its channel, on the channel's webhooks and on a schedule
 * (read-back-channel): the channel's status and reasons (an audit's verdict arrives after the
 * publish) become the listing's, a listing the channel no longer has is delisted, and the fields the
 * channel shows differently from what ShopSync published become conflicts (detect-conflicts.ts).
 */
import type { ListingPublisher, ListingSnapshot } from "../channels/channel";
import { channelShopTokenStore, loadChannelForPush, markChannelNeedsCredentials } from "../channels/channel-queries";
import { createPublisher, MARKETPLACE_KINDS } from "../channels/connectors";
import { ChannelAuthError } from "../channels/errors";
import { db } from "../db";
import { recordConflicts } from "./conflicts/detect-conflicts";
import { storeChannelStatus } from "./listing-status";
import { checkLowStock, totalStock } from "./low-stock";

/**
 * "deferred": the listing was read but has a publish pending, so its fields could not be compared
 * with what ShopSync published (see recordConflicts); read it again once the publish is stored.
 */
export type ReadBackOutcome =
  { status: "read"; listingStatus: string } | { status: "deferred"; reason: string } | { status: "skipped"; reason: string };

export async function publisherOfChannel(channelId: string): Promise<ListingPublisher | null> {
  const channel = await loadChannelForPush(channelId);
  if (!channel || channel.status !== "active") return null;
  return createPublisher({
    id: channel.id,
    kind: channel.kind,
    credentials: channel.credentials,
    shopTokenStore: channelShopTokenStore(channel.id),
  });
}

/** Reads one listing back and stores what the channel says of it. */
export async function readBackListing(listingId: string, publisher?: ListingPublisher): Promise<ReadBackOutcome> {
  const listing = await db().marketplaceListing.findUnique({
    where: { id: listingId },
    select: {
      id: true,
      shopId: true,
      channelId: true,
      productId: true,
      externalId: true,
      version: true,
      publishedVersion: true,
      lastPublished: true,
    },
  });
  if (!listing?.externalId) return { status: "skipped", reason: "not published" };
  const channelPublisher = publisher ?? (await publisherOfChannel(listing.channelId));
  if (!channelPublisher) return { status: "skipped", reason: "the channel is not active" };
  const observedAt = new Date();
  let snapshot: ListingSnapshot | null;
  try {
    snapshot = await channelPublisher.readListing(listing.externalId);
  } catch (error) {
    if (error instanceof ChannelAuthError) {
      await markChannelNeedsCredentials(listing.channelId, error.message);
      return { status: "skipped", reason: error.message };
    }
    throw error;
  }
  const status = snapshot?.status ?? "delisted";
  await storeChannelStatus(listing.id, { status, reasons: snapshot?.reasons ?? [] }, observedAt);
  if (snapshot) {
    await checkLowStock(listing.id, totalStock(snapshot.skus));
    if ((await recordConflicts(listing, snapshot)) === "not_at_rest")
      return { status: "deferred", reason: "a publish of this listing is pending: its fields are compared once it is stored" };
  }
  return { status: "read", listingStatus: status };
}

/** One batch of a channel's published listings read back, in id order from `after`; the next cursor or null at the end. */
export async function readBackChannelBatch(
  channelId: string,
  after: string,
  limit: number,
): Promise<{ read: number; next: string | null }> {
  const publisher = await publisherOfChannel(channelId);
  if (!publisher) return { read: 0, next: null };
  const listings = await db().marketplaceListing.findMany({
    where: { channelId, externalId: { not: null }, id: { gt: after } },
    orderBy: { id: "asc" },
    take: limit,
    select: { id: true },
  });
  let read = 0;
  for (const listing of listings) if ((await readBackListing(listing.id, publisher)).status === "read") read += 1;
  return { read, next: listings.length === limit ? listings[listings.length - 1]!.id : null };
}

/** Every active marketplace channel (the scheduled read-back visits each). */
export async function activeMarketplaceChannelIds(): Promise<{ id: string; shopId: string }[]> {
  return db().channelConnection.findMany({
    where: { status: "active", kind: { in: [...MARKETPLACE_KINDS] }, shop: { uninstalledAt: null } },
    select: { id: true, shopId: true },
  });
}
