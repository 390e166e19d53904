/** The operator console's rows, in words and with a health status each (thresholds below). */
import "server-only";
import { listConsoleShops, type ConsoleShopRow } from "./console-queries";
import { formatDuration } from "../format/duration";

/** A shop whose last successful sync is older than this is warning (the daily refresh missed once), twice that critical. */
export const LAG_WARNING_HOURS = 26;
/** Share of the week's runs that failed: above warning, at or above critical. */
export const FAILURE_RATE_WARNING = 0;
export const FAILURE_RATE_CRITICAL = 0.5;

/** Webhook delivery latency p95 (Shopify's triggered-at to processed): above warning, above critical. */
export const WEBHOOK_P95_WARNING_SECONDS = 60;
export const WEBHOOK_P95_CRITICAL_SECONDS = 15 * 60;
/** Share of the window's webhook deliveries that failed for good: above warning, at or above critical. */
export const WEBHOOK_ERROR_RATE_CRITICAL = 0.05;

export type Health = "ok" | "warning" | "critical";

export interface ConsoleShop {
  id: string;
  domain: string;
  status: string;
  paused: boolean;
  lastSyncIso: string | null;
  lag: string;
  failureRate: string;
  deadLetters: number;
  /** "p50 1.2 s / p95 4.0 s", or "no webhooks" in the window. */
  webhookLatency: string;
  /** "0% of 120". */
  webhookErrors: string;
  /** The newest run's THROTTLED answers and retries: "3 / 1". */
  lastRunThrottling: string;
  /** For the chart: p95 webhook latency (0 without webhooks) and the week's failure rate in percent. */
  webhookP95Seconds: number;
  failureRatePercent: number;
  health: Health;
  reasons: string[];
}

function healthOf(row: ConsoleShopRow, lagHours: number | null, failureRate: number): { health: Health; reasons: string[] } {
  const critical: string[] = [];
  const warning: string[] = [];
  if (row.needsReinstall) critical.push("Shopify refused the token: the merchant must reinstall");
  if (lagHours === null) warning.push("no successful sync yet");
  else if (lagHours > 2 * LAG_WARNING_HOURS) critical.push(`last successful sync ${Math.floor(lagHours)} h ago`);
  else if (lagHours > LAG_WARNING_HOURS) warning.push(`last successful sync ${Math.floor(lagHours)} h ago`);
  if (failureRate >= FAILURE_RATE_CRITICAL) critical.push("half or more of the week's runs failed");
  else if (failureRate > FAILURE_RATE_WARNING) warning.push("some of the week's runs failed");
  if (row.deadLetters > 0) warning.push(`${row.deadLetters} dead letters`);
  if (row.webhookP95 !== null && row.webhookP95 > WEBHOOK_P95_CRITICAL_SECONDS) critical.push("webhooks take over 15 minutes (p95)");
  else if (row.webhookP95 !== null && row.webhookP95 > WEBHOOK_P95_WARNING_SECONDS) warning.push("webhooks take over a minute (p95)");
  const webhookErrorRate = row.webhooksReceived ? row.webhooksFailed / row.webhooksReceived : 0;
  if (webhookErrorRate >= WEBHOOK_ERROR_RATE_CRITICAL) critical.push("5% or more of the day's webhooks failed");
  else if (webhookErrorRate > 0) warning.push("some of the day's webhooks failed");
  if (row.reconciliation === "CRITICAL") critical.push("the last reconciliation was critical");
  else if (row.reconciliation === "WARNING") warning.push("the last reconciliation found differences");
  if (row.pausedAt) warning.push("syncs paused by an operator");
  return { health: critical.length ? "critical" : warning.length ? "warning" : "ok", reasons: [...critical, ...warning] };
}

const seconds = (value: number) => `${value.toFixed(1)} s`;

export function toConsoleShop(row: ConsoleShopRow, now: Date): ConsoleShop {
  const lagMs = row.lastSuccessAt ? now.getTime() - row.lastSuccessAt.getTime() : null;
  const failureRate = row.runsFinished ? row.runsFailed / row.runsFinished : 0;
  const { health, reasons } = row.installed
    ? healthOf(row, lagMs === null ? null : lagMs / 3_600_000, failureRate)
    : { health: "ok" as const, reasons: ["uninstalled"] };
  return {
    id: row.id,
    domain: row.domain,
    status: !row.installed ? "uninstalled" : row.needsReinstall ? "needs reinstall" : row.syncStatus.toLowerCase().replace("_", " "),
    paused: row.pausedAt !== null,
    lastSyncIso: row.lastSyncAt?.toISOString() ?? null,
    lag: lagMs === null ? "never synced" : formatDuration(lagMs),
    failureRate: row.runsFinished ? `${Math.round(failureRate * 100)}% of ${row.runsFinished}` : "no runs",
    deadLetters: row.deadLetters,
    webhookLatency:
      row.webhookP50 === null || row.webhookP95 === null
        ? "no webhooks"
        : `p50 ${seconds(row.webhookP50)} / p95 ${seconds(row.webhookP95)}`,
    webhookErrors: row.webhooksReceived
      ? `${Math.round((100 * row.webhooksFailed) / row.webhooksReceived)}% of ${row.webhooksReceived}`
      : "none",
    lastRunThrottling: row.lastRunThrottled === null ? "no runs" : `${row.lastRunThrottled} / ${row.lastRunRetries ?? 0}`,
    webhookP95Seconds: Math.round((row.webhookP95 ?? 0) * 10) / 10,
    failureRatePercent: Math.round(failureRate * 100),
    health,
    reasons,
  };
}

export async function getConsoleView(now: Date = new Date()): Promise<ConsoleShop[]> {
  return (await listConsoleShops()).map((row) => toConsoleShop(row, now));
}
