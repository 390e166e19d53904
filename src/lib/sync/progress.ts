/**
 * Overall progress from stage progress, weighted by how much of a sync each resource usually is.
 * Pure: the sync writes the result, never decreasing within a run, and 100 only on completion.
 */
import { isSyncStage, STAGE_WORDS } from "./resources";

const weightOf = (resource: string): number => (isSyncStage(resource) ? STAGE_WORDS[resource].weight : 0);

export interface StageProgress {
  resource: string;
  status: string;
  processed: number;
  total: number | null;
}

export function overallProgress(stages: StageProgress[]): number {
  let weight = 0;
  let done = 0;
  for (const stage of stages) {
    const w = weightOf(stage.resource);
    weight += w;
    if (stage.status === "COMPLETED" || stage.status === "SKIPPED") done += w;
    else if (stage.total && stage.total > 0) done += w * Math.min(1, stage.processed / stage.total);
  }
  if (weight === 0) return 0;
  // 100 means "completed": a run only gets there through completeSyncRun.
  return Math.min(99, Math.floor((done / weight) * 100));
}
