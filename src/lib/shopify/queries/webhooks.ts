/**
 * Single-record fetches for webhooks whose payload does not carry every field ShopSync stores
 * (customers/*: no order count or amount spent; inventory_levels/update: only `available`).
 * They select the same fields as the full sync (fragments.ts), so every path stores one shape.
 */
import { CUSTOMER_FIELDS, INVENTORY_ITEM_FIELDS, INVENTORY_LEVEL_FIELDS } from "./fragments";

export const WEBHOOK_CUSTOMER = `
  query WebhookCustomer($id: ID!) {
    customer(id: $id) { ${CUSTOMER_FIELDS} }
  }
`;

export const WEBHOOK_INVENTORY_LEVEL = `
  query WebhookInventoryLevel($id: ID!) {
    inventoryLevel(id: $id) { ${INVENTORY_LEVEL_FIELDS} item { ${INVENTORY_ITEM_FIELDS} } }
  }
`;
