/**
 * The master catalogue on a marketplace channel: a MarketplaceListing per (channel, product) with the
 * channel's overrides. Every change that should reach the channel (publishing the catalogue, an
 * override) bumps the listing's version and writes the outbox message asking for the publish in
 * the same transaction; the relay sends it after the commit.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { Prisma } from "../../generated/prisma/client";
import { channelPublishRequested } from "../../../inngest/events";
import { findShopChannel } from "../channels/channel-queries";
import { isMarketplaceKind } from "../channels/connectors";
import { db } from "../db";
import { AppError } from "../errors";
import { findInstalledShop } from "../shops/shop-queries";
import { recordAudit, type AuditOrigin } from "../audit/audit-queries";
import type { ListingDraft } from "../channels/channel";
import { enqueueOutbox, relayOutboxSoon } from "./outbox";
import { previewListing } from "./publish";

type Tx = Prisma.TransactionClient;

const decimalPrice = z.string().regex(/^\d+(\.\d{1,2})?$/, "a decimal price such as 19.90");

export const listingOverridesSchema = z
  .object({
    title: z.string().trim().min(1).max(255).nullable().optional(),
    description: z.string().trim().min(1).max(5000).nullable().optional(),
    price: decimalPrice.nullable().optional(),
    /** Per-SKU prices over `price` (a conflict resolved with the channel's price sets one); replaces them all, null clears them. */
    skuPrices: z
      .record(
        z.string().min(1).max(100),
        decimalPrice.transform((price) => Number(price).toFixed(2)),
      )
      .nullable()
      .optional(),
    stockBuffer: z.number().int().min(0).max(100_000).optional(),
    categoryId: z.string().trim().min(1).max(64).nullable().optional(),
    attributes: z.record(z.string(), z.string()).optional(),
  })
  .strict();
export type ListingOverrides = z.infer<typeof listingOverridesSchema>;

async function marketplaceChannel(shopDomain: string, channelId: string) {
  const shop = await findInstalledShop(shopDomain);
  const channel = await findShopChannel(shop.id, channelId);
  if (!isMarketplaceKind(channel.kind))
    throw new AppError("bad_request", `${channel.kind} channels take stock only; publish to Shopee or TikTok Shop`);
  if (channel.status !== "active") throw new AppError("conflict", `the channel is ${channel.status.replace("_", " ")}; reconnect it first`);
  return { shop, channel };
}

/** The publish request, in the caller's transaction: one message per change (its own idempotency key). */
export async function enqueuePublish(tx: Tx, shopId: string, channelId: string): Promise<string> {
  const id = randomUUID();
  const event = channelPublishRequested.create({ shopId, channelId, outboxId: id });
  await enqueueOutbox(tx, { id, shopId, name: event.name, data: event.data, idempotencyKey: `publish:${channelId}:${id}` });
  return id;
}

/** After the commit: try to send now; a failure leaves the message for relay-outbox. */
export const relaySoon = relayOutboxSoon;

export const publishRequestSchema = z
  .object({
    /** Only these products (bulk publish from the product list); absent: every active product. */
    productIds: z.array(z.string().min(1)).min(1).max(1000).optional(),
    /** Answer what the publish would send, write nothing. */
    dryRun: z.boolean().optional(),
  })
  .strict();
export type PublishRequest = z.infer<typeof publishRequestSchema>;

