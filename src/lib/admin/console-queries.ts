/**
 * What the operator console reads: every shop with its sync state, lag, failure rate, dead
 * letters and newest reconciliation status, in one query (a shop count in the thousands is one
 * index scan per figure, read on each page view).
 */
import "server-only";
import { db } from "../db";
import { findShopDomainById } from "../shops/shop-queries";

/** Runs of the last this many days make the failure rate. */
export const FAILURE_RATE_DAYS = 7;
/** Webhook deliveries of the last this many hours make the latency and the webhook error rate. */
export const WEBHOOK_WINDOW_HOURS = 24;

export interface ConsoleShopRow {
  id: string;
  domain: string;
  syncStatus: string;
  installed: boolean;
  needsReinstall: boolean;
  pausedAt: Date | null;
  lastSyncAt: Date | null;
  /** End of the last completed, not dry, run. */
  lastSuccessAt: Date | null;
  runsFinished: number;
  runsFailed: number;
  deadLetters: number;
  reconciliation: string | null;
  /** Shopify's triggered-at to processed, seconds, over the window's processed deliveries (null: none). */
  webhookP50: number | null;
  webhookP95: number | null;
  webhooksReceived: number;
  webhooksFailed: number;
  /** Of the newest run: THROTTLED answers and retried requests (persisted as they happen). */
  lastRunThrottled: number | null;
  lastRunRetries: number | null;
}

export async function listConsoleShops(): Promise<ConsoleShopRow[]> {
  const rows = await db().$queryRaw<
    (Omit<ConsoleShopRow, "runsFinished" | "runsFailed" | "deadLetters" | "webhooksReceived" | "webhooksFailed"> & {
      runsFinished: bigint;
      runsFailed: bigint;
      deadLetters: bigint;
      webhooksReceived: bigint;
      webhooksFailed: bigint;
    })[]
  >`
    SELECT s.id, s.domain, s."syncStatus"::text AS "syncStatus", s."uninstalledAt" IS NULL AS installed,
           s."needsReinstall", s."syncsPausedAt" AS "pausedAt", s."lastSyncAt",
           (SELECT max(r."finishedAt") FROM "SyncRun" r WHERE r."shopId" = s.id AND r.status = 'COMPLETED' AND NOT r."dryRun") AS "lastSuccessAt",
           (SELECT count(*) FROM "SyncRun" r WHERE r."shopId" = s.id AND r.status IN ('COMPLETED', 'FAILED')
              AND r."createdAt" > now() - make_interval(days => ${FAILURE_RATE_DAYS})) AS "runsFinished",
           (SELECT count(*) FROM "SyncRun" r WHERE r."shopId" = s.id AND r.status = 'FAILED'
              AND r."createdAt" > now() - make_interval(days => ${FAILURE_RATE_DAYS})) AS "runsFailed",
           (SELECT count(*) FROM "FailedSyncItem" f WHERE f."shopId" = s.id AND f."resolvedAt" IS NULL) AS "deadLetters",
           (SELECT CASE WHEN bool_or(c.status = 'CRITICAL') THEN 'CRITICAL' WHEN bool_or(c.status = 'WARNING') THEN 'WARNING' ELSE 'OK' END
              FROM "ReconciliationReport" c
             WHERE c."passId" = (SELECT c2."passId" FROM "ReconciliationReport" c2 WHERE c2."shopId" = s.id ORDER BY c2."createdAt" DESC LIMIT 1)
           ) AS reconciliation,
           w.p50 AS "webhookP50", w.p95 AS "webhookP95", w.received AS "webhooksReceived", w.failed AS "webhooksFailed",
           last_run."throttledRequests" AS "lastRunThrottled", last_run."requestRetries" AS "lastRunRetries"
      FROM "Shop" s
      LEFT JOIN LATERAL (
        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d.latency) AS p50,
               percentile_cont(0.95) WITHIN GROUP (ORDER BY d.latency) AS p95,
               count(*) AS received, count(*) FILTER (WHERE d.status = 'FAILED') AS failed
          FROM (SELECT l.status,
                       CASE WHEN l.status = 'PROCESSED' AND l."processedAt" IS NOT NULL AND l."triggeredAt" IS NOT NULL
                            THEN greatest(extract(epoch FROM l."processedAt" - l."triggeredAt"), 0)::float8 END AS latency
                  FROM "WebhookLog" l
                 WHERE l."shopDomain" = s.domain AND l."receivedAt" > now() - make_interval(hours => ${WEBHOOK_WINDOW_HOURS})) d
      ) w ON true
      LEFT JOIN LATERAL (
        SELECT r."throttledRequests", r."requestRetries" FROM "SyncRun" r WHERE r."shopId" = s.id ORDER BY r."createdAt" DESC LIMIT 1
      ) last_run ON true
     ORDER BY s.domain`;
  return rows.map((row) => ({
    ...row,
    runsFinished: Number(row.runsFinished),
    runsFailed: Number(row.runsFailed),
    deadLetters: Number(row.deadLetters),
    webhooksReceived: Number(row.webhooksReceived),
    webhooksFailed: Number(row.webhooksFailed),
  }));
}

export interface ConsoleRunRow {
  id: string;
  kind: string;
  trigger: string;
  status: string;
  dryRun: boolean;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
}

/** A shop's newest runs, for the console's runs page. */
export async function listShopRuns(shopId: string, limit = 50): Promise<{ domain: string; runs: ConsoleRunRow[] } | null> {
  const domain = await findShopDomainById(shopId);
  if (!domain) return null;
  const runs = await db().syncRun.findMany({
    where: { shopId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      id: true,
      kind: true,
      trigger: true,
      status: true,
      dryRun: true,
      createdAt: true,
      startedAt: true,
      finishedAt: true,
      error: true,
    },
  });
  return { domain, runs };
}
