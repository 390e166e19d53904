/**
 * Before a sync: ask Shopify how many records each resource has (the stage totals the page shows)
 * and pick, per resource, cursor pagination (small) or a bulk operation (large).
 */
import type { ShopifyAdmin } from "../shopify/admin-client";
import { COUNT_RESOURCES } from "../shopify/queries/sync";
import { MAX_PAGES_FOR_PAGINATION, RESOURCES, type SyncResourceName } from "./resources";
import { log } from "../log";
import type { IncrementalWindows } from "./sync-windows";

export type SyncStrategy = "paginate" | "bulk";

export interface ResourcePlan {
  resource: SyncResourceName;
  strategy: SyncStrategy;
  total: number;
  /** Search filters, one pass each, in order (orders: recent first, then history). */
  passes: (string | null)[];
  /**
   * Inventory of an incremental sync: also read the levels updated since this instant, location by
   * location (a quantity change does not move its inventory item's updatedAt).
   */
  levelsSince?: string;
}

export interface PlanOptions {
  resources: SyncResourceName[];
  /**
   * Incremental: per resource, only records updated at or after this instant (its own window,
   * already including the overlap: sync-windows.ts). A resource without one is read whole.
   */
  windows?: IncrementalWindows;
  /** Orders created on or after this instant are synced first. */
  recentSince: string;
  /** Without read_all_orders Shopify shows only the last 60 days of orders: no history pass. */
  hasReadAllOrders: boolean;
  strategy: "auto" | SyncStrategy;
}

const and = (...terms: (string | null | undefined)[]) => terms.filter(Boolean).join(" AND ") || null;

export async function planSync(admin: ShopifyAdmin, options: PlanOptions): Promise<ResourcePlan[]> {
  const updatedSinceOf = (resource: SyncResourceName) => {
    const since = options.windows?.[resource];
    return since ? `updated_at:>='${since}'` : null;
  };
  const countSearches = Object.fromEntries(
    options.resources.map((resource) => [`${RESOURCES[resource].countKey}Query`, updatedSinceOf(resource)]),
  );
  const { data } = await admin.request(COUNT_RESOURCES, countSearches);
  return options.resources.map((resource) => {
    const config = RESOURCES[resource];
    const updatedSince = updatedSinceOf(resource);
    const total = data[config.countKey]?.count ?? 0;
    const pages = Math.ceil(total / config.pageSize);
    const strategy: SyncStrategy = options.strategy !== "auto" ? options.strategy : pages <= MAX_PAGES_FOR_PAGINATION ? "paginate" : "bulk";
    const passes =
      resource === "orders"
        ? [
            and(`created_at:>='${options.recentSince}'`, updatedSince),
            ...(options.hasReadAllOrders ? [and(`created_at:<'${options.recentSince}'`, updatedSince)] : []),
          ]
        : [updatedSince];
    const levelsSince = resource === "inventory" ? options.windows?.inventory : null;
    log.info({ stage: resource, strategy, total, pages, passes, ...(levelsSince ? { levelsSince } : {}) }, "stage planned");
    return { resource, strategy, total, passes, ...(levelsSince ? { levelsSince } : {}) };
  });
}
