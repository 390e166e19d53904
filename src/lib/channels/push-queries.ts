/**
 * The listings a push sends and what it records: pending = mapped, not FBA, desired known and
 * different from what the channel acknowledged, and not the very quantity the channel already
 * rejected. Accepted quantities become acknowledged; a rejection is kept on the listing and as a
 * `channel:<kind>` dead letter with the channel's message (not replayed by the Shopify retry job:
 * nextRetryAt stays null; the next push after the desired quantity changes tries again, and a
 * later acceptance resolves it). A SKU the channel did not answer for (its retries spent while the
 * others went through) keeps its error on the listing but no error quantity: it stays pending,
 * is sent after the other pending SKUs, and a later batch or push sends it again.
 */
import { Prisma } from "../../generated/prisma/client";
import { db } from "../db";
import type { ChannelKind, PushResult } from "./channel";

export interface PendingListing {
  id: string;
  sku: string;
  quantity: number;
  productType: string | null;
  variantId: string | null;
  bundleId: string | null;
}

/** The one definition of "pending" (SQL over ChannelListing columns), shared by the push, its counts and the dry run. */
export const IS_PENDING = Prisma.sql`(NOT "isFba" AND "desiredQuantity" IS NOT NULL
  AND "desiredQuantity" IS DISTINCT FROM "acknowledgedQuantity"
  AND ("lastError" IS NULL OR "desiredQuantity" IS DISTINCT FROM "errorQuantity"))`;

export async function pendingListings(channelId: string, limit: number): Promise<PendingListing[]> {
  return db().$queryRaw<PendingListing[]>`
    SELECT id, "channelSku" AS sku, "desiredQuantity" AS quantity, "productType", "variantId", "bundleId"
    FROM "ChannelListing"
    WHERE "channelId" = ${channelId} AND ${IS_PENDING}
    ORDER BY ("lastError" IS NOT NULL), "channelSku"
    LIMIT ${limit}`;
}

