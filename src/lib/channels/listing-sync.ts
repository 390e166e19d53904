/**
 * Brings a channel's listings in line with what the channel lists (set-based SQL): new SKUs become
 * listings, every listing's acknowledged quantity becomes what the channel shows now (so only real
 * differences are pushed, and drift is corrected), FBA is taken from the channel. Then unmapped
 * listings are auto-mapped by equal SKU: to the one variant of the shop with that SKU (a SKU two
 * variants share is left for the merchant), else to the shop's bundle with that SKU. Every mapping
 * change is written to ChannelMappingHistory.
 */
import { db } from "../db";
import type { ChannelSku } from "./channel";

export interface ListingSyncResult {
  listed: number;
  created: number;
  autoMapped: number;
}

export async function syncChannelListings(channelId: string, skus: ChannelSku[]): Promise<ListingSyncResult> {
  return db().$transaction(
    async (tx) => {
      const created = await tx.$executeRaw`
        INSERT INTO "ChannelListing" (id, "channelId", "shopId", "channelSku", "externalId", "productType", "isFba", "acknowledgedQuantity", "acknowledgedAt", "updatedAt")
        SELECT gen_random_uuid()::text, c.id, c."shopId", s.sku, s.external_id, s.product_type, s.is_fba, CASE WHEN s.is_fba THEN NULL ELSE s.quantity END, now(), now()
        FROM "ChannelConnection" c,
             unnest(${skus.map((s) => s.sku)}::text[], ${skus.map((s) => s.externalId ?? null)}::text[], ${skus.map((s) => s.productType ?? null)}::text[],
                    ${skus.map((s) => s.isFba)}::boolean[], ${skus.map((s) => s.quantity)}::int[]) AS s(sku, external_id, product_type, is_fba, quantity)
        WHERE c.id = ${channelId}
        ON CONFLICT ("channelId", "channelSku") DO UPDATE SET
          "externalId" = COALESCE(excluded."externalId", "ChannelListing"."externalId"),
          "productType" = COALESCE(excluded."productType", "ChannelListing"."productType"),
          "isFba" = excluded."isFba",
          "acknowledgedQuantity" = excluded."acknowledgedQuantity",
          "acknowledgedAt" = now(),
          "updatedAt" = now()`;
      const mapped = await tx.$queryRaw<{ channelSku: string; variantId: string | null; bundleId: string | null }[]>`
        WITH unique_skus AS (
          SELECT v.sku, min(v."shopifyId") AS variant_id
          FROM "ProductVariant" v JOIN "ChannelConnection" c ON c."shopId" = v."shopId" AND c.id = ${channelId}
          WHERE v.sku IS NOT NULL AND v.sku <> ''
          GROUP BY v.sku HAVING count(*) = 1
        )
        UPDATE "ChannelListing" l
        SET "variantId" = u.variant_id, "bundleId" = CASE WHEN u.variant_id IS NULL THEN b.id END, "updatedAt" = now()
        FROM "ChannelListing" l2
        LEFT JOIN unique_skus u ON u.sku = l2."channelSku"
        LEFT JOIN "Bundle" b ON b."shopId" = l2."shopId" AND b.sku = l2."channelSku"
        WHERE l.id = l2.id AND l."channelId" = ${channelId} AND l."variantId" IS NULL AND l."bundleId" IS NULL
          AND (u.variant_id IS NOT NULL OR b.id IS NOT NULL)
        RETURNING l."channelSku", l."variantId", l."bundleId"`;
      if (mapped.length)
        await tx.channelMappingHistory.createMany({
          data: mapped.map((row) => ({
            channelId,
            channelSku: row.channelSku,
            source: "auto",
            before: { variantId: null, bundleId: null },
            after: { variantId: row.variantId, bundleId: row.bundleId },
          })),
        });
      await tx.channelConnection.update({ where: { id: channelId }, data: { listingsSyncedAt: new Date() }, select: { id: true } });
      return { listed: skus.length, created, autoMapped: mapped.length };
    },
    { timeout: 60_000 },
  );
}
