/**
 * One sync run as it stands, straight from its SyncRun and SyncStage rows: what `npm run sync`
 * follows until the run ends, and the dashboard's report of the latest dry run.
 */
import { db } from "../db";
import { byStageOrder } from "./resources";

export interface SyncRunStageProgress {
  resource: string;
  status: string;
  processed: number;
  total: number | null;
  estimatedCost: number | null;
  error: string | null;
}

export interface SyncRunProgress {
  id: string;
  status: "QUEUED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED";
  kind: "FULL" | "INCREMENTAL";
  dryRun: boolean;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  stages: SyncRunStageProgress[];
}

export const FINAL_RUN_STATUSES: ReadonlySet<SyncRunProgress["status"]> = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

const runSelect = {
  id: true,
  status: true,
  kind: true,
  dryRun: true,
  error: true,
  createdAt: true,
  finishedAt: true,
  stages: { select: { resource: true, status: true, processed: true, total: true, estimatedCost: true, error: true } },
} as const;

function toProgress(run: Omit<SyncRunProgress, "stages"> & { stages: SyncRunStageProgress[] }): SyncRunProgress {
  return { ...run, stages: byStageOrder(run.stages) };
}

export async function getSyncRunProgress(runId: string): Promise<SyncRunProgress | null> {
  const run = await db().syncRun.findUnique({ where: { id: runId }, select: runSelect });
  return run ? toProgress(run) : null;
}

/** The shop's newest dry run, or null. */
export async function findLatestDryRun(shopDomain: string): Promise<SyncRunProgress | null> {
  const run = await db().syncRun.findFirst({
    where: { dryRun: true, shop: { domain: shopDomain } },
    orderBy: { createdAt: "desc" },
    select: runSelect,
  });
  return run ? toProgress(run) : null;
}

/** Counts one THROTTLED answer or one retried request on the run's row, as it happens (the figures outlive the process). */
export async function countSyncRunRequestStat(syncRunId: string, stat: "throttled" | "retries"): Promise<void> {
  await db().syncRun.updateMany({
    where: { id: syncRunId },
    data: stat === "throttled" ? { throttledRequests: { increment: 1 } } : { requestRetries: { increment: 1 } },
  });
}
