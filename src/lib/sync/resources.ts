/**
 * What syncing each resource means: its root node type, the paginated query and how to follow a
 * nested connection that did not fit in the page, the bulk query, and which count total it uses.
 */
import {
  BULK_QUERIES,
  CUSTOMERS_PAGE,
  INVENTORY_ITEMS_PAGE,
  INVENTORY_LEVELS_PAGE,
  ORDER_LINE_ITEMS_PAGE,
  ORDERS_PAGE,
  ORDERS_PAGE_WITHOUT_PII,
  PRODUCT_VARIANTS_PAGE,
  PRODUCTS_PAGE,
} from "../shopify/queries/sync";
import type { AdminOperation } from "../shopify/admin-client";
import type { SyncResourceName } from "./sync-runs";

export interface NestedConnection {
  /** Field of the root node holding the child connection. */
  field: string;
  /** Query for the rest of the children: variables { id, after }, answer at data[rootField][field]. */
  document: AdminOperation;
  rootField: string;
}

/** The same query without fields Shopify guards as protected customer data. */
export interface WithoutProtectedData {
  pageDocument: AdminOperation;
  bulkQuery: (search?: string) => string;
  /** What the merchant loses, in plain words (shown on the stage). */
  note: string;
}

export interface ResourceConfig {
  resource: SyncResourceName;
  connection: string;
  pageDocument: AdminOperation;
  pageSize: number;
  nested?: NestedConnection;
  bulkQuery: (search?: string) => string;
  /** When Shopify answers ACCESS_DENIED, the stage continues with this instead of failing. */
  withoutProtectedData?: WithoutProtectedData;
  /** Key of the CountResources answer giving this stage's total. */
  countKey: "productsCount" | "ordersCount" | "customersCount" | "productVariantsCount";
}

export const RESOURCES: Record<SyncResourceName, ResourceConfig> = {
  products: {
    resource: "products",
    connection: "products",
    pageDocument: PRODUCTS_PAGE,
    pageSize: 20,
    nested: { field: "variants", document: PRODUCT_VARIANTS_PAGE, rootField: "product" },
    bulkQuery: BULK_QUERIES.products,
    countKey: "productsCount",
  },
  orders: {
    resource: "orders",
    connection: "orders",
    pageDocument: ORDERS_PAGE,
    pageSize: 8,
    nested: { field: "lineItems", document: ORDER_LINE_ITEMS_PAGE, rootField: "order" },
    bulkQuery: BULK_QUERIES.orders,
    withoutProtectedData: {
      pageDocument: ORDERS_PAGE_WITHOUT_PII,
      bulkQuery: BULK_QUERIES.ordersWithoutPii,
      note: "Order emails were not copied: Shopify has not granted this app access to protected customer data.",
    },
    countKey: "ordersCount",
  },
  customers: {
    resource: "customers",
    connection: "customers",
    pageDocument: CUSTOMERS_PAGE,
    pageSize: 200,
    bulkQuery: BULK_QUERIES.customers,
    countKey: "customersCount",
  },
  inventory: {
    resource: "inventory",
    connection: "inventoryItems",
    pageDocument: INVENTORY_ITEMS_PAGE,
    pageSize: 20,
    nested: { field: "inventoryLevels", document: INVENTORY_LEVELS_PAGE, rootField: "inventoryItem" },
    bulkQuery: BULK_QUERIES.inventory,
    countKey: "productVariantsCount",
  },
};

/** Paginate when the resource fits in this many pages; beyond, a bulk operation is cheaper. */
export const MAX_PAGES_FOR_PAGINATION = 10;
