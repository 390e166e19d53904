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

/**
 * Id-only bulk exports for the daily reconciliation: which records Shopify still has. Cheap on
 * Shopify's side at any store size (one bulk operation per resource, no pagination).
 */
const filter = (search: string | undefined) => (search ? `(query: ${JSON.stringify(search)})` : "");

export const ID_EXPORTS = {
  products: () => `{ products { edges { node { id } } } }`,
  variants: () => `{ productVariants { edges { node { id } } } }`,
  orders: (search?: string) => `{ orders${filter(search)} { edges { node { id } } } }`,
  customers: () => `{ customers { edges { node { id } } } }`,
  locations: () => `{ locations(includeInactive: true) { edges { node { id } } } }`,
  inventoryItems: () => `{ inventoryItems { edges { node { id } } } }`,
} as const;

/*
 * Records the daily reconciliation found missing from the copy, fetched by id (`nodes(ids:)`, at
 * most 250 ids a request) with the same fields as every other path (fragments.ts), children in the
 * same nested connections as the page documents so the paginated path's flattening (and its fetch
 * of children beyond the first page) applies unchanged.
 */
export const RECONCILE_PRODUCTS = `#graphql
  query ReconcileProducts($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Product { ...ProductFields variants(first: 20) { pageInfo { hasNextPage endCursor } nodes { ...VariantFields } } }
    }
  }
  ${PRODUCT_FIELDS}
  ${VARIANT_FIELDS}
` as const;

export const RECONCILE_VARIANTS = `#graphql
  query ReconcileVariants($ids: [ID!]!) {
    nodes(ids: $ids) { ... on ProductVariant { ...VariantFields product { id } } }
  }
  ${VARIANT_FIELDS}
` as const;

export const RECONCILE_ORDERS = `#graphql
  query ReconcileOrders($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Order { ...OrderFields lineItems(first: 20) { pageInfo { hasNextPage endCursor } nodes { ...LineItemFields } } }
    }
  }
  ${ORDER_FIELDS}
  ${LINE_ITEM_FIELDS}
` as const;

/** Once Shopify has refused protected customer data (the order email) to this app. */
export const RECONCILE_ORDERS_WITHOUT_PII = `#graphql
  query ReconcileOrdersWithoutPii($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Order { ...OrderFieldsWithoutPii lineItems(first: 20) { pageInfo { hasNextPage endCursor } nodes { ...LineItemFields } } }
    }
  }
  ${ORDER_FIELDS_WITHOUT_PII}
  ${LINE_ITEM_FIELDS}
` as const;

export const RECONCILE_CUSTOMERS = `#graphql
  query ReconcileCustomers($ids: [ID!]!) {
    nodes(ids: $ids) { ... on Customer { ...CustomerFields } }
  }
  ${CUSTOMER_FIELDS}
` as const;

export const RECONCILE_LOCATIONS = `#graphql
  query ReconcileLocations($ids: [ID!]!) {
    nodes(ids: $ids) { ... on Location { ...LocationFields } }
  }
  ${LOCATION_FIELDS}
` as const;

export const RECONCILE_INVENTORY_ITEMS = `#graphql
  query ReconcileInventoryItems($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on InventoryItem { ...InventoryItemFields inventoryLevels(first: 10) { pageInfo { hasNextPage endCursor } nodes { ...InventoryLevelFields } } }
    }
  }
  ${INVENTORY_ITEM_FIELDS}
  ${INVENTORY_LEVEL_FIELDS}
` as const;
