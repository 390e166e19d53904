/**
 * Low-stock alerts per product and channel: a product's threshold (units, the merchant's per
 * product); a listing whose stock on its channel (what a publish sent, or what a read-back found
 * after sales there) is at or below it tells the shop once, through the notifications, and again
 * only after the stock rose above it. The alert and the listing's "told" mark are written in one
 * transaction with the outbox, so a crash neither loses nor repeats it.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { shopNotificationRequested } from "../../../inngest/events";
import { db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { findInstalledShop } from "../shops/shop-queries";
import { enqueueOutbox, relayOutboxSoon } from "./outbox";

export const lowStockThresholdSchema = z.object({ threshold: z.number().int().min(0).max(1_000_000).nullable() }).strict();

async function shopProduct(shopDomain: string, productId: string): Promise<{ shopId: string }> {
  const shop = await findInstalledShop(shopDomain);
  const product = await db().product.findUnique({
    where: { shopId_shopifyId: { shopId: shop.id, shopifyId: productId } },
    select: { shopifyId: true },
  });
  if (!product) throw new AppError("not_found", "no such product");
  return { shopId: shop.id };
}

export async function productLowStockThreshold(shopDomain: string, productId: string) {
  const { shopId } = await shopProduct(shopDomain, productId);
  const row = await db().lowStockThreshold.findUnique({ where: { shopId_productId: { shopId, productId } }, select: { threshold: true } });
  return { productId, threshold: row?.threshold ?? null };
}

/** Sets (or, with null, removes) the product's threshold; it applies from the next publish or read-back. */
export async function setProductLowStockThreshold(shopDomain: string, productId: string, body: unknown) {
  const { threshold } = lowStockThresholdSchema.parse(body);
  const { shopId } = await shopProduct(shopDomain, productId);
  if (threshold === null) await db().lowStockThreshold.deleteMany({ where: { shopId, productId } });
  else
    await db().lowStockThreshold.upsert({
      where: { shopId_productId: { shopId, productId } },
      create: { shopId, productId, threshold },
      update: { threshold },
      select: { id: true },
    });
  return { productId, threshold };
}

/** A listing's stock on its channel: every SKU's units. */
export const totalStock = (skus: { quantity: number }[]): number => skus.reduce((sum, sku) => sum + sku.quantity, 0);

/** Compares a listing's stock on its channel with its product's threshold and tells the shop on the way down. */
export async function checkLowStock(listingId: string, stock: number): Promise<"alerted" | "cleared" | "unchanged"> {
  const outcome = await db().$transaction(async (tx) => {
    const [listing] = await tx.$queryRaw<{ shopId: string; channelId: string; productId: string; lowStockNotifiedAt: Date | null }[]>`
      SELECT "shopId", "channelId", "productId", "lowStockNotifiedAt" FROM "MarketplaceListing" WHERE id = ${listingId} FOR UPDATE`;
    if (!listing) return "unchanged" as const;
    const threshold = await tx.lowStockThreshold.findUnique({
      where: { shopId_productId: { shopId: listing.shopId, productId: listing.productId } },
      select: { threshold: true },
    });
    const isLow = threshold !== null && stock <= threshold.threshold;
    if (!isLow) {
      if (!listing.lowStockNotifiedAt) return "unchanged" as const;
      await tx.marketplaceListing.update({ where: { id: listingId }, data: { lowStockNotifiedAt: null }, select: { id: true } });
      return "cleared" as const;
    }
    if (listing.lowStockNotifiedAt) return "unchanged" as const;
    await tx.marketplaceListing.update({ where: { id: listingId }, data: { lowStockNotifiedAt: new Date() }, select: { id: true } });
    const product = await tx.product.findUnique({
      where: { shopId_shopifyId: { shopId: listing.shopId, shopifyId: listing.productId } },
      select: { title: true },
    });
    const channel = await tx.channelConnection.findUniqueOrThrow({ where: { id: listing.channelId }, select: { name: true } });
    const id = randomUUID();
    const event = shopNotificationRequested.create({
      shopId: listing.shopId,
      kind: "low_stock",
      requestedAt: new Date().toISOString(),
      facts: {
        product: product?.title ?? listing.productId,
        channel: channel.name,
        stock,
        threshold: threshold.threshold,
        productUrl: new URL(`/dashboard/catalog/${encodeURIComponent(listing.productId)}`, env().APP_URL).toString(),
      },
    });
    await enqueueOutbox(tx, {
      id,
      shopId: listing.shopId,
      name: event.name,
      data: event.data,
      idempotencyKey: `low-stock:${listingId}:${id}`,
    });
    return "alerted" as const;
  });
  if (outcome === "alerted") await relayOutboxSoon();
  return outcome;
}
