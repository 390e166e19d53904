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

/** Each count takes its own search (`<countKey>Query`): every resource has its own refresh window. */
export const COUNT_RESOURCES = `#graphql
  query CountResources($productsCountQuery: String, $ordersCountQuery: String, $customersCountQuery: String, $productVariantsCountQuery: String) {
    productsCount(limit: null, query: $productsCountQuery) { count precision }
    ordersCount(limit: null, query: $ordersCountQuery) { count precision }
    customersCount(limit: null, query: $customersCountQuery) { count precision }
    productVariantsCount(limit: null, query: $productVariantsCountQuery) { count precision }
  }
`;

const PAGE_INFO = "pageInfo { hasNextPage endCursor }";

export const PRODUCTS_PAGE = `
  query SyncProductsPage($first: Int!, $after: String, $query: String) {
    products(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      ${PAGE_INFO}
      nodes { ${PRODUCT_FIELDS} variants(first: 20) { ${PAGE_INFO} nodes { ${VARIANT_FIELDS} } } }
    }
  }
`;

/** Variants beyond the first 20 of a product with many (some have hundreds). */
export const PRODUCT_VARIANTS_PAGE = `
  query SyncProductVariantsPage($id: ID!, $after: String) {
    product(id: $id) { variants(first: 100, after: $after) { ${PAGE_INFO} nodes { ${VARIANT_FIELDS} } } }
  }
`;

const ordersPage = (name: string, fields: string) => `
  query ${name}($first: Int!, $after: String, $query: String) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      ${PAGE_INFO}
      nodes { ${fields} lineItems(first: 20) { ${PAGE_INFO} nodes { ${LINE_ITEM_FIELDS} } } }
    }
  }
`;

export const ORDERS_PAGE = ordersPage("SyncOrdersPage", ORDER_FIELDS);
/** Used once Shopify has refused protected customer data (the order email) to this app. */
export const ORDERS_PAGE_WITHOUT_PII = ordersPage("SyncOrdersPageWithoutPii", ORDER_FIELDS_WITHOUT_PII);

export const ORDER_LINE_ITEMS_PAGE = `
  query SyncOrderLineItemsPage($id: ID!, $after: String) {
    order(id: $id) { lineItems(first: 50, after: $after) { ${PAGE_INFO} nodes { ${LINE_ITEM_FIELDS} } } }
  }
`;

export const CUSTOMERS_PAGE = `
  query SyncCustomersPage($first: Int!, $after: String, $query: String) {
    customers(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      ${PAGE_INFO}
      nodes { ${CUSTOMER_FIELDS} }
    }
  }
`;

export const LOCATIONS_PAGE = `
  query SyncLocationsPage($after: String) {
    locations(first: 100, after: $after, includeInactive: true) {
      ${PAGE_INFO}
      nodes { ${LOCATION_FIELDS} }
    }
  }
`;

export const INVENTORY_ITEMS_PAGE = `
  query SyncInventoryItemsPage($first: Int!, $after: String, $query: String) {
    inventoryItems(first: $first, after: $after, query: $query) {
      ${PAGE_INFO}
      nodes { ${INVENTORY_ITEM_FIELDS} inventoryLevels(first: 10) { ${PAGE_INFO} nodes { ${INVENTORY_LEVEL_FIELDS} } } }
    }
  }
`;

export const INVENTORY_LEVELS_PAGE = `
  query SyncInventoryLevelsPage($id: ID!, $after: String) {
    inventoryItem(id: $id) { inventoryLevels(first: 50, after: $after) { ${PAGE_INFO} nodes { ${INVENTORY_LEVEL_FIELDS} } } }
  }
`;

/**
 * One location's inventory levels updated since a time (query "updated_at:>=..."), each with its
 * item: a quantity change moves the level's updatedAt, not its item's, so this is how an incremental
 * sync finds quantities that changed. About 4 points a level.
 */
export const CHANGED_INVENTORY_LEVELS_PAGE = `
  query SyncChangedInventoryLevelsPage($location: ID!, $first: Int!, $after: String, $query: String) {
    location(id: $location) {
      inventoryLevels(first: $first, after: $after, query: $query) {
        ${PAGE_INFO}
        nodes { ${INVENTORY_LEVEL_FIELDS} item { ${INVENTORY_ITEM_FIELDS} } }
      }
    }
  }
`;

const filter = (search: string | undefined) => (search ? `(query: ${JSON.stringify(search)})` : "");

/** Bulk queries (the `query` argument of bulkOperationRunQuery), optionally filtered by a search. */
export const BULK_QUERIES = {
  products: (search?: string) =>
    `{ products${filter(search)} { edges { node { ${PRODUCT_FIELDS} variants { edges { node { ${VARIANT_FIELDS} } } } } } } }`,
  orders: (search?: string) =>
    `{ orders${filter(search)} { edges { node { ${ORDER_FIELDS} lineItems { edges { node { ${LINE_ITEM_FIELDS} } } } } } } }`,
  ordersWithoutPii: (search?: string) =>
    `{ orders${filter(search)} { edges { node { ${ORDER_FIELDS_WITHOUT_PII} lineItems { edges { node { ${LINE_ITEM_FIELDS} } } } } } } }`,
  customers: (search?: string) => `{ customers${filter(search)} { edges { node { ${CUSTOMER_FIELDS} } } } }`,
  inventory: (search?: string) =>
    `{ inventoryItems${filter(search)} { edges { node { ${INVENTORY_ITEM_FIELDS} inventoryLevels { edges { node { ${INVENTORY_LEVEL_FIELDS} } } } } } } }`,
} as const;

export const RUN_BULK_QUERY = `#graphql
  mutation RunBulkQuery($query: String!, $groupObjects: Boolean!) {
    bulkOperationRunQuery(query: $query, groupObjects: $groupObjects) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }
`;

export const BULK_OPERATION_STATUS = `#graphql
  query BulkOperationStatus($id: ID!) {
    bulkOperation(id: $id) { id status errorCode objectCount rootObjectCount fileSize url partialDataUrl completedAt }
  }
`;

export const CANCEL_BULK_OPERATION = `#graphql
  mutation CancelBulkOperation($id: ID!) {
    bulkOperationCancel(id: $id) { bulkOperation { id status } userErrors { field message } }
  }
`;
