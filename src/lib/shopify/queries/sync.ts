/**
 * Documents the full and incremental syncs send. Page sizes keep each paginated query's requested
 * cost under Shopify's 1,000-point ceiling (connections cost 2 + first x child cost).
 * The bulk queries obey Shopify's bulk rules: at most five connections, nesting depth two.
 */
import {
  CUSTOMER_FIELDS,
  INVENTORY_ITEM_FIELDS,
  INVENTORY_LEVEL_FIELDS,
  LINE_ITEM_FIELDS,
  LOCATION_FIELDS,
  ORDER_FIELDS,
  ORDER_FIELDS_WITHOUT_PII,
  PRODUCT_FIELDS,
  VARIANT_FIELDS,
} from "./fragments";
import { selectionOf } from "./selection";

/** Each count takes its own search (`<countKey>Query`): every resource has its own refresh window. */
export const COUNT_RESOURCES = `#graphql
  query CountResources($productsCountQuery: String, $ordersCountQuery: String, $customersCountQuery: String, $productVariantsCountQuery: String) {
    productsCount(limit: null, query: $productsCountQuery) { count precision }
    ordersCount(limit: null, query: $ordersCountQuery) { count precision }
    customersCount(limit: null, query: $customersCountQuery) { count precision }
    productVariantsCount(limit: null, query: $productVariantsCountQuery) { count precision }
  }
` as const;

export const PRODUCTS_PAGE = `#graphql
  query SyncProductsPage($first: Int!, $after: String, $query: String) {
    products(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      pageInfo { hasNextPage endCursor }
      nodes { ...ProductFields variants(first: 20) { pageInfo { hasNextPage endCursor } nodes { ...VariantFields } } }
    }
  }
  ${PRODUCT_FIELDS}
  ${VARIANT_FIELDS}
` as const;

/** Variants beyond the first 20 of a product with many (some have hundreds). */
export const PRODUCT_VARIANTS_PAGE = `#graphql
  query SyncProductVariantsPage($id: ID!, $after: String) {
    product(id: $id) { variants(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { ...VariantFields } } }
  }
  ${VARIANT_FIELDS}
` as const;

export const ORDERS_PAGE = `#graphql
  query SyncOrdersPage($first: Int!, $after: String, $query: String) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      pageInfo { hasNextPage endCursor }
      nodes { ...OrderFields lineItems(first: 20) { pageInfo { hasNextPage endCursor } nodes { ...LineItemFields } } }
    }
  }
  ${ORDER_FIELDS}
  ${LINE_ITEM_FIELDS}
` as const;

/** Used once Shopify has refused protected customer data (the order email) to this app. */
export const ORDERS_PAGE_WITHOUT_PII = `#graphql
  query SyncOrdersPageWithoutPii($first: Int!, $after: String, $query: String) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      pageInfo { hasNextPage endCursor }
      nodes { ...OrderFieldsWithoutPii lineItems(first: 20) { pageInfo { hasNextPage endCursor } nodes { ...LineItemFields } } }
    }
  }
  ${ORDER_FIELDS_WITHOUT_PII}
  ${LINE_ITEM_FIELDS}
` as const;

export const ORDER_LINE_ITEMS_PAGE = `#graphql
  query SyncOrderLineItemsPage($id: ID!, $after: String) {
    order(id: $id) { lineItems(first: 50, after: $after) { pageInfo { hasNextPage endCursor } nodes { ...LineItemFields } } }
  }
  ${LINE_ITEM_FIELDS}
` as const;

export const CUSTOMERS_PAGE = `#graphql
  query SyncCustomersPage($first: Int!, $after: String, $query: String) {
    customers(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      pageInfo { hasNextPage endCursor }
      nodes { ...CustomerFields }
    }
  }
  ${CUSTOMER_FIELDS}
` as const;

export const LOCATIONS_PAGE = `#graphql
  query SyncLocationsPage($after: String) {
    locations(first: 100, after: $after, includeInactive: true) {
      pageInfo { hasNextPage endCursor }
      nodes { ...LocationFields }
    }
  }
  ${LOCATION_FIELDS}
` as const;

