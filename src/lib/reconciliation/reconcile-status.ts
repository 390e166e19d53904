/**
 * A reconciliation line's status: the share of Shopify's count whose ids differ (missing plus
 * extra), against two configurable thresholds (RECONCILE_WARNING_PERCENT, default 0: any
 * difference is a warning; RECONCILE_CRITICAL_PERCENT, default 1).
 */
import type { ReconciliationStatus } from "../../generated/prisma/enums";

export interface StatusThresholds {
  warningPercent: number;
  criticalPercent: number;
}

export function differingPercent(counts: { shopifyCount: number; missing: number; extra: number }): number {
  const differing = counts.missing + counts.extra;
  if (differing === 0) return 0;
  return (100 * differing) / Math.max(counts.shopifyCount, 1);
}

export function reconciliationStatus(
  counts: { shopifyCount: number; missing: number; extra: number },
  thresholds: StatusThresholds,
): ReconciliationStatus {
  const percent = differingPercent(counts);
  if (percent > thresholds.criticalPercent) return "CRITICAL";
  if (percent > thresholds.warningPercent) return "WARNING";
  return "OK";
}
