/** Read side of a channel's listings (GET /api/channels/{id}/listings, the mapping table). */
import { db } from "../db";

export interface ListingView {
  sku: string;
  externalId: string | null;
  variantId: string | null;
  bundleId: string | null;
  mapped: boolean;
  fba: boolean;
  desired: number | null;
  acknowledged: number | null;
  acknowledgedAt: string | null;
  error: string | null;
}

export async function listChannelListings(channelId: string): Promise<ListingView[]> {
  const rows = await db().channelListing.findMany({
    where: { channelId },
    orderBy: { channelSku: "asc" },
    select: {
      channelSku: true,
      externalId: true,
      variantId: true,
      bundleId: true,
      isFba: true,
      desiredQuantity: true,
      acknowledgedQuantity: true,
      acknowledgedAt: true,
      lastError: true,
    },
  });
  return rows.map((row) => ({
    sku: row.channelSku,
    externalId: row.externalId,
    variantId: row.variantId,
    bundleId: row.bundleId,
    mapped: row.variantId !== null || row.bundleId !== null,
    fba: row.isFba,
    desired: row.desiredQuantity,
    acknowledged: row.acknowledgedQuantity,
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    error: row.lastError,
  }));
}
