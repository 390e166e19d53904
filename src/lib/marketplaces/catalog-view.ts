/**
 * What the catalogue pages show (server components call these): the product list with its filters
 * (channel, listing status, open conflicts, low stock, search) and one product's page (master data,
 * and per marketplace channel its overrides, status, the channel's reasons, open conflicts, history
 * and what the next publish would send).
 */
import { z } from "zod";
import { Prisma } from "../../generated/prisma/client";
import { MARKETPLACE_KINDS, type ListingDraft } from "../channels/channel";
import { listAudit, type AuditView } from "../audit/audit-queries";
import { db } from "../db";
import { AppError } from "../errors";
import { findInstalledShop } from "../shops/shop-queries";
import { listConflicts, type ConflictView } from "./conflicts/conflict-queries";
import { previewListing } from "./publish";
import { overridesView, type ListingOverridesView } from "./catalog";

/** A product without its own threshold (LowStockThreshold) is low on stock at this many units or fewer (active locations). */
export const LOW_STOCK_UNITS = 5;

export const LISTING_STATUSES = ["draft", "publishing", "live", "rejected", "delisted"] as const;

export const productListFiltersSchema = z.object({
  channel: z.string().min(1).optional(),
  status: z.enum(LISTING_STATUSES).optional(),
  conflicts: z.literal("1").optional(),
  lowStock: z.literal("1").optional(),
  q: z.string().trim().max(200).optional(),
});
export type ProductListFilters = z.infer<typeof productListFiltersSchema>;

export interface MarketplaceChannelRef {
  id: string;
  name: string;
  kind: string;
}

export interface ProductRow {
  productId: string;
  title: string;
  vendor: string | null;
  available: number;
  isLowStock: boolean;
  listings: { channelId: string; status: string; openConflicts: number }[];
}

async function marketplaceChannels(shopId: string): Promise<MarketplaceChannelRef[]> {
  return db().channelConnection.findMany({
    where: { shopId, kind: { in: [...MARKETPLACE_KINDS] } },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, kind: true },
  });
}

