/**
 * Publishing a marketplace channel's pending listings (version ahead of the published one), a batch
 * per durable step: each listing's draft is the master product (title, variants with SKUs, Shopify
 * prices, available stock at the channel's locations
 * (active locations, or the channel's; negatives count as 0; minus the channel's and the listing's
 * buffers) with the channel's overrides applied. The publisher creates or updates it and the row takes what the channel read back (ids, status, the
 * channel's reasons) and the version it published. A change made while publishing keeps the row
 * pending (its version moved on), so it is published again.
 */
import type { ListingDraft, ListingPublisher } from "../channels/channel";
import { channelShopTokenStore, loadChannelForPush, markChannelNeedsCredentials } from "../channels/channel-queries";
import { createPublisher } from "../channels/connectors";
import { ChannelAuthError } from "../channels/errors";
import { db } from "../db";
import { Prisma } from "../../generated/prisma/client";
import { fieldValue, withFieldValues } from "./conflicts/conflict-fields";
import { recordEditsBeforePublish } from "./conflicts/edits-before-publish";
import { checkLowStock, totalStock } from "./low-stock";
import { storeChannelStatus } from "./listing-status";
import { defaultListingCategories } from "../env";
import { isMarketplaceKind } from "../channels/channel";

/** Why a listing with no category of its own, on a channel kind with no default one, is not sent. */
const NO_CATEGORY_REASON = "No category: choose this listing's category on its product page before it can be published.";

export type PublishBatchOutcome =
  | { status: "published"; published: number; rejected: number; remaining: number }
  | { status: "auth_failed"; error: string }
  | { status: "inactive" };

interface PendingListing {
  id: string;
  productId: string;
  version: number;
  externalId: string | null;
  titleOverride: string | null;
  descriptionOverride: string | null;
  priceOverride: Prisma.Decimal | null;
  stockBuffer: number;
  categoryId: string | null;
  attributes: Prisma.JsonValue;
  skuPrices: Prisma.JsonValue;
  lastPublished: Prisma.JsonValue;
  lastPublishedAt: Date | null;
}

/** The draft of one listing: master data with the overrides applied; null when the product is gone or has no SKU. */
export async function listingDraft(
  channel: { id: string; kind: string; shopId: string; locationIds: string[]; safetyBuffer: number },
  listing: PendingListing,
): Promise<ListingDraft | null> {
  const product = await db().product.findUnique({
    where: { shopId_shopifyId: { shopId: channel.shopId, shopifyId: listing.productId } },
    select: { title: true, vendor: true, productType: true },
  });
  if (!product) return null;
  const variants = await db().$queryRaw<{ sku: string; price: Prisma.Decimal; available: bigint }[]>`
    SELECT v.sku, v.price,
           COALESCE(SUM(GREATEST(l.available, 0)) FILTER (
             WHERE cardinality(${channel.locationIds}::text[]) = 0 OR l."locationId" = ANY(${channel.locationIds}::text[])), 0) AS available
    FROM "ProductVariant" v
    LEFT JOIN ("InventoryLevel" l LEFT JOIN "Location" loc ON loc."shopId" = l."shopId" AND loc."shopifyId" = l."locationId")
      ON l."shopId" = v."shopId" AND l."inventoryItemId" = v."inventoryItemId" AND loc."isActive" IS DISTINCT FROM false
    WHERE v."shopId" = ${channel.shopId} AND v."productId" = ${listing.productId} AND v.sku IS NOT NULL AND v.sku <> ''
    GROUP BY v."shopifyId", v.sku, v.price, v.position
    ORDER BY v.position`;
  if (variants.length === 0) return null;
  const held = channel.safetyBuffer + listing.stockBuffer;
  const skuPrices = (listing.skuPrices ?? {}) as Record<string, string>;
  return {
    externalId: listing.externalId,
    title: listing.titleOverride ?? product.title,
    description:
      listing.descriptionOverride ??
      [product.title, product.vendor ? `by ${product.vendor}` : "", product.productType ? `(${product.productType})` : ""]
        .filter(Boolean)
        .join(" "),
    // Empty: no category of its own and none configured for the kind (the publish refuses to send it).
    categoryId: listing.categoryId ?? (isMarketplaceKind(channel.kind) ? defaultListingCategories()[channel.kind] : undefined) ?? "",
    attributes: (listing.attributes ?? {}) as Record<string, string>,
    skus: variants.map((variant) => ({
      sku: variant.sku,
      price: skuPrices[variant.sku] ?? (listing.priceOverride ?? variant.price).toFixed(2),
      quantity: Math.max(0, Number(variant.available) - held),
    })),
  };
}

