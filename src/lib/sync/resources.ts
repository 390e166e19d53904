/**
 * The resource registry: every kind of record ShopSync copies, in stage order, with everything
 * the rest of the app needs to know about it. Event schemas, the status API, the syncing page, the
 * CLI's --data-type, the dashboard counts, table statistics and the weekly deletion pass all derive
 * from this one list, so adding a resource is one entry here plus its table(s) (docs/architecture.md,
 * "Add a resource").
 *
 * An entry is platform-neutral (name, words, weight, tables) with one block per source platform:
 * `shopify` today. A second platform (Square) adds its own optional block beside it; the stage,
 * the tables and the UI stay the same.
 */
import type { SyncResource } from "../../generated/prisma/enums";
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
import type { WebhookSubscriptionTopic } from "../shopify/types/admin.types";

/** Stage order: a sync runs its stages in this order, and every list of stages is shown in it. */
export const SYNC_RESOURCES = ["products", "orders", "customers", "inventory"] as const satisfies readonly SyncResource[];

export type SyncResourceName = (typeof SYNC_RESOURCES)[number];

/**
 * Every stage of a sync, in order: the Shopify resources, then `platform_push` (not a resource:
 * the synced stock pushed to every connected sales channel, one push-channel run per channel).
 */
export const PLATFORM_PUSH = "platform_push";
export const SYNC_STAGES = [...SYNC_RESOURCES, PLATFORM_PUSH] as const satisfies readonly SyncResource[];
export type SyncStageName = (typeof SYNC_STAGES)[number];

// The Prisma enum (SyncStage.resource) and the stage list name the same stages: a value added to
// one and not the other fails the type check here.
type Unregistered = Exclude<SyncResource, SyncStageName>;
const everyEnumValueIsRegistered: [Unregistered] extends [never] ? true : Unregistered = true;
void everyEnumValueIsRegistered;

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

/** How a resource is read from Shopify's Admin GraphQL API. */
export interface ShopifySource {
  resource: SyncResourceName;
  /** QueryRoot connection the page document reads (data[connection]). */
  connection: string;
  pageDocument: AdminOperation;
  pageSize: number;
  nested?: NestedConnection;
  bulkQuery: (search?: string) => string;
  /** When Shopify answers ACCESS_DENIED, the stage continues with this instead of failing. */
  withoutProtectedData?: WithoutProtectedData;
  /** Key of the CountResources answer giving this stage's total. */
  countKey: "productsCount" | "ordersCount" | "customersCount" | "productVariantsCount";
  /** Webhook topics (GraphQL WebhookSubscriptionTopic) that keep the copy fresh between syncs. */
  webhookTopics: readonly WebhookSubscriptionTopic[];
  /** Locations are read (one step) before the stage: inventory levels point at them. */
  syncLocationsFirst?: boolean;
}

/** One table a resource fills. */
export interface ResourceTable {
  /** PostgreSQL table. */
  table: string;
  /** Shop relation field (Prisma) and the key of this table's count on the dashboard. */
  key: string;
  /** Dashboard label; absent when the count is not shown (line items go with their order). */
  label?: string;
  /** The weekly deletion pass exports this table's ids (key of ID_EXPORTS); children of a reconciled parent need not be. */
  reconciled?: boolean;
}

export interface ResourceDefinition {
  name: SyncResourceName;
  /** Stage title on the syncing page and the manual sync form: "Products". */
  label: string;
  /** Lowercase words in sentences: "Importing products 12 / 40". */
  noun: string;
  /** Share of a whole sync (overall progress weights, summing to 100 over all resources). */
  weight: number;
  /** Tables the resource fills, parents first. */
  tables: readonly ResourceTable[];
  shopify: ShopifySource;
}

