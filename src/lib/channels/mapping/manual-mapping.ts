/**
 * Single-listing mapping by the merchant: a channel SKU mapped to a variant or a bundle, or
 * unmapped, with a `manual` history row (before and after). A new mapping forgets the channel's
 * rejection of the old one, as a CSV import does.
 */
import { db } from "../../db";
import { AppError } from "../../errors";
import { resolveMappingTarget } from "./resolve-target";

export interface ListingMapping {
  sku: string;
  variantId: string | null;
  bundleId: string | null;
  changed: boolean;
}

/** Maps the listing to what `target` names (see resolveMappingTarget), or unmaps it when target is null. */
export async function setListingMapping(
  channel: { id: string; shopId: string },
  channelSku: string,
  target: string | null,
): Promise<ListingMapping> {
  const after = target === null ? { variantId: null, bundleId: null } : await resolveMappingTarget(channel.shopId, target);
  return db().$transaction(async (tx) => {
    const [listing] = await tx.$queryRaw<{ id: string; variantId: string | null; bundleId: string | null; isFba: boolean }[]>`
      SELECT id, "variantId", "bundleId", "isFba" FROM "ChannelListing"
      WHERE "channelId" = ${channel.id} AND "channelSku" = ${channelSku} FOR UPDATE`;
    if (!listing) throw new AppError("not_found", `the channel has no listing with SKU ${channelSku}`);
    if (listing.variantId === after.variantId && listing.bundleId === after.bundleId) return { sku: channelSku, ...after, changed: false };
    await tx.channelListing.update({
      where: { id: listing.id },
      data: { ...after, lastError: null, lastErrorAt: null, errorQuantity: null },
      select: { id: true },
    });
    await tx.channelMappingHistory.create({
      data: {
        channelId: channel.id,
        channelSku,
        source: "manual",
        before: { variantId: listing.variantId, bundleId: listing.bundleId, isFba: listing.isFba },
        after: { ...after, isFba: listing.isFba },
      },
      select: { id: true },
    });
    return { sku: channelSku, ...after, changed: true };
  });
}
