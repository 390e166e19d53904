/**
 * What `npm run sync` prints (pure): a progress bar per stage, read from the run's rows, and the
 * exit code its final status means.
 */
import type { ChannelPushView } from "../../src/lib/channels/channel-push-queries";
import type { SyncRunProgress, SyncRunStageProgress } from "../../src/lib/sync/sync-run-queries";

const BAR_WIDTH = 28;
const FINAL_STAGE = new Set(["COMPLETED", "SKIPPED", "FAILED"]);

export function progressBar(fraction: number | null, width = BAR_WIDTH): string {
  if (fraction === null) return `[${"·".repeat(width)}]`;
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
}

const count = (n: number) => n.toLocaleString("en-US");

/** One stage: bar, counts and what the stage says. A finished stage shows a full bar. */
export function formatStage(stage: SyncRunStageProgress, isDryRun: boolean): string {
  const name = stage.resource.padEnd(10);
  if (isDryRun && stage.resource === "platform_push") {
    const state = stage.status === "PENDING" ? "comparing…" : (stage.error ?? stage.status.toLowerCase());
    return `${name} would change ${stage.total === null ? "…" : count(stage.total)} SKUs on your channels  ${state}`;
  }
  if (isDryRun) {
    const total = stage.total === null ? "counting…" : `${count(stage.total)} records`;
    const cost = stage.estimatedCost === null ? "" : `, ~${count(stage.estimatedCost)} cost points`;
    const state = stage.status === "PENDING" ? "estimating…" : (stage.error ?? stage.status.toLowerCase());
    return `${name} would fetch ${total}${cost}  ${state}`;
  }
  const isDone = FINAL_STAGE.has(stage.status);
  const fraction = stage.total ? stage.processed / stage.total : isDone ? 1 : stage.status === "PENDING" ? 0 : null;
  const percent = fraction === null ? "   " : `${String(Math.floor(Math.min(1, fraction) * 100)).padStart(3)}%`;
  const counts = stage.total === null ? count(stage.processed) : `${count(stage.processed)}/${count(stage.total)}`;
  const note = stage.error ? `  ${stage.error}` : "";
  return `${name} ${progressBar(isDone && stage.status !== "FAILED" ? 1 : fraction)} ${percent} ${counts} ${stage.status.toLowerCase()}${note}`;
}

export function renderRun(run: SyncRunProgress): string[] {
  const head = `${run.dryRun ? "dry run" : `${run.kind.toLowerCase()} sync`} ${run.id}: ${run.status.toLowerCase()}`;
  return [head, ...run.stages.map((stage) => `  ${formatStage(stage, run.dryRun)}`)];
}

/** A dry run's totals: records and estimated cost over the resource stages. */
export function summarizeDryRun(run: SyncRunProgress): string {
  const records = run.stages.filter((stage) => stage.resource !== "platform_push").reduce((sum, stage) => sum + (stage.total ?? 0), 0);
  const cost = run.stages.reduce((sum, stage) => sum + (stage.estimatedCost ?? 0), 0);
  return `A sync would fetch ${count(records)} records for about ${count(cost)} Shopify API cost points. Nothing was written.`;
}

export function exitCodeFor(status: SyncRunProgress["status"]): number {
  return status === "COMPLETED" ? 0 : 1;
}

/** A platform_push dry run: per channel the SKUs a push would change, from and to. */
export function renderChannelDryRun(pushes: Pick<ChannelPushView, "channelName" | "channelKind" | "changes">[]): string[] {
  if (pushes.length === 0) return ["No sales channel is connected: nothing would be pushed."];
  const lines: string[] = [];
  for (const push of pushes) {
    const changes = push.changes ?? [];
    lines.push(
      `${push.channelName} (${push.channelKind}): ${changes.length ? `${count(changes.length)} SKUs would change` : "nothing would change"}`,
    );
    const width = Math.max(0, ...changes.map((change) => change.sku.length));
    for (const change of changes) lines.push(`  ${change.sku.padEnd(width)}  ${change.from ?? "none"} -> ${change.to}`);
  }
  lines.push("Nothing was sent to any channel.");
  return lines;
}

/** A run that pushes to channels is followed until its platform_push stage has finished too. */
export function isFollowing(run: SyncRunProgress): boolean {
  if (run.status !== "COMPLETED") return !["FAILED", "CANCELLED"].includes(run.status);
  return run.stages.some((stage) => stage.resource === "platform_push" && !FINAL_STAGE.has(stage.status));
}