export async function catalogProductList(
  shopDomain: string,
  filters: ProductListFilters,
): Promise<{ channels: MarketplaceChannelRef[]; products: ProductRow[]; lowStockUnits: number }> {
  const shop = await findInstalledShop(shopDomain);
  const channels = await marketplaceChannels(shop.id);
  const listingWhere = Prisma.sql`l."shopId" = p."shopId" AND l."productId" = p."shopifyId"
    ${filters.channel ? Prisma.sql`AND l."channelId" = ${filters.channel}` : Prisma.empty}
    ${filters.status ? Prisma.sql`AND l.status = ${filters.status}` : Prisma.empty}`;
  const search = filters.q ? `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await db().$queryRaw<{ productId: string; title: string; vendor: string | null; available: bigint; threshold: number }[]>`
    SELECT p."shopifyId" AS "productId", p.title, p.vendor,
           COALESCE((SELECT t.threshold FROM "LowStockThreshold" t WHERE t."shopId" = p."shopId" AND t."productId" = p."shopifyId"), ${LOW_STOCK_UNITS}) AS threshold,
           COALESCE((SELECT SUM(GREATEST(il.available, 0)) FROM "ProductVariant" v
                     JOIN "InventoryLevel" il ON il."shopId" = v."shopId" AND il."inventoryItemId" = v."inventoryItemId"
                     LEFT JOIN "Location" loc ON loc."shopId" = il."shopId" AND loc."shopifyId" = il."locationId"
                     WHERE v."shopId" = p."shopId" AND v."productId" = p."shopifyId" AND loc."isActive" IS DISTINCT FROM false), 0) AS available
    FROM "Product" p
    WHERE p."shopId" = ${shop.id}
      ${filters.channel || filters.status ? Prisma.sql`AND EXISTS (SELECT 1 FROM "MarketplaceListing" l WHERE ${listingWhere})` : Prisma.empty}
      ${
        filters.conflicts
          ? Prisma.sql`AND EXISTS (SELECT 1 FROM "ListingConflict" c WHERE c."shopId" = p."shopId" AND c."productId" = p."shopifyId" AND c.status = 'open'
              ${filters.channel ? Prisma.sql`AND c."channelId" = ${filters.channel}` : Prisma.empty})`
          : Prisma.empty
      }
      ${
        search
          ? Prisma.sql`AND (p.title ILIKE ${search} OR EXISTS (SELECT 1 FROM "ProductVariant" v WHERE v."shopId" = p."shopId" AND v."productId" = p."shopifyId" AND v.sku ILIKE ${search}))`
          : Prisma.empty
      }
    ORDER BY p.title, p."shopifyId"
    LIMIT 500`;
  const filtered = filters.lowStock ? rows.filter((row) => Number(row.available) <= row.threshold) : rows;
  const productIds = filtered.map((row) => row.productId);
  const listings = await db().marketplaceListing.findMany({
    where: { shopId: shop.id, productId: { in: productIds } },
    select: { channelId: true, productId: true, status: true, _count: { select: { conflicts: { where: { status: "open" } } } } },
  });
  return {
    channels,
    lowStockUnits: LOW_STOCK_UNITS,
    products: filtered.slice(0, 200).map((row) => ({
      productId: row.productId,
      title: row.title,
      vendor: row.vendor,
      available: Number(row.available),
      isLowStock: Number(row.available) <= row.threshold,
      listings: listings
        .filter((listing) => listing.productId === row.productId)
        .map((listing) => ({ channelId: listing.channelId, status: listing.status, openConflicts: listing._count.conflicts })),
    })),
  };
}

export interface ChannelTab {
  channel: MarketplaceChannelRef;
  listing: {
    externalId: string | null;
    status: string;
    rejectReasons: string[];
    overrides: ListingOverridesView;
    pending: boolean;
    lastPublishedAt: string | null;
  } | null;
  conflicts: ConflictView[];
  history: AuditView[];
  /** What a publish would send now (the dry run), or null when the product has nothing to publish. */
  nextPublish: ListingDraft | null;
}

export interface ProductPage {
  product: { productId: string; title: string; vendor: string | null; productType: string | null; status: string };
  variants: { sku: string | null; title: string; price: string; available: number }[];
  tabs: ChannelTab[];
}

export async function catalogProductPage(shopDomain: string, productId: string): Promise<ProductPage> {
  const shop = await findInstalledShop(shopDomain);
  const product = await db().product.findUnique({
    where: { shopId_shopifyId: { shopId: shop.id, shopifyId: productId } },
    select: { shopifyId: true, title: true, vendor: true, productType: true, status: true },
  });
  if (!product) throw new AppError("not_found", "no such product");
  const variants = await db().$queryRaw<{ sku: string | null; title: string; price: Prisma.Decimal; available: bigint }[]>`
    SELECT v.sku, v.title, v.price, COALESCE(SUM(GREATEST(il.available, 0)) FILTER (WHERE loc."isActive" IS DISTINCT FROM false), 0) AS available
    FROM "ProductVariant" v
    LEFT JOIN "InventoryLevel" il ON il."shopId" = v."shopId" AND il."inventoryItemId" = v."inventoryItemId"
    LEFT JOIN "Location" loc ON loc."shopId" = il."shopId" AND loc."shopifyId" = il."locationId"
    WHERE v."shopId" = ${shop.id} AND v."productId" = ${productId}
    GROUP BY v."shopifyId", v.sku, v.title, v.price, v.position ORDER BY v.position`;
  const channels = await marketplaceChannels(shop.id);
  const history = await listAudit(shop.id, { productId, limit: 200 });
  const conflicts = await listConflicts(shop.id, { productId });
  const tabs: ChannelTab[] = [];
  for (const channel of channels) {
    const row = await db().marketplaceListing.findUnique({ where: { channelId_productId: { channelId: channel.id, productId } } });
    tabs.push({
      channel,
      listing: row
        ? {
            externalId: row.externalId,
            status: row.status,
            rejectReasons: row.rejectReasons,
            overrides: overridesView(row),
            pending: row.version > row.publishedVersion,
            lastPublishedAt: row.lastPublishedAt?.toISOString() ?? null,
          }
        : null,
      conflicts: conflicts.filter((conflict) => conflict.channelId === channel.id && conflict.status === "open"),
      history: history.filter((event) => event.channelId === channel.id || event.channelId === null),
      nextPublish: await previewListing(channel.id, productId),
    });
  }
  return {
    product: { ...product, productId: product.shopifyId },
    variants: variants.map((variant) => ({
      sku: variant.sku,
      title: variant.title,
      price: variant.price.toFixed(2),
      available: Number(variant.available),
    })),
    tabs,
  };
}
