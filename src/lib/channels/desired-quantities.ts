/**
 * What each listing of a channel should show, computed set-based in SQL from the synced inventory
 * levels, and stored in ChannelListing.desiredQuantity:
 *   - a variant: `available` summed over the channel's locations (each location's negative
 *     available counted as 0: oversold at one location does not take stock from another), minus the
 *     channel's safety buffer, floored at 0;
 *   - a bundle: min over its components of floor(available / units);
 *   - FBA, unmapped, untracked inventory (Shopify does not count it) and bundles without components: null
 *     (never pushed).
 * A channel with no locations chosen is fed by every location except those synced as inactive.
 */
import { db } from "../db";

export async function computeDesiredQuantities(channelId: string): Promise<{ changed: number }> {
  const changed = await db().$executeRaw`
    WITH channel AS (
      SELECT id, "shopId", "locationIds", "safetyBuffer" FROM "ChannelConnection" WHERE id = ${channelId}
    ),
    variant_available AS (
      SELECT v."shopifyId" AS variant_id, bool_or(i.tracked) AS tracked, COALESCE(sum(GREATEST(l.available, 0)), 0)::int AS available
      FROM channel c
      JOIN "ProductVariant" v ON v."shopId" = c."shopId"
      JOIN "InventoryItem" i ON i."shopId" = v."shopId" AND i."shopifyId" = v."inventoryItemId"
      LEFT JOIN "InventoryLevel" l ON l."shopId" = v."shopId" AND l."inventoryItemId" = v."inventoryItemId"
        AND (CASE WHEN cardinality(c."locationIds") > 0 THEN l."locationId" = ANY (c."locationIds")
                  ELSE NOT EXISTS (SELECT 1 FROM "Location" loc WHERE loc."shopId" = l."shopId" AND loc."shopifyId" = l."locationId" AND NOT loc."isActive") END)
      WHERE v."shopifyId" IN (
        SELECT "variantId" FROM "ChannelListing" WHERE "channelId" = ${channelId} AND "variantId" IS NOT NULL
        UNION SELECT bc."variantId" FROM "BundleComponent" bc JOIN "ChannelListing" cl ON cl."bundleId" = bc."bundleId" AND cl."channelId" = ${channelId}
      )
      GROUP BY v."shopifyId"
    ),
    bundle_available AS (
      SELECT bc."bundleId" AS bundle_id,
             min(CASE WHEN va.tracked IS FALSE THEN NULL ELSE floor(COALESCE(va.available, 0)::numeric / bc.units) END)::int AS available
      FROM "BundleComponent" bc LEFT JOIN variant_available va ON va.variant_id = bc."variantId"
      WHERE bc."bundleId" IN (SELECT "bundleId" FROM "ChannelListing" WHERE "channelId" = ${channelId})
      GROUP BY bc."bundleId"
    ),
    desired AS (
      SELECT cl.id,
             CASE
               WHEN cl."isFba" THEN NULL
               WHEN cl."variantId" IS NOT NULL THEN
                 CASE WHEN va.tracked THEN GREATEST(va.available - c."safetyBuffer", 0) END
               WHEN cl."bundleId" IS NOT NULL THEN ba.available
             END AS quantity
      FROM "ChannelListing" cl
      JOIN channel c ON c.id = cl."channelId"
      LEFT JOIN variant_available va ON va.variant_id = cl."variantId"
      LEFT JOIN bundle_available ba ON ba.bundle_id = cl."bundleId"
    )
    UPDATE "ChannelListing" cl SET "desiredQuantity" = d.quantity, "updatedAt" = now()
    FROM desired d
    WHERE cl.id = d.id AND cl."desiredQuantity" IS DISTINCT FROM d.quantity`;
  return { changed };
}
