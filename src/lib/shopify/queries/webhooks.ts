/**
 * Single-record fetches for webhooks whose payload does not carry every field ShopSync stores
 * (customers/*: no order count or amount spent; inventory_levels/update: only `available`).
 * They select the same fields as the full sync (fragments.ts), so every path stores one shape.
 */
import { CUSTOMER_FIELDS, INVENTORY_ITEM_FIELDS, INVENTORY_LEVEL_FIELDS } from "./fragments";

export const WEBHOOK_CUSTOMER = `#graphql
  query WebhookCustomer($id: ID!) {
    customer(id: $id) { ...CustomerFields }
  }
  ${CUSTOMER_FIELDS}
` as const;

export const WEBHOOK_INVENTORY_LEVEL = `#graphql
  query WebhookInventoryLevel($id: ID!) {
    inventoryLevel(id: $id) { ...InventoryLevelFields item { ...InventoryItemFields } }
  }
  ${INVENTORY_LEVEL_FIELDS}
  ${INVENTORY_ITEM_FIELDS}
` as const;

/**
 * The same records for a batch of webhooks at once (the drain: one request per ≤ 250 ids instead of
 * one per webhook). Nodes Shopify no longer has come back null.
 */
export const WEBHOOK_NODES = `#graphql
  query WebhookNodes($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ... on Customer { ...CustomerFields }
      ... on InventoryLevel { ...InventoryLevelFields item { ...InventoryItemFields } }
    }
  }
  ${CUSTOMER_FIELDS}
  ${INVENTORY_LEVEL_FIELDS}
  ${INVENTORY_ITEM_FIELDS}
` as const;
