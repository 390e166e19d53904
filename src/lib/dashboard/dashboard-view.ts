/**
 * Shapes the dashboard's rows for display (pure, given `now`): relative times, durations, record
 * counts per run. A run still going shows how long it has been running, marked as ongoing.
 */
import { formatCount } from "../format/count";
import { formatDuration } from "../format/duration";
import { formatRelativeTime } from "../format/relative-time";
import { COUNTED_TABLES } from "../sync/resources";
import { getDashboardSource, type DashboardRunRow, type DashboardSource } from "./dashboard-queries";
import { reinstallPath, shopStatus, type ShopStatus } from "./shop-status";

export interface ResourceCount {
  key: keyof DashboardSource["counts"];
  label: string;
  value: string;
}

export interface RunView {
  id: string;
  kind: string;
  trigger: string;
  status: string;
  /** ISO timestamp, for <time dateTime>. */
  startedAtIso: string;
  startedAgo: string;
  duration: string;
  records: string;
  error: string | null;
}

export interface DashboardView {
  domain: string;
  syncStatus: DashboardSource["syncStatus"];
  syncProgress: number;
  lastSynced: string;
  lastSyncAtIso: string | null;
  lastSyncError: string | null;
  needsReinstall: boolean;
  /** The badge: the shop's state in one word, a refused token and a failed sync first. */
  status: ShopStatus;
  /** Where to reinstall when Shopify refused the token, else null. */
  reinstallUrl: string | null;
  counts: ResourceCount[];
  unresolvedDeadLetters: string;
  hasUnresolvedDeadLetters: boolean;
  runs: RunView[];
}

const ONGOING = new Set(["QUEUED", "RUNNING"]);

export function toRunView(run: DashboardRunRow, now: Date): RunView {
  const started = run.startedAt ?? run.createdAt;
  let duration: string;
  if (run.finishedAt) duration = formatDuration(run.finishedAt.getTime() - started.getTime());
  else if (ONGOING.has(run.status) && run.startedAt) duration = `${formatDuration(now.getTime() - run.startedAt.getTime())} so far`;
  else duration = "—";
  return {
    id: run.id,
    kind: run.kind.toLowerCase(),
    trigger: run.trigger,
    status: run.status,
    startedAtIso: started.toISOString(),
    startedAgo: formatRelativeTime(started, now),
    duration,
    records: formatCount(run.stages.reduce((sum, stage) => sum + stage.processed, 0)),
    error: run.error,
  };
}

export function toDashboardView(source: DashboardSource, now: Date): DashboardView {
  return {
    domain: source.domain,
    syncStatus: source.syncStatus,
    syncProgress: source.syncProgress,
    lastSynced: source.lastSyncAt ? `Last synced ${formatRelativeTime(source.lastSyncAt, now)}` : "Not synced yet",
    lastSyncAtIso: source.lastSyncAt?.toISOString() ?? null,
    lastSyncError: source.lastSyncError,
    needsReinstall: source.needsReinstall,
    status: shopStatus(source),
    reinstallUrl: source.needsReinstall ? reinstallPath(source.domain) : null,
    counts: COUNTED_TABLES.map(({ key, label }) => ({ key, label, value: formatCount(source.counts[key]) })),
    unresolvedDeadLetters: formatCount(source.unresolvedDeadLetters),
    hasUnresolvedDeadLetters: source.unresolvedDeadLetters > 0,
    runs: source.runs.map((run) => toRunView(run, now)),
  };
}

/** The dashboard for a shop as of now, or null when the shop is not installed. */
export async function getDashboardView(shopDomain: string, now: Date = new Date()): Promise<DashboardView | null> {
  const source = await getDashboardSource(shopDomain);
  return source ? toDashboardView(source, now) : null;
}