/** Publishes the shop's catalogue (every active product, or the chosen ones) to the channel: 202 with the outbox message. */
export async function requestCatalogPublish(
  shopDomain: string,
  channelId: string,
  origin: AuditOrigin = { source: "merchant" },
  request: PublishRequest = {},
): Promise<{ outboxId: string; listings: number }> {
  const { shop } = await marketplaceChannel(shopDomain, channelId);
  const only = request.productIds ?? null;
  const result = await db().$transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO "MarketplaceListing" (id, "shopId", "channelId", "productId", "updatedAt")
      SELECT gen_random_uuid()::text, ${shop.id}, ${channelId}, p."shopifyId", now()
      FROM "Product" p WHERE p."shopId" = ${shop.id} AND p.status = 'ACTIVE'
        AND (${only}::text[] IS NULL OR p."shopifyId" = ANY(${only}::text[]))
      ON CONFLICT ("channelId", "productId") DO NOTHING`;
    const listings = await tx.$executeRaw`
      UPDATE "MarketplaceListing" SET version = version + 1, "updatedAt" = now()
      WHERE "channelId" = ${channelId} AND (${only}::text[] IS NULL OR "productId" = ANY(${only}::text[]))`;
    const outboxId = await enqueuePublish(tx, shop.id, channelId);
    await recordAudit(
      {
        shopId: shop.id,
        action: "catalog.published",
        subject: channelId,
        channelId,
        after: { listings, outboxId, ...(only ? { productIds: only } : {}) },
        origin,
      },
      tx,
    );
    return { outboxId, listings };
  });
  await relaySoon();
  return result;
}

/** The dry run of a publish: what each product (the chosen ones, or the first 50 active) would send, nothing written. */
export async function previewCatalogPublish(
  shopDomain: string,
  channelId: string,
  request: PublishRequest,
): Promise<{ dryRun: true; listings: { productId: string; draft: ListingDraft | null }[] }> {
  const { shop } = await marketplaceChannel(shopDomain, channelId);
  const productIds =
    request.productIds ??
    (
      await db().product.findMany({
        where: { shopId: shop.id, status: "ACTIVE" },
        orderBy: { shopifyId: "asc" },
        take: 50,
        select: { shopifyId: true },
      })
    ).map((product) => product.shopifyId);
  const listings = [];
  for (const productId of productIds.slice(0, 200)) listings.push({ productId, draft: await previewListing(channelId, productId) });
  return { dryRun: true, listings };
}

const overridesSelect = {
  titleOverride: true,
  descriptionOverride: true,
  priceOverride: true,
  skuPrices: true,
  stockBuffer: true,
  categoryId: true,
  attributes: true,
} as const;

function overridesOf(row: Prisma.MarketplaceListingGetPayload<{ select: typeof overridesSelect }>) {
  return {
    title: row.titleOverride,
    description: row.descriptionOverride,
    price: row.priceOverride?.toFixed(2) ?? null,
    skuPrices: row.skuPrices,
    stockBuffer: row.stockBuffer,
    categoryId: row.categoryId,
    attributes: row.attributes,
  };
}

/** A listing's overrides as the pages and the API show them (no per-SKU price or attribute: empty). */
export interface ListingOverridesView {
  title: string | null;
  description: string | null;
  price: string | null;
  skuPrices: Record<string, string>;
  stockBuffer: number;
  categoryId: string | null;
  attributes: Record<string, string>;
}

export function overridesView(row: Prisma.MarketplaceListingGetPayload<{ select: typeof overridesSelect }>): ListingOverridesView {
  const overrides = overridesOf(row);
  return {
    ...overrides,
    skuPrices: (overrides.skuPrices ?? {}) as Record<string, string>,
    attributes: (overrides.attributes ?? {}) as Record<string, string>,
  };
}

/** Sets a product's overrides on the channel and asks for its publish, with the audit record, in one transaction. */
export async function setListingOverrides(
  shopDomain: string,
  channelId: string,
  productId: string,
  overrides: ListingOverrides,
  origin: AuditOrigin = { source: "merchant" },
): Promise<{ outboxId: string }> {
  const { shop } = await marketplaceChannel(shopDomain, channelId);
  const product = await db().product.findUnique({
    where: { shopId_shopifyId: { shopId: shop.id, shopifyId: productId } },
    select: { shopifyId: true },
  });
  if (!product) throw new AppError("not_found", "no such product");
  const data = {
    ...(overrides.title !== undefined ? { titleOverride: overrides.title } : {}),
    ...(overrides.description !== undefined ? { descriptionOverride: overrides.description } : {}),
    ...(overrides.price !== undefined ? { priceOverride: overrides.price === null ? null : new Prisma.Decimal(overrides.price) } : {}),
    ...(overrides.skuPrices !== undefined ? { skuPrices: overrides.skuPrices ?? {} } : {}),
    ...(overrides.stockBuffer !== undefined ? { stockBuffer: overrides.stockBuffer } : {}),
    ...(overrides.categoryId !== undefined ? { categoryId: overrides.categoryId } : {}),
    ...(overrides.attributes !== undefined ? { attributes: overrides.attributes } : {}),
  };
  const outboxId = await db().$transaction(async (tx) => {
    const before = await tx.marketplaceListing.findUnique({
      where: { channelId_productId: { channelId, productId } },
      select: overridesSelect,
    });
    const after = await tx.marketplaceListing.upsert({
      where: { channelId_productId: { channelId, productId } },
      create: { shopId: shop.id, channelId, productId, version: 1, ...data },
      update: { ...data, version: { increment: 1 } },
      select: overridesSelect,
    });
    const id = await enqueuePublish(tx, shop.id, channelId);
    await recordAudit(
      {
        shopId: shop.id,
        action: "override.set",
        subject: productId,
        productId,
        channelId,
        before: before ? overridesOf(before) : null,
        after: overridesOf(after),
        origin,
      },
      tx,
    );
    return id;
  });
  await relaySoon();
  return { outboxId };
}

export interface CatalogListingView {
  productId: string;
  externalId: string | null;
  status: string;
  rejectReasons: string[];
  overrides: ListingOverridesView;
  version: number;
  publishedVersion: number;
  lastPublished: unknown;
  lastPublishedAt: string | null;
}

export async function channelCatalog(shopDomain: string, channelId: string): Promise<CatalogListingView[]> {
  const shop = await findInstalledShop(shopDomain);
  await findShopChannel(shop.id, channelId);
  const rows = await db().marketplaceListing.findMany({ where: { channelId }, orderBy: { productId: "asc" } });
  return rows.map((row) => ({
    productId: row.productId,
    externalId: row.externalId,
    status: row.status,
    rejectReasons: row.rejectReasons,
    overrides: overridesView(row),
    version: row.version,
    publishedVersion: row.publishedVersion,
    lastPublished: row.lastPublished,
    lastPublishedAt: row.lastPublishedAt?.toISOString() ?? null,
  }));
}
