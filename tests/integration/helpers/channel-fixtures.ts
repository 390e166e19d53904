/**
 * Channel test fixtures: a shop whose synced tables hold exactly the Shopify simulator's generated
 * store (the same generator the channel simulators derive their demo listings from), written with
 * plain SQL as the sync would leave them, and the expected desired quantity of a variant.
 */
import { generateStore, type StoreSize } from "../../../dev/shopify-sim/generator.ts";
import { inventoryLevelGid, toGid } from "../../../dev/shopify-sim/ids.ts";
import type { ShopStore } from "../../../dev/shopify-sim/store/shop-store.ts";
import { queryRows } from "./database";

export interface SeededShop {
  shopId: string;
  domain: string;
  store: ShopStore;
}

export async function seedShopFromStore(options: { size: StoreSize; seed: number; domain?: string }): Promise<SeededShop> {
  const domain = options.domain ?? "demo.myshopify.com";
  const store = generateStore({ domain, size: options.size, seed: options.seed });
  const shopId = `shop-${domain}`;
  await queryRows(`INSERT INTO "Shop" (id, domain, scopes, "installedAt", "updatedAt") VALUES ($1, $2, '', now(), now())`, [
    shopId,
    domain,
  ]);
  const locations = [...store.locations.values()];
  await queryRows(
    `INSERT INTO "Location" ("shopId", "shopifyId", name, "isActive", "shopifyUpdatedAt") SELECT $1, * , now() FROM unnest($2::text[], $3::text[], $4::boolean[])`,
    [shopId, locations.map((l) => toGid("Location", l.id)), locations.map((l) => l.name), locations.map((l) => l.isActive)],
  );
  const products = [...store.products.values()];
  await queryRows(
    `INSERT INTO "Product" ("shopId", "shopifyId", title, handle, status, tags, "shopifyCreatedAt", "shopifyUpdatedAt")
     SELECT $1, id, title, handle, 'ACTIVE', '{}', now(), now() FROM unnest($2::text[], $3::text[], $4::text[]) AS p(id, title, handle)`,
    [shopId, products.map((p) => toGid("Product", p.id)), products.map((p) => p.title), products.map((p) => p.handle)],
  );
  const variants = [...store.variants.values()];
  await queryRows(
    `INSERT INTO "ProductVariant" ("shopId", "shopifyId", "productId", title, sku, price, position, "inventoryItemId", "shopifyCreatedAt", "shopifyUpdatedAt")
     SELECT $1, id, product_id, 'v', sku, 1, 1, item_id, now(), now() FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS v(id, product_id, sku, item_id)`,
    [
      shopId,
      variants.map((v) => toGid("ProductVariant", v.id)),
      variants.map((v) => toGid("Product", v.productId)),
      variants.map((v) => v.sku),
      variants.map((v) => toGid("InventoryItem", v.inventoryItemId)),
    ],
  );
  const items = variants.map((v) => store.inventoryItems.get(v.inventoryItemId)!);
  await queryRows(
    `INSERT INTO "InventoryItem" ("shopId", "shopifyId", tracked, "shopifyCreatedAt", "shopifyUpdatedAt")
     SELECT $1, id, tracked, now(), now() FROM unnest($2::text[], $3::boolean[]) AS i(id, tracked)`,
    [shopId, items.map((i) => toGid("InventoryItem", i.id)), items.map((i) => i.tracked)],
  );
  const levels = items.flatMap((item) => store.levelsOfItem(item.id));
  await queryRows(
    `INSERT INTO "InventoryLevel" ("shopId", "shopifyId", "inventoryItemId", "locationId", available, "onHand", committed, incoming, reserved, "shopifyUpdatedAt")
     SELECT $1, id, item_id, location_id, available, 0, 0, 0, 0, now() FROM unnest($2::text[], $3::text[], $4::text[], $5::int[]) AS l(id, item_id, location_id, available)`,
    [
      shopId,
      levels.map((l) => inventoryLevelGid(l.locationId, l.inventoryItemId)),
      levels.map((l) => toGid("InventoryItem", l.inventoryItemId)),
      levels.map((l) => toGid("Location", l.locationId)),
      levels.map((l) => l.quantities.available),
    ],
  );
  return { shopId, domain, store };
}

/** What a channel should show for a variant of the generated store: available at active locations (negatives as 0) minus the buffer. */
export function expectedVariantQuantity(store: ShopStore, sku: string, buffer = 0): number | null {
  const variant = [...store.variants.values()].find((v) => v.sku === sku);
  if (!variant) return null;
  if (!store.inventoryItems.get(variant.inventoryItemId)?.tracked) return null;
  const available = store
    .levelsOfItem(variant.inventoryItemId)
    .filter((level) => store.locations.get(level.locationId)?.isActive)
    .reduce((sum, level) => sum + Math.max(0, level.quantities.available), 0);
  return Math.max(0, available - buffer);
}

export const variantGidOfSku = (store: ShopStore, sku: string): string =>
  toGid("ProductVariant", [...store.variants.values()].find((v) => v.sku === sku)!.id);
