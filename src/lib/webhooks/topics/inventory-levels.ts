/**
 * inventory_levels/update. The REST payload carries only `available`, while ShopSync stores every
 * named quantity (on hand, committed, incoming, reserved): the level is fetched by GraphQL, with
 * its inventory item, and both are stored through the sync's ingest path (the item first, so a
 * level of an item the sync has not stored yet still lands).
 */
import { z } from "zod";
import { WEBHOOK_INVENTORY_LEVEL } from "../../shopify/queries/webhooks";
import type { WebhookInventoryLevelQuery } from "../../shopify/types/admin.generated";
import { adminClientFor } from "../../shopify/shop-tokens";
import { upsertRecords } from "../record-queries";
import { defineTopic, restDateTime, restId, upsertNote } from "./define-topic";

export const inventoryLevelPayload = z.object({
  inventory_item_id: restId,
  location_id: restId,
  available: z.number().int().nullable().optional(),
  updated_at: restDateTime.nullable().optional(),
  admin_graphql_api_id: z
    .string()
    .regex(/^gid:\/\/shopify\/InventoryLevel\/\d+(\?inventory_item_id=\d+)?$/)
    .optional(),
});

const levelId = (payload: z.output<typeof inventoryLevelPayload>) =>
  payload.admin_graphql_api_id ?? `gid://shopify/InventoryLevel/${payload.location_id}?inventory_item_id=${payload.inventory_item_id}`;

export const inventoryLevelsUpdate = defineTopic({
  topic: "inventory_levels/update",
  schema: inventoryLevelPayload,
  resourceId: levelId,
  fetchesFromShopify: levelId,
  handle: async ({ shop, prefetched }, payload) => {
    const id = levelId(payload);
    const level = prefetched?.has(id)
      ? (prefetched.get(id) as WebhookInventoryLevelQuery["inventoryLevel"])
      : (await adminClientFor(shop.domain).request(WEBHOOK_INVENTORY_LEVEL, { id })).data.inventoryLevel;
    if (!level?.item) return "the inventory level no longer exists in Shopify";
    const { item, ...fields } = level;
    return upsertNote(await upsertRecords(shop.id, [{ value: item }, { value: fields, parentId: item.id }]), "inventory level");
  },
});