export async function publishNextBatch(channelId: string, batchSize: number): Promise<PublishBatchOutcome> {
  const channel = await loadChannelForPush(channelId);
  if (!channel || channel.status !== "active") return { status: "inactive" };
  const settings = await db().channelConnection.findUniqueOrThrow({
    where: { id: channelId },
    select: { locationIds: true, safetyBuffer: true },
  });
  const publisher: ListingPublisher = createPublisher({
    id: channel.id,
    kind: channel.kind,
    credentials: channel.credentials,
    shopTokenStore: channelShopTokenStore(channel.id),
  });
  const pending = await db().$queryRaw<{ id: string }[]>`
    SELECT id FROM "MarketplaceListing" WHERE "channelId" = ${channelId} AND version > "publishedVersion"
    ORDER BY "productId" LIMIT ${batchSize}`;
  let published = 0;
  let rejected = 0;
  const context = { ...channel, ...settings };
  for (const { id } of pending) {
    let prepared;
    let observedAt: Date;
    let outcome;
    try {
      prepared = await prepareDraft(publisher, id, context);
      if (!prepared) continue;
      if (!prepared.draft.categoryId) {
        // Never a made-up category on a real marketplace: the listing waits for the merchant's choice, saying so.
        rejected += 1;
        await refuseUnsent(prepared.listing);
        continue;
      }
      // Taken before the channel is asked: a read-back that started later saw a newer status.
      observedAt = new Date();
      outcome = await publisher.publishListing(prepared.draft);
    } catch (error) {
      if (error instanceof ChannelAuthError) {
        await markChannelNeedsCredentials(channelId, error.message);
        return { status: "auth_failed", error: error.message };
      }
      throw error;
    }
    const { listing, draft } = prepared;
    const sent = { title: draft.title, description: draft.description, skus: draft.skus } as Prisma.InputJsonValue;
    if (outcome.ok) {
      published += 1;
      if (outcome.snapshot.status === "rejected") rejected += 1;
    } else rejected += 1;
    await db().marketplaceListing.update({
      where: { id: listing.id },
      data: outcome.ok
        ? {
            externalId: outcome.snapshot.externalId,
            publishedVersion: listing.version,
            lastPublished: sent,
            lastPublishedAt: new Date(),
          }
        : { publishedVersion: listing.version },
      select: { id: true },
    });
    await storeChannelStatus(
      listing.id,
      outcome.ok
        ? { status: outcome.snapshot.status, reasons: outcome.snapshot.reasons }
        : { status: "rejected", reasons: outcome.reasons },
      observedAt,
    );
    if (outcome.ok) await checkLowStock(listing.id, totalStock(draft.skus));
  }
  const remaining = await db().$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM "MarketplaceListing" WHERE "channelId" = ${channelId} AND version > "publishedVersion"`;
  return { status: "published", published, rejected, remaining: Number(remaining[0]?.count ?? 0) };
}

/** A listing not sent for want of a category: its version counts as handled (no retry loop) and its status says why. */
async function refuseUnsent(listing: PendingListing): Promise<void> {
  await db().marketplaceListing.update({ where: { id: listing.id }, data: { publishedVersion: listing.version }, select: { id: true } });
  await storeChannelStatus(listing.id, { status: "rejected", reasons: [NO_CATEGORY_REASON] }, new Date());
}

/**
 * A pending listing as the publish sees it: open conflicts first, then the row (a resolution commits
 * its override with the conflict's close, so a conflict seen closed here always comes with its
 * override in the row read next), and the master draft (null: nothing to publish).
 */
async function loadForPublish(
  id: string,
  channel: PublishContext,
): Promise<{ listing: PendingListing; open: OpenConflict[]; masterDraft: ListingDraft | null } | null> {
  const open = await openConflictsForPublish(id);
  const [listing] = await db().$queryRaw<PendingListing[]>`
    SELECT ${LISTING_COLUMNS} FROM "MarketplaceListing" WHERE id = ${id}`;
  if (!listing) return null;
  return { listing, open, masterDraft: await listingDraft(channel, listing) };
}

type OpenConflict = { id: string; field: string; masterValue: string; channelValue: string };

type PublishContext = { id: string; kind: string; shopId: string; locationIds: string[]; safetyBuffer: number };

/**
 * What to send for a pending listing; null when there is nothing to publish (a product gone or
 * without SKUs: the row is marked published). An existing listing is read from the channel first
 * (through the same connector, so the same pacing): an edit made there since ShopSync's last publish
 * whose notification is late or lost becomes a conflict, and its value is kept, not overwritten.
 */
async function prepareDraft(
  publisher: ListingPublisher,
  id: string,
  channel: PublishContext,
): Promise<{ listing: PendingListing; draft: ListingDraft } | null> {
  let loaded = await loadForPublish(id, channel);
  if (loaded?.listing.externalId && loaded.masterDraft) {
    const current = await publisher.readListing(loaded.listing.externalId);
    const edits = { ...loaded.listing, shopId: channel.shopId, channelId: channel.id };
    if (current && (await recordEditsBeforePublish(edits, current, loaded.masterDraft))) loaded = await loadForPublish(id, channel);
  }
  if (!loaded) return null;
  if (!loaded.masterDraft) {
    await db().marketplaceListing.update({
      where: { id: loaded.listing.id },
      data: { publishedVersion: loaded.listing.version },
      select: { id: true },
    });
    return null;
  }
  return { listing: loaded.listing, draft: await keepOpenConflicts(loaded.open, loaded.masterDraft) };
}

/**
 * Nothing is overwritten silently: a field with an open conflict keeps the channel's value until the
 * conflict is resolved. The conflict's master value follows the master meanwhile (what "use master"
 * would publish).
 */
async function openConflictsForPublish(listingId: string) {
  return db().listingConflict.findMany({
    where: { listingId, status: "open" },
    select: { id: true, field: true, masterValue: true, channelValue: true },
  });
}

async function keepOpenConflicts(open: OpenConflict[], draft: ListingDraft): Promise<ListingDraft> {
  for (const conflict of open) {
    const masterValue = fieldValue(draft, conflict.field);
    if (masterValue !== undefined && masterValue !== conflict.masterValue)
      await db().listingConflict.updateMany({ where: { id: conflict.id, status: "open" }, data: { masterValue } });
  }
  return withOpenConflicts(open, draft);
}

const withOpenConflicts = (open: { field: string; channelValue: string }[], draft: ListingDraft): ListingDraft =>
  withFieldValues(
    draft,
    open.map((conflict) => ({ field: conflict.field, value: conflict.channelValue })),
  );

const LISTING_COLUMNS = Prisma.sql`id, "productId", version, "externalId", "titleOverride", "descriptionOverride", "priceOverride", "stockBuffer", "categoryId", attributes, "skuPrices", "lastPublished", "lastPublishedAt"`;

/**
 * The dry run of one product's publish on a channel: exactly the draft publish-channel would send
 * now (master, overrides, open conflicts' channel values), written nowhere. A product not listed
 * there yet is previewed with no overrides.
 */
export async function previewListing(channelId: string, productId: string): Promise<ListingDraft | null> {
  const channel = await db().channelConnection.findUnique({
    where: { id: channelId },
    select: { id: true, kind: true, shopId: true, locationIds: true, safetyBuffer: true },
  });
  if (!channel) return null;
  const [row] = await db().$queryRaw<PendingListing[]>`
    SELECT ${LISTING_COLUMNS} FROM "MarketplaceListing" WHERE "channelId" = ${channelId} AND "productId" = ${productId}`;
  const listing: PendingListing = row ?? {
    id: "",
    productId,
    version: 0,
    externalId: null,
    titleOverride: null,
    descriptionOverride: null,
    priceOverride: null,
    stockBuffer: 0,
    categoryId: null,
    attributes: {},
    skuPrices: {},
    lastPublished: null,
    lastPublishedAt: null,
  };
  const draft = await listingDraft(channel, listing);
  if (!draft) return null;
  return row ? withOpenConflicts(await openConflictsForPublish(row.id), draft) : draft;
}
