/**
 * inventory_levels/update, /connect and /disconnect. The REST payload carries only `available` (and
 * disconnect not even that), while ShopSync stores every
 * named quantity (on hand, committed, incoming, reserved): the level is fetched by GraphQL, with
 * its inventory item, and both are stored through the sync's ingest path (the item first, so a
 * level of an item the sync has not stored yet still lands).
 */
import { z } from "zod";
import { WEBHOOK_INVENTORY_LEVEL } from "../../shopify/queries/webhooks";
import type { WebhookInventoryLevelQuery } from "../../shopify/types/admin.generated";
import { adminClientFor } from "../../shopify/shop-tokens";
import { deleteInventoryLevel, upsertRecords } from "../record-queries";
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

/**
 * What Shopify says of the level now decides, whichever of the three topics told of it and in
 * whatever order they arrive: a level Shopify has is stored (its item first, so a level of an item
 * the sync has not stored yet still lands); a level Shopify no longer has (the item stopped being
 * stocked at that location) is removed from the copy, so its last quantity is never pushed to a
 * sales channel again. A level reconnected later comes back through inventory_levels/connect.
 */
const levelTopic = (topic: string) =>
  defineTopic({
    topic,
    schema: inventoryLevelPayload,
    resourceId: levelId,
    fetchesFromShopify: levelId,
    changesStock: true,
    handle: async ({ shop, prefetched }, payload) => {
      const id = levelId(payload);
      const level = prefetched?.has(id)
        ? (prefetched.get(id) as WebhookInventoryLevelQuery["inventoryLevel"])
        : (await adminClientFor(shop.domain).request(WEBHOOK_INVENTORY_LEVEL, { id })).data.inventoryLevel;
      if (!level?.item) {
        const removed = await deleteInventoryLevel(shop.id, id);
        return removed ? undefined : "the inventory level no longer exists in Shopify (none was stored)";
      }
      const { item, ...fields } = level;
      return upsertNote(await upsertRecords(shop.id, [{ value: item }, { value: fields, parentId: item.id }]), "inventory level");
    },
  });

export const inventoryLevelsUpdate = levelTopic("inventory_levels/update");
/** An item newly stocked at a location (inventoryActivate): the same payload as an update. */
export const inventoryLevelsConnect = levelTopic("inventory_levels/connect");
/** An item no longer stocked at a location (inventoryDeactivate): the payload has the two ids only. */
export const inventoryLevelsDisconnect = levelTopic("inventory_levels/disconnect");
