/**
 * Everything the dashboard reads, in four queries: the shop, its unresolved dead letters, its
 * per-table record counts (record-counts.ts: kept by triggers, never a count over the tables) and
 * its newest sync runs with their stages' processed counts. Shaping for display lives in
 * dashboard-view.ts.
 */
import { db } from "../db";
import type { CountedTableKey } from "../sync/resources";
import { recordCounts } from "./record-counts";

export const SYNC_HISTORY_LIMIT = 20;

export interface DashboardRunRow {
  id: string;
  kind: string;
  trigger: string;
  status: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
  stages: { processed: number }[];
}

export interface DashboardSource {
  domain: string;
  syncStatus: "PENDING" | "RUNNING" | "COMPLETED" | "FAILED";
  syncProgress: number;
  lastSyncAt: Date | null;
  lastSyncError: string | null;
  needsReinstall: boolean;
  /** Rows per counted table, by the table's registry key. */
  counts: Record<CountedTableKey, number>;
  unresolvedDeadLetters: number;
  runs: DashboardRunRow[];
}

/** The dashboard's data for an installed shop, or null when the shop is unknown or uninstalled. */
export async function getDashboardSource(shopDomain: string): Promise<DashboardSource | null> {
  const shop = await db().shop.findUnique({
    where: { domain: shopDomain },
    select: {
      id: true,
      domain: true,
      uninstalledAt: true,
      needsReinstall: true,
      syncStatus: true,
      syncProgress: true,
      lastSyncAt: true,
      lastSyncError: true,
    },
  });
  if (!shop || shop.uninstalledAt) return null;
  const runs = await db().syncRun.findMany({
    where: { shopId: shop.id },
    orderBy: { createdAt: "desc" },
    take: SYNC_HISTORY_LIMIT,
    select: {
      id: true,
      kind: true,
      trigger: true,
      status: true,
      createdAt: true,
      startedAt: true,
      finishedAt: true,
      error: true,
      stages: { select: { processed: true } },
    },
  });
  const counts = await recordCounts(shop.id);
  // The shop's own dead letters (an index range; resolved ones are pruned after their retention),
  // not a relation count (Prisma's groups the whole table by shop before picking this one).
  const unresolvedDeadLetters = await db().failedSyncItem.count({ where: { shopId: shop.id, resolvedAt: null } });
  return {
    domain: shop.domain,
    syncStatus: shop.syncStatus,
    syncProgress: shop.syncProgress,
    lastSyncAt: shop.lastSyncAt,
    lastSyncError: shop.lastSyncError,
    needsReinstall: shop.needsReinstall,
    counts,
    unresolvedDeadLetters,
    runs,
  };
}
