/**
 * The mapping's database side: the export rows, and an import resolved against the shop's
 * variants, bundles and the channel's listings, then applied in one transaction with a history
 * row per changed listing (or not at all when any line is wrong).
 */
import { db } from "../db";
import { AppError } from "../errors";
import { parseMappingCsv, type LineError, type MappingExportRow } from "./mapping-csv";

export async function mappingExportRows(channelId: string): Promise<MappingExportRow[]> {
  return db().$queryRaw<MappingExportRow[]>`
    SELECT l."channelSku", l."variantId", v.sku AS "variantSku", b.sku AS "bundleSku", l."isFba",
           l."desiredQuantity" AS desired, l."acknowledgedQuantity" AS acknowledged, l."lastError" AS error
    FROM "ChannelListing" l
    LEFT JOIN "ProductVariant" v ON v."shopId" = l."shopId" AND v."shopifyId" = l."variantId"
    LEFT JOIN "Bundle" b ON b.id = l."bundleId"
    WHERE l."channelId" = ${channelId}
    ORDER BY l."channelSku"`;
}

export async function importMapping(channel: { id: string; shopId: string }, text: string): Promise<{ rows: number; changed: number }> {
  const { rows, errors } = parseMappingCsv(text);
  const listings = await db().channelListing.findMany({
    where: { channelId: channel.id, channelSku: { in: rows.map((row) => row.channelSku) } },
    select: { id: true, channelSku: true, variantId: true, bundleId: true, isFba: true },
  });
  const listingBySku = new Map(listings.map((listing) => [listing.channelSku, listing]));
  const variantIds = rows.flatMap((row) => (row.variantId ? [row.variantId] : []));
  const variantSkus = rows.flatMap((row) => (row.variantSku ? [row.variantSku] : []));
  const bundleSkus = rows.flatMap((row) => (row.bundleSku ? [row.bundleSku] : []));
  const [knownVariants, variantsBySku, bundles] = await Promise.all([
    db().productVariant.findMany({ where: { shopId: channel.shopId, shopifyId: { in: variantIds } }, select: { shopifyId: true } }),
    db().productVariant.findMany({ where: { shopId: channel.shopId, sku: { in: variantSkus } }, select: { shopifyId: true, sku: true } }),
    db().bundle.findMany({ where: { shopId: channel.shopId, sku: { in: bundleSkus } }, select: { id: true, sku: true } }),
  ]);
  const knownVariantIds = new Set(knownVariants.map((variant) => variant.shopifyId));
  const skuMatches = new Map<string, string[]>();
  for (const variant of variantsBySku) skuMatches.set(variant.sku!, [...(skuMatches.get(variant.sku!) ?? []), variant.shopifyId]);
  const bundleBySku = new Map(bundles.map((bundle) => [bundle.sku, bundle.id]));

  const lineErrors: LineError[] = [...errors];
  const changes: { id: string; channelSku: string; before: Mapping; after: Mapping }[] = [];
  for (const row of rows) {
    const listing = listingBySku.get(row.channelSku);
    if (!listing) {
      lineErrors.push({ line: row.line, message: `channel_sku ${row.channelSku} is not a listing of this channel` });
      continue;
    }
    let variantId: string | null = null;
    let bundleId: string | null = null;
    if (row.variantId) {
      if (!knownVariantIds.has(row.variantId))
        lineErrors.push({ line: row.line, message: `variant_id ${row.variantId} is not a variant of this shop` });
      variantId = row.variantId;
      if (row.variantSku && !(skuMatches.get(row.variantSku) ?? []).includes(row.variantId))
        lineErrors.push({ line: row.line, message: `variant_sku ${row.variantSku} is not the SKU of ${row.variantId}` });
    } else if (row.variantSku) {
      const matches = skuMatches.get(row.variantSku) ?? [];
      if (matches.length !== 1)
        lineErrors.push({
          line: row.line,
          message: matches.length
            ? `variant_sku ${row.variantSku} belongs to ${matches.length} variants: give variant_id`
            : `no variant has SKU ${row.variantSku}`,
        });
      variantId = matches[0] ?? null;
    } else if (row.bundleSku) {
      bundleId = bundleBySku.get(row.bundleSku) ?? null;
      if (!bundleId) lineErrors.push({ line: row.line, message: `no bundle has SKU ${row.bundleSku}` });
    }
    const before: Mapping = { variantId: listing.variantId, bundleId: listing.bundleId, isFba: listing.isFba };
    const after: Mapping = { variantId, bundleId, isFba: row.isFba ?? listing.isFba };
    if (before.variantId !== after.variantId || before.bundleId !== after.bundleId || before.isFba !== after.isFba)
      changes.push({ id: listing.id, channelSku: listing.channelSku, before, after });
  }
  if (lineErrors.length)
    throw new AppError("validation_failed", `the CSV has ${lineErrors.length} error(s); nothing was imported`, {
      details: lineErrors.sort((a, b) => a.line - b.line),
    });

  await db().$transaction(async (tx) => {
    for (const change of changes)
      await tx.channelListing.update({
        where: { id: change.id },
        // A new mapping is a new desired quantity: forget the rejection of the old one.
        data: { ...change.after, lastError: null, lastErrorAt: null, errorQuantity: null },
        select: { id: true },
      });
    if (changes.length)
      await tx.channelMappingHistory.createMany({
        data: changes.map((change) => ({
          channelId: channel.id,
          channelSku: change.channelSku,
          source: "csv",
          before: change.before,
          after: change.after,
        })),
      });
  });
  return { rows: rows.length, changed: changes.length };
}

type Mapping = {
  variantId: string | null;
  bundleId: string | null;
  isFba: boolean;
};
