/**
 * Healing what a reconciliation found missing: the records are fetched by id (`nodes(ids:)`, the
 * same fields as every other path) and stored through the ingest path (zod, the newest-wins
 * upsert, tombstones, dead letters), exactly as a sync page would be. Children come with their
 * parent (a product's variants, an order's line items, an item's inventory levels), including the
 * ones beyond the first page (flattenPage).
 */
import { db } from "../db";
import type { AdminOperation, ShopifyAdmin } from "../shopify/admin-client";
import {
  RECONCILE_CUSTOMERS,
  RECONCILE_INVENTORY_ITEMS,
  RECONCILE_LOCATIONS,
  RECONCILE_ORDERS,
  RECONCILE_ORDERS_WITHOUT_PII,
  RECONCILE_PRODUCTS,
  RECONCILE_VARIANTS,
} from "../shopify/queries/reconcile";
import { ShopifyAccessDeniedError } from "../shopify/shopify-errors";
import { ingestRecords, type IncomingRecord } from "../sync/ingest/ingest-records";
import { gidType, type NodeType } from "../sync/ingest/records";
import { flattenPage } from "../sync/paginated-sync";
import type { ReconciledResource } from "../sync/reconcile-deletions";
import { RESOURCES, type ShopifySource } from "../sync/resources";

interface NodesFetch {
  document: AdminOperation;
  /** Used once Shopify refuses protected customer data. */
  withoutProtectedData?: AdminOperation;
  /** Ids per request: keeps the requested cost under Shopify's 1,000 points (children cost per node). */
  batch: number;
  /** The resource whose nested children come with each node (flattenPage), if any. */
  nested?: ShopifySource;
  /** For a child fetched on its own: the field naming its parent. */
  parentField?: string;
}

const FETCHES: Record<ReconciledResource, NodesFetch> = {
  products: { document: RECONCILE_PRODUCTS, batch: RESOURCES.products.pageSize, nested: RESOURCES.products },
  variants: { document: RECONCILE_VARIANTS, batch: 100, parentField: "product" },
  orders: {
    document: RECONCILE_ORDERS,
    withoutProtectedData: RECONCILE_ORDERS_WITHOUT_PII,
    batch: RESOURCES.orders.pageSize,
    nested: RESOURCES.orders,
  },
  customers: { document: RECONCILE_CUSTOMERS, batch: RESOURCES.customers.pageSize },
  locations: { document: RECONCILE_LOCATIONS, batch: 100 },
  inventoryItems: { document: RECONCILE_INVENTORY_ITEMS, batch: RESOURCES.inventory.pageSize, nested: RESOURCES.inventory },
};

async function requestNodes(admin: ShopifyAdmin, fetch: NodesFetch, ids: string[]): Promise<Record<string, unknown>[]> {
  const send = async (document: AdminOperation) => {
    // Generic over resources: each document's own type is generated; here only `nodes` matters.
    const { data } = await admin.request(document as typeof RECONCILE_CUSTOMERS, { ids });
    return (data as { nodes: (Record<string, unknown> | null)[] }).nodes;
  };
  let nodes: (Record<string, unknown> | null)[];
  try {
    nodes = await send(fetch.document);
  } catch (error) {
    if (!(error instanceof ShopifyAccessDeniedError) || !fetch.withoutProtectedData) throw error;
    nodes = await send(fetch.withoutProtectedData);
  }
  // null: deleted upstream since the export; {}: an id of another type. Neither is stored.
  return nodes.filter((node): node is Record<string, unknown> => node !== null && typeof node.id === "string");
}

async function toRecords(admin: ShopifyAdmin, fetch: NodesFetch, nodes: Record<string, unknown>[]): Promise<IncomingRecord[]> {
  if (fetch.nested) return flattenPage(admin, fetch.nested, nodes);
  const parentField = fetch.parentField;
  if (!parentField) return nodes.map((value) => ({ value }));
  return nodes.map(({ [parentField]: parent, ...value }) => ({ value, parentId: (parent as { id?: string } | null)?.id }));
}

/** Fetches the records by id and stores them; returns how many of them were stored. */
export async function fetchAndStoreMissing(
  admin: ShopifyAdmin,
  shopId: string,
  resource: ReconciledResource,
  ids: string[],
): Promise<{ healed: number }> {
  const fetch = FETCHES[resource];
  let healed = 0;
  for (let from = 0; from < ids.length; from += fetch.batch) {
    const nodes = await requestNodes(admin, fetch, ids.slice(from, from + fetch.batch));
    if (!nodes.length) continue;
    const records = await toRecords(admin, fetch, nodes);
    const result = await db().$transaction((tx) => ingestRecords(tx, { shopId }, records), { timeout: 60_000 });
    // Healed: records of this resource's type the ingest wrote (not their children, not refused ones).
    const type = gidType(nodes[0]!.id) as NodeType;
    healed += result.byType[type]?.written ?? 0;
  }
  return { healed };
}