export async function countPendingListings(channelId: string): Promise<number> {
  const [row] = await db().$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM "ChannelListing" WHERE "channelId" = ${channelId} AND ${IS_PENDING}`;
  return Number(row?.count ?? 0);
}

type Tx = Prisma.TransactionClient;

/** The channel took these quantities: they are what it shows now, and any earlier rejection is over. */
export async function acknowledgeListings(tx: Tx, accepted: PendingListing[]): Promise<void> {
  if (!accepted.length) return;
  await tx.$executeRaw`
    UPDATE "ChannelListing" l SET "acknowledgedQuantity" = s.quantity, "acknowledgedAt" = now(),
      "lastError" = NULL, "lastErrorAt" = NULL, "errorQuantity" = NULL, "updatedAt" = now()
    FROM unnest(${accepted.map((l) => l.id)}::text[], ${accepted.map((l) => l.quantity)}::int[]) AS s(id, quantity)
    WHERE l.id = s.id`;
}

/** The channel refused this quantity: kept on the listing, so the same quantity is not sent again by a push. */
export async function markListingRejected(tx: Tx, listing: PendingListing, message: string): Promise<void> {
  await tx.channelListing.update({
    where: { id: listing.id },
    data: { lastError: message, lastErrorAt: new Date(), errorQuantity: listing.quantity },
    select: { id: true },
  });
}

/** The channel did not answer for this SKU: its error is kept, and it stays pending (no error quantity). */
export async function markListingUnanswered(tx: Tx, listing: PendingListing, message: string): Promise<void> {
  await tx.channelListing.update({
    where: { id: listing.id },
    data: { lastError: message, lastErrorAt: new Date(), errorQuantity: null },
    select: { id: true },
  });
}

/** What a channel dead letter holds: enough to push the listing again (see replayChannelListing). */
export interface ChannelDeadLetterPayload {
  channelId: string;
  channelSku: string;
  quantity: number;
  variantId: string | null;
  bundleId: string | null;
}

export async function recordPushResults(
  channel: { id: string; shopId: string; kind: ChannelKind },
  sent: PendingListing[],
  results: PushResult[],
): Promise<{ accepted: number; rejected: number; unanswered: number }> {
  const bySku = new Map(sent.map((listing) => [listing.sku, listing]));
  const unanswered = results.flatMap((result) =>
    result.outcome === "unanswered" ? [{ listing: bySku.get(result.sku)!, message: result.message }] : [],
  );
  const accepted = results.filter((result) => result.outcome === "accepted").map((result) => bySku.get(result.sku)!);
  const rejected = results.flatMap((result) =>
    result.outcome === "rejected" ? [{ listing: bySku.get(result.sku)!, message: result.message }] : [],
  );
  const entityType = `channel:${channel.kind}`;
  await db().$transaction(async (tx) => {
    for (const { listing, message } of unanswered) await markListingUnanswered(tx, listing, message);
    if (accepted.length) {
      await acknowledgeListings(tx, accepted);
      await tx.failedSyncItem.updateMany({
        where: {
          shopId: channel.shopId,
          entityType,
          resolvedAt: null,
          shopifyId: { in: accepted.map((l) => deadLetterKey(channel.id, l.sku)) },
        },
        data: { resolvedAt: new Date(), resolution: "RETRIED", isOpen: null },
      });
    }
    for (const { listing, message } of rejected) {
      await markListingRejected(tx, listing, message);
      const key = deadLetterKey(channel.id, listing.sku);
      const payload: ChannelDeadLetterPayload = {
        channelId: channel.id,
        channelSku: listing.sku,
        quantity: listing.quantity,
        variantId: listing.variantId,
        bundleId: listing.bundleId,
      };
      // One open dead letter per listing (the unique (shop, entity, id, isOpen) index); nextRetryAt
      // stays null: a push with a new quantity retries it, and so does a merchant's Retry (which
      // replays it as a push of this SKU, src/lib/channels/replay-listing.ts).
      await tx.$executeRaw`
        INSERT INTO "FailedSyncItem" (id, "shopId", "entityType", "shopifyId", "rawPayload", "errorMessage", "nextRetryAt", "isOpen",
          "failureCount", "lastSeenAt", "createdAt", "updatedAt")
        VALUES (gen_random_uuid()::text, ${channel.shopId}, ${entityType}, ${key}, ${JSON.stringify(payload)}, ${message}, NULL, true, 1, now(), now(), now())
        ON CONFLICT ("shopId", "entityType", "shopifyId", "isOpen") DO UPDATE SET
          "failureCount" = "FailedSyncItem"."failureCount" + 1,
          "rawPayload" = excluded."rawPayload",
          "errorMessage" = excluded."errorMessage",
          "lastSeenAt" = now(),
          "updatedAt" = now()`;
    }
  });
  return { accepted: accepted.length, rejected: rejected.length, unanswered: unanswered.length };
}

/** One listing of a channel by SKU with its desired quantity (null: nothing to push: unmapped, FBA, untracked). */
export async function findListingBySku(
  channelId: string,
  sku: string,
): Promise<(Omit<PendingListing, "quantity"> & { quantity: number | null; isFba: boolean }) | undefined> {
  const [row] = await db().$queryRaw<(Omit<PendingListing, "quantity"> & { quantity: number | null; isFba: boolean })[]>`
    SELECT id, "channelSku" AS sku, "desiredQuantity" AS quantity, "productType", "variantId", "bundleId", "isFba"
    FROM "ChannelListing" WHERE "channelId" = ${channelId} AND "channelSku" = ${sku}`;
  return row;
}

/** Listings by id (a feed's listings when its outcome is read), without their current desired quantity. */
export async function listingsById(ids: string[]): Promise<Map<string, Omit<PendingListing, "quantity">>> {
  const rows = await db().$queryRaw<Omit<PendingListing, "quantity">[]>`
    SELECT id, "channelSku" AS sku, "productType", "variantId", "bundleId" FROM "ChannelListing" WHERE id = ANY (${ids}::text[])`;
  return new Map(rows.map((row) => [row.id, row]));
}

/** Dead letters of a channel listing are keyed `<channel id>/<channel SKU>` (it has no Shopify id of its own). */
export const deadLetterKey = (channelId: string, sku: string) => `${channelId}/${sku}`;
