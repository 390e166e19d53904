/** The newest dry run: per stage, the records a sync would fetch and its estimated API cost. */
import { formatCount } from "@/lib/format/count";
import { formatRelativeTime } from "@/lib/format/relative-time";
import type { SyncRunProgress } from "@/lib/sync/sync-run-queries";

export function DryRunReport({ run, now }: { run: SyncRunProgress; now: Date }) {
  const records = run.stages.reduce((sum, stage) => sum + (stage.total ?? 0), 0);
  const cost = run.stages.reduce((sum, stage) => sum + (stage.estimatedCost ?? 0), 0);
  const isFinished = run.status !== "QUEUED" && run.status !== "RUNNING";
  return (
    <section
      aria-labelledby="dry-run-heading"
      className="flex flex-col gap-3"
      data-testid="dry-run-report"
      data-run-id={run.id}
      data-status={run.status}
    >
      <h2 id="dry-run-heading" className="text-lg font-semibold">
        Latest dry run{" "}
        <span className="text-sm font-normal text-slate-600">
          ({run.kind.toLowerCase()}, {formatRelativeTime(run.createdAt, now)})
        </span>
      </h2>
      {run.status === "FAILED" || run.status === "CANCELLED" ? (
        <p role="alert" className="text-red-700">
          The dry run {run.status.toLowerCase()}
          {run.error ? `: ${run.error}` : "."}
        </p>
      ) : null}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">What a sync would fetch, per kind of record</caption>
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                Records
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                Would fetch
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                Estimated API cost
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Note
              </th>
            </tr>
          </thead>
          <tbody>
            {run.stages.map((stage) => (
              <tr key={stage.resource} className="border-t border-slate-100" data-testid="dry-run-stage" data-resource={stage.resource}>
                <td className="px-3 py-2 capitalize">{stage.resource}</td>
                <td className="px-3 py-2 text-right tabular-nums" data-testid="dry-run-total">
                  {stage.total === null ? "…" : formatCount(stage.total)}
                </td>
                <td className="px-3 py-2 text-right tabular-nums" data-testid="dry-run-cost">
                  {stage.estimatedCost === null ? (stage.status === "PENDING" ? "…" : "—") : `${formatCount(stage.estimatedCost)} points`}
                </td>
                <td className="px-3 py-2 text-slate-600">{stage.error ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {isFinished && run.status === "COMPLETED" ? (
        <p className="text-sm text-slate-600" data-testid="dry-run-summary">
          A sync would fetch {formatCount(records)} records for about {formatCount(cost)} Shopify API cost points. Nothing was written.
        </p>
      ) : null}
    </section>
  );
}
