/**
 * Every GraphQL document ShopSync sends to Shopify, by name. tests/unit/shopify-documents.test.ts
 * validates each against the pinned Admin schema (bulk queries with a sample search too), so an
 * unknown field or argument fails the suite before it reaches a merchant.
 */
import * as reconcile from "./reconcile";
import { ID_EXPORTS } from "./reconcile";
import * as sync from "./sync";
import * as webhookSubscriptions from "./webhook-subscriptions";
import * as webhooks from "./webhooks";

export const DOCUMENTS: Record<string, string> = {
  COUNT_RESOURCES: sync.COUNT_RESOURCES,
  PRODUCTS_PAGE: sync.PRODUCTS_PAGE,
  PRODUCT_VARIANTS_PAGE: sync.PRODUCT_VARIANTS_PAGE,
  ORDERS_PAGE: sync.ORDERS_PAGE,
  ORDERS_PAGE_WITHOUT_PII: sync.ORDERS_PAGE_WITHOUT_PII,
  ORDER_LINE_ITEMS_PAGE: sync.ORDER_LINE_ITEMS_PAGE,
  CUSTOMERS_PAGE: sync.CUSTOMERS_PAGE,
  LOCATIONS_PAGE: sync.LOCATIONS_PAGE,
  INVENTORY_ITEMS_PAGE: sync.INVENTORY_ITEMS_PAGE,
  INVENTORY_LEVELS_PAGE: sync.INVENTORY_LEVELS_PAGE,
  CHANGED_INVENTORY_LEVELS_PAGE: sync.CHANGED_INVENTORY_LEVELS_PAGE,
  RUN_BULK_QUERY: sync.RUN_BULK_QUERY,
  BULK_OPERATION_STATUS: sync.BULK_OPERATION_STATUS,
  CANCEL_BULK_OPERATION: sync.CANCEL_BULK_OPERATION,
  LIST_WEBHOOK_SUBSCRIPTIONS: webhookSubscriptions.LIST_WEBHOOK_SUBSCRIPTIONS,
  CREATE_WEBHOOK_SUBSCRIPTION: webhookSubscriptions.CREATE_WEBHOOK_SUBSCRIPTION,
  WEBHOOK_CUSTOMER: webhooks.WEBHOOK_CUSTOMER,
  WEBHOOK_INVENTORY_LEVEL: webhooks.WEBHOOK_INVENTORY_LEVEL,
  WEBHOOK_NODES: webhooks.WEBHOOK_NODES,
  RECONCILE_PRODUCTS: reconcile.RECONCILE_PRODUCTS,
  RECONCILE_VARIANTS: reconcile.RECONCILE_VARIANTS,
  RECONCILE_ORDERS: reconcile.RECONCILE_ORDERS,
  RECONCILE_ORDERS_WITHOUT_PII: reconcile.RECONCILE_ORDERS_WITHOUT_PII,
  RECONCILE_CUSTOMERS: reconcile.RECONCILE_CUSTOMERS,
  RECONCILE_LOCATIONS: reconcile.RECONCILE_LOCATIONS,
  RECONCILE_INVENTORY_ITEMS: reconcile.RECONCILE_INVENTORY_ITEMS,
};

/** Bulk operation queries, each rendered unfiltered and with a search. */
export const BULK_DOCUMENTS: Record<string, string> = Object.fromEntries(
  [...Object.entries(sync.BULK_QUERIES), ...Object.entries(ID_EXPORTS).map(([name, build]) => [`ids:${name}`, build] as const)].flatMap(
    ([name, build]) => [
      [`bulk:${name}`, build()],
      [`bulk:${name}:filtered`, build("updated_at:>='2026-01-01T00:00:00Z'")],
    ],
  ),
);
