/** What the reconciliation page shows: per resource, its newest line and its trend over the last passes. */
import { findShopId } from "../shops/shop-queries";
import { findTrend, type ReportLine } from "./report-queries";
import { RECONCILED } from "../sync/reconcile-deletions";

export interface TrendPoint {
  dateIso: string;
  shopifyCount: string;
  localCount: string;
  missing: number;
  extra: number;
  healed: number;
  removed: number;
  status: "ok" | "warning" | "critical";
  note: string | null;
}

export interface ResourceTrend {
  resource: string;
  latest: TrendPoint;
  /** Oldest first. */
  points: TrendPoint[];
}

export interface ReconciliationView {
  resources: ResourceTrend[];
}

const toPoint = (line: ReportLine): TrendPoint => ({
  dateIso: line.startedAt.toISOString(),
  shopifyCount: line.shopifyCount === null ? "-" : String(line.shopifyCount),
  localCount: line.localCount === null ? "-" : String(line.localCount),
  missing: line.missing,
  extra: line.extra,
  healed: line.healed,
  removed: line.removed,
  status: line.status.toLowerCase() as TrendPoint["status"],
  note: line.note,
});

export async function getReconciliationView(shopDomain: string, passes = 30): Promise<ReconciliationView> {
  const shopId = await findShopId(shopDomain);
  if (!shopId) return { resources: [] };
  const trend = await findTrend(shopId, passes);
  const order = (resource: string) => (RECONCILED as readonly string[]).indexOf(resource);
  return {
    resources: [...trend.entries()]
      .sort(([a], [b]) => order(a) - order(b))
      .map(([resource, lines]) => {
        const points = lines.map(toPoint);
        return { resource, latest: points[points.length - 1]!, points };
      }),
  };
}