export const RESOURCE_REGISTRY = {
  products: {
    name: "products",
    label: "Products",
    noun: "products",
    weight: 25,
    tables: [
      { table: "Product", key: "products", label: "Products", reconciled: true },
      { table: "ProductVariant", key: "variants", label: "Variants", reconciled: true },
    ],
    shopify: {
      resource: "products",
      connection: "products",
      pageDocument: PRODUCTS_PAGE,
      pageSize: 20,
      nested: { field: "variants", document: PRODUCT_VARIANTS_PAGE, rootField: "product" },
      bulkQuery: BULK_QUERIES.products,
      countKey: "productsCount",
      webhookTopics: ["PRODUCTS_CREATE", "PRODUCTS_UPDATE", "PRODUCTS_DELETE"],
    },
  },
  orders: {
    name: "orders",
    label: "Orders",
    noun: "orders",
    weight: 40,
    tables: [
      { table: "Order", key: "orders", label: "Orders", reconciled: true },
      { table: "OrderLineItem", key: "orderLineItems" },
    ],
    shopify: {
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
      webhookTopics: ["ORDERS_CREATE", "ORDERS_UPDATED", "ORDERS_DELETE"],
    },
  },
  customers: {
    name: "customers",
    label: "Customers",
    noun: "customers",
    weight: 20,
    tables: [{ table: "Customer", key: "customers", label: "Customers", reconciled: true }],
    shopify: {
      resource: "customers",
      connection: "customers",
      pageDocument: CUSTOMERS_PAGE,
      pageSize: 200,
      bulkQuery: BULK_QUERIES.customers,
      countKey: "customersCount",
      webhookTopics: ["CUSTOMERS_CREATE", "CUSTOMERS_UPDATE", "CUSTOMERS_DELETE"],
    },
  },
  inventory: {
    name: "inventory",
    label: "Inventory",
    noun: "inventory",
    weight: 15,
    tables: [
      { table: "Location", key: "locations", label: "Locations", reconciled: true },
      { table: "InventoryItem", key: "inventoryItems", label: "Inventory items", reconciled: true },
      { table: "InventoryLevel", key: "inventoryLevels", label: "Inventory levels" },
    ],
    shopify: {
      resource: "inventory",
      connection: "inventoryItems",
      pageDocument: INVENTORY_ITEMS_PAGE,
      pageSize: 20,
      nested: { field: "inventoryLevels", document: INVENTORY_LEVELS_PAGE, rootField: "inventoryItem" },
      bulkQuery: BULK_QUERIES.inventory,
      countKey: "productVariantsCount",
      webhookTopics: ["INVENTORY_LEVELS_UPDATE", "INVENTORY_LEVELS_CONNECT", "INVENTORY_LEVELS_DISCONNECT"],
      syncLocationsFirst: true,
    },
  },
} as const satisfies Record<SyncResourceName, ResourceDefinition>;

/** The registry in stage order. */
export const RESOURCE_DEFINITIONS: readonly ResourceDefinition[] = SYNC_RESOURCES.map(
  (name): ResourceDefinition => RESOURCE_REGISTRY[name],
);

/** How each resource is read from Shopify (the paginated and bulk paths take one of these). */
export const RESOURCES: Record<SyncResourceName, ShopifySource> = Object.fromEntries(
  RESOURCE_DEFINITIONS.map((definition) => [definition.name, definition.shopify]),
) as Record<SyncResourceName, ShopifySource>;

export const isSyncResource = (value: string): value is SyncResourceName => (SYNC_RESOURCES as readonly string[]).includes(value);
export const isSyncStage = (value: string): value is SyncStageName => (SYNC_STAGES as readonly string[]).includes(value);

/** What every stage is called and weighs (the resources' from the registry). */
export const STAGE_WORDS: Record<SyncStageName, { label: string; noun: string; weight: number }> = {
  ...(Object.fromEntries(RESOURCE_DEFINITIONS.map(({ name, label, noun, weight }) => [name, { label, noun, weight }])) as Record<
    SyncResourceName,
    { label: string; noun: string; weight: number }
  >),
  // Pushing is quick next to copying the store; the stage weighs little in the overall progress.
  platform_push: { label: "Platform push", noun: "SKUs pushed to your channels", weight: 5 },
};

/** Orders any list of stage rows (or names) by stage order; unknown names go last. */
export function byStageOrder<T extends { resource: string }>(stages: readonly T[]): T[] {
  const position = (resource: string) => (isSyncStage(resource) ? SYNC_STAGES.indexOf(resource) : SYNC_STAGES.length);
  return [...stages].sort((a, b) => position(a.resource) - position(b.resource));
}

/** Every table of every resource, in stage order. */
export const RESOURCE_TABLES: readonly ResourceTable[] = RESOURCE_DEFINITIONS.flatMap((definition) => definition.tables);

/** Keys of the tables the dashboard counts (those with a label). */
export type CountedTableKey = Extract<(typeof RESOURCE_REGISTRY)[SyncResourceName]["tables"][number], { label: string }>["key"];

/** The tables the dashboard counts: every table with a label, in stage order. */
export const COUNTED_TABLES = RESOURCE_TABLES.filter((table) => table.label !== undefined) as readonly (ResourceTable & {
  key: CountedTableKey;
  label: string;
})[];

/** Webhook topics the resources need (the app's own topics are added by webhook-subscriptions.ts). */
export const RESOURCE_WEBHOOK_TOPICS: readonly WebhookSubscriptionTopic[] = RESOURCE_DEFINITIONS.flatMap(
  (definition) => definition.shopify.webhookTopics,
);

/** Paginate when the resource fits in this many pages; beyond, a bulk operation is cheaper. */
export const MAX_PAGES_FOR_PAGINATION = 10;
