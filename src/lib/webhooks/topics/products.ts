/**
 * products/create, products/update, products/delete. The REST product carries every field
 * ShopSync stores for a product and its variants, so it is mapped to the GraphQL node shape and
 * stored through the sync's ingest path without a call to Shopify.
 */
import { z } from "zod";
import { upsertParentWithChildren } from "../record-queries";
import { defineDeleteTopic, defineTopic, gid, restDateTime, restId, restMoney, splitTags, upsertNote } from "./define-topic";

/** Shopify's REST product lists at most this many variants: a longer list may be cut short. */
const REST_VARIANT_LIMIT = 100;

const variantPayload = z.object({
  id: restId,
  title: z.string(),
  sku: z.string().nullable(),
  barcode: z.string().nullable().optional(),
  price: restMoney,
  compare_at_price: restMoney.nullable().optional(),
  position: z.number().int(),
  created_at: restDateTime,
  updated_at: restDateTime,
  inventory_item_id: restId.nullable().optional(),
});

export const productPayload = z.object({
  id: restId,
  title: z.string(),
  handle: z.string(),
  status: z.string(),
  vendor: z.string().nullable(),
  product_type: z.string().nullable(),
  tags: z.string(),
  created_at: restDateTime,
  updated_at: restDateTime,
  variants: z.array(variantPayload),
});

export type ProductPayload = z.output<typeof productPayload>;

/** The REST product as the GraphQL nodes the full sync reads (queries/fragments.ts). */
export function productNodes(product: ProductPayload) {
  const productId = gid("Product", product.id);
  return {
    parent: {
      value: {
        id: productId,
        title: product.title,
        handle: product.handle,
        status: product.status.toUpperCase(),
        vendor: product.vendor,
        productType: product.product_type,
        tags: splitTags(product.tags),
        createdAt: product.created_at,
        updatedAt: product.updated_at,
      },
    },
    children: product.variants.map((variant) => ({
      parentId: productId,
      value: {
        id: gid("ProductVariant", variant.id),
        title: variant.title,
        sku: variant.sku,
        barcode: variant.barcode ?? null,
        price: variant.price,
        compareAtPrice: variant.compare_at_price ?? null,
        position: variant.position,
        createdAt: variant.created_at,
        updatedAt: variant.updated_at,
        inventoryItem: variant.inventory_item_id ? { id: gid("InventoryItem", variant.inventory_item_id) } : null,
      },
    })),
    isCompleteList: product.variants.length < REST_VARIANT_LIMIT,
  };
}

const upsertProduct = (topic: string) =>
  defineTopic({
    topic,
    schema: productPayload,
    resourceId: (product) => gid("Product", product.id),
    handle: async ({ shop }, product) => {
      const outcome = await upsertParentWithChildren(shop.id, "Product", productNodes(product), {
        resourceId: gid("Product", product.id),
        deleteTopic: "products/delete",
      });
      return upsertNote(outcome, "product");
    },
  });

export const productsCreate = upsertProduct("products/create");
export const productsUpdate = upsertProduct("products/update");

/** Variants cascade with their product. */
export const productsDelete = defineDeleteTopic("products/delete", "Product");