export const INVENTORY_ITEMS_PAGE = `#graphql
  query SyncInventoryItemsPage($first: Int!, $after: String, $query: String) {
    inventoryItems(first: $first, after: $after, query: $query) {
      pageInfo { hasNextPage endCursor }
      nodes { ...InventoryItemFields inventoryLevels(first: 10) { pageInfo { hasNextPage endCursor } nodes { ...InventoryLevelFields } } }
    }
  }
  ${INVENTORY_ITEM_FIELDS}
  ${INVENTORY_LEVEL_FIELDS}
` as const;

export const INVENTORY_LEVELS_PAGE = `#graphql
  query SyncInventoryLevelsPage($id: ID!, $after: String) {
    inventoryItem(id: $id) { inventoryLevels(first: 50, after: $after) { pageInfo { hasNextPage endCursor } nodes { ...InventoryLevelFields } } }
  }
  ${INVENTORY_LEVEL_FIELDS}
` as const;

/**
 * One location's inventory levels updated since a time (query "updated_at:>=..."), each with its
 * item: a quantity change moves the level's updatedAt, not its item's, so this is how an incremental
 * sync finds quantities that changed. About 4 points a level.
 */
export const CHANGED_INVENTORY_LEVELS_PAGE = `#graphql
  query SyncChangedInventoryLevelsPage($location: ID!, $first: Int!, $after: String, $query: String) {
    location(id: $location) {
      inventoryLevels(first: $first, after: $after, query: $query) {
        pageInfo { hasNextPage endCursor }
        nodes { ...InventoryLevelFields item { ...InventoryItemFields } }
      }
    }
  }
  ${INVENTORY_LEVEL_FIELDS}
  ${INVENTORY_ITEM_FIELDS}
` as const;

const filter = (search: string | undefined) => (search ? `(query: ${JSON.stringify(search)})` : "");

const product = selectionOf(PRODUCT_FIELDS);
const variant = selectionOf(VARIANT_FIELDS);
const order = selectionOf(ORDER_FIELDS);
const orderWithoutPii = selectionOf(ORDER_FIELDS_WITHOUT_PII);
const lineItem = selectionOf(LINE_ITEM_FIELDS);
const customer = selectionOf(CUSTOMER_FIELDS);
const inventoryItem = selectionOf(INVENTORY_ITEM_FIELDS);
const inventoryLevel = selectionOf(INVENTORY_LEVEL_FIELDS);

/** Bulk queries (the `query` argument of bulkOperationRunQuery), optionally filtered by a search. */
export const BULK_QUERIES = {
  products: (search?: string) =>
    `{ products${filter(search)} { edges { node { ${product} variants { edges { node { ${variant} } } } } } } }`,
  orders: (search?: string) => `{ orders${filter(search)} { edges { node { ${order} lineItems { edges { node { ${lineItem} } } } } } } }`,
  ordersWithoutPii: (search?: string) =>
    `{ orders${filter(search)} { edges { node { ${orderWithoutPii} lineItems { edges { node { ${lineItem} } } } } } } }`,
  customers: (search?: string) => `{ customers${filter(search)} { edges { node { ${customer} } } } }`,
  inventory: (search?: string) =>
    `{ inventoryItems${filter(search)} { edges { node { ${inventoryItem} inventoryLevels { edges { node { ${inventoryLevel} } } } } } } }`,
} as const;

export const RUN_BULK_QUERY = `#graphql
  mutation RunBulkQuery($query: String!, $groupObjects: Boolean!) {
    bulkOperationRunQuery(query: $query, groupObjects: $groupObjects) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }
` as const;

export const BULK_OPERATION_STATUS = `#graphql
  query BulkOperationStatus($id: ID!) {
    bulkOperation(id: $id) { id status errorCode objectCount rootObjectCount fileSize url partialDataUrl completedAt }
  }
` as const;

export const CANCEL_BULK_OPERATION = `#graphql
  mutation CancelBulkOperation($id: ID!) {
    bulkOperationCancel(id: $id) { bulkOperation { id status } userErrors { field message } }
  }
` as const;
