/**
 * Before a sync: ask Shopify how many records each resource has (the stage totals the page shows)
 * and pick, per resource, cursor pagination (small) or a bulk operation (large).
 */
import type { ShopifyAdmin } from "../shopify/admin-client";
import { COUNT_RESOURCES } from "../shopify/queries/sync";
import { MAX_PAGES_FOR_PAGINATION, RESOURCES } from "./resources";
import type { SyncResourceName } from "./sync-runs";

export type SyncStrategy = "paginate" | "bulk";

export interface ResourcePlan {
  resource: SyncResourceName;
  strategy: SyncStrategy;
  total: number;
  /** Search filters, one pass each, in order (orders: recent first, then history). */
  passes: (string | null)[];
}

export interface PlanOptions {
  resources: SyncResourceName[];
  /** Incremental: only records updated at or after this instant (already includes the overlap). */
  since?: string | null;
  /** Orders created on or after this instant are synced first. */
  recentSince: string;
  /** Without read_all_orders Shopify shows only the last 60 days of orders: no history pass. */
  hasReadAllOrders: boolean;
  strategy: "auto" | SyncStrategy;
}

interface CountAnswer {
  count: number;
  precision: string;
}

const and = (...terms: (string | null | undefined)[]) => terms.filter(Boolean).join(" AND ") || null;

export async function planSync(admin: ShopifyAdmin, options: PlanOptions): Promise<ResourcePlan[]> {
  const updatedSince = options.since ? `updated_at:>='${options.since}'` : null;
  const { data } = await admin.request<Record<string, CountAnswer | null>>(COUNT_RESOURCES, { query: updatedSince });
  return options.resources.map((resource) => {
    const config = RESOURCES[resource];
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
    return { resource, strategy, total, passes };
  });
}
