/**
 * How the syncing page words one stage of a run, from the stage row exactly as the status route
 * returns it. Percentages come only from processed / total; with no total yet the bar is
 * indeterminate rather than guessed.
 */
import type { SyncStageDto } from "../sync/sync-status";
import { formatCount } from "./count";

export type StageState = "pending" | "running" | "completed" | "skipped" | "failed";

export interface StageView {
  resource: string;
  state: StageState;
  /** "Orders" */
  title: string;
  /** "Importing orders 12,400 / 20,000" */
  label: string;
  /** 0-100 from processed / total; null when unknown (no total yet, or a skipped stage). */
  percent: number | null;
  /** The stage's reason when skipped or failed. */
  detail: string | null;
}

const STATES: readonly StageState[] = ["pending", "running", "completed", "skipped", "failed"];

export function toStageState(status: string): StageState {
  const state = status.toLowerCase() as StageState;
  // An unknown status is shown as waiting, never as done.
  return STATES.includes(state) ? state : "pending";
}

/** The registry's words, as the status route sends them; a stage it does not name is worded from its resource. */
function wordingFor(stage: SyncStageDto) {
  const noun = stage.noun ?? stage.resource.replace(/_/g, " ");
  return { noun, title: stage.label ?? noun.charAt(0).toUpperCase() + noun.slice(1), doing: "Importing", done: "Imported" };
}

const ratio = (processed: number, total: number | null) =>
  total === null ? formatCount(processed) : `${formatCount(processed)} / ${formatCount(total)}`;

export function stagePercent(processed: number, total: number | null): number | null {
  if (total === null) return null;
  if (total <= 0) return processed > 0 ? 100 : 0;
  return Math.min(100, Math.max(0, Math.floor((processed / total) * 100)));
}

export function describeStage(stage: SyncStageDto): StageView {
  const state = toStageState(stage.status);
  const { noun, title, doing, done } = wordingFor(stage);
  const base = { resource: stage.resource, state, title };
  switch (state) {
    case "pending":
      return { ...base, label: `Waiting to import ${noun}`, percent: stagePercent(0, stage.total) ?? 0, detail: null };
    case "running":
      // No total yet (the count query has not answered): say "so far" instead of inventing one.
      return {
        ...base,
        label: `${doing} ${noun} ${ratio(stage.processed, stage.total)}${stage.total === null ? " so far" : ""}`,
        percent: stagePercent(stage.processed, stage.total),
        detail: null,
      };
    case "completed":
      return { ...base, label: `${done} ${noun} ${ratio(stage.processed, stage.total)}`, percent: 100, detail: null };
    case "skipped":
      return { ...base, label: `Skipped ${noun}`, percent: null, detail: stage.error };
    case "failed":
      return {
        ...base,
        label: `Failed ${doing.toLowerCase()} ${noun} at ${ratio(stage.processed, stage.total)}`,
        percent: stagePercent(stage.processed, stage.total),
        detail: stage.error,
      };
  }
}
