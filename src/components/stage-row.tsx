import { formatCount } from "@/lib/format/count";
import { describeStage, type StageState } from "@/lib/format/sync-stage";
import type { SyncStageDto } from "@/lib/sync/sync-status";
import { ProgressBar } from "./progress-bar";

const BADGE: Record<StageState, { text: string; className: string }> = {
  pending: { text: "Waiting", className: "bg-slate-100 text-slate-600" },
  running: { text: "Running", className: "bg-teal-100 text-teal-800" },
  completed: { text: "Done", className: "bg-emerald-100 text-emerald-800" },
  skipped: { text: "Skipped", className: "bg-amber-100 text-amber-800" },
  failed: { text: "Failed", className: "bg-red-100 text-red-800" },
};

const TONE = { pending: "slate", running: "brand", completed: "green", skipped: "slate", failed: "red" } as const;

/** One stage of the run: its label with processed / total, its own bar, and why it stopped if it did. */
export function StageRow({ stage }: { stage: SyncStageDto }) {
  const view = describeStage(stage);
  const labelId = `stage-${view.resource}-label`;
  const badge = BADGE[view.state];
  const valueText =
    stage.total === null
      ? `${formatCount(stage.processed)} imported, total not known yet`
      : `${formatCount(stage.processed)} of ${formatCount(stage.total)}`;
  return (
    <li className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4" data-stage={view.resource} data-state={view.state}>
      <div className="flex items-center justify-between gap-3">
        <p id={labelId} className="font-medium tabular-nums">
          {view.label}
        </p>
        <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${badge.className}`}>{badge.text}</span>
      </div>
      {view.state === "skipped" ? null : (
        <ProgressBar value={view.percent} labelledBy={labelId} valueText={valueText} tone={TONE[view.state]} />
      )}
      {stage.channels?.length ? (
        <ul className="flex flex-col gap-1 text-sm text-slate-700" aria-label="Channels">
          {stage.channels.map((channel) => (
            <li key={channel.name} data-channel={channel.kind} className="flex justify-between gap-3 tabular-nums">
              <span>{channel.name}</span>
              <span>
                {channel.status === "dry_run"
                  ? `${formatCount(channel.pending ?? 0)} would change`
                  : `${formatCount(channel.accepted)} pushed · ${formatCount(channel.rejected)} refused · ${
                      channel.pending === null ? "" : `${formatCount(channel.pending)} pending at start · `
                    }${channel.status}`}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {view.detail ? (
        <p className={`text-sm ${view.state === "failed" ? "text-red-700" : "text-amber-800"}`}>
          {view.state === "failed" ? "Error: " : "Reason: "}
          {view.detail}
        </p>
      ) : null}
    </li>
  );
}
