/**
 * The merchant dashboard's chart: per completed sync of the last 30 days, how long it took and
 * how many records per second it wrote (records: the sum of its stages' processed counts).
 */
import { db } from "../db";
import { findShopId } from "../shops/shop-queries";

export const TREND_DAYS = 30;

export interface SyncTrendPoint {
  /** When the run started (ISO). */
  at: string;
  kind: string;
  durationSeconds: number;
  recordsPerSecond: number;
}

export async function getSyncTrend(shopDomain: string, now: Date = new Date()): Promise<SyncTrendPoint[]> {
  const shopId = await findShopId(shopDomain);
  if (!shopId) return [];
  const rows = await db().$queryRaw<{ startedAt: Date; finishedAt: Date; kind: string; records: bigint }[]>`
    SELECT r."startedAt", r."finishedAt", r.kind::text AS kind, coalesce(sum(s.processed), 0) AS records
      FROM "SyncRun" r LEFT JOIN "SyncStage" s ON s."syncRunId" = r.id
     WHERE r."shopId" = ${shopId} AND r.status = 'COMPLETED' AND NOT r."dryRun"
       AND r."startedAt" IS NOT NULL AND r."finishedAt" IS NOT NULL
       AND r."startedAt" > ${new Date(now.getTime() - TREND_DAYS * 86_400_000)}
     GROUP BY r.id ORDER BY r."startedAt"`;
  return rows.map((row) => {
    const seconds = Math.max(0.001, (row.finishedAt.getTime() - row.startedAt.getTime()) / 1000);
    return {
      at: row.startedAt.toISOString(),
      kind: row.kind.toLowerCase(),
      durationSeconds: Math.round(seconds * 10) / 10,
      recordsPerSecond: Math.round(Number(row.records) / seconds),
    };
  });
}
