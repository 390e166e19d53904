import type { RunView } from "@/lib/dashboard/dashboard-view";

const STATUS_CLASS: Record<string, string> = {
  QUEUED: "text-slate-600",
  RUNNING: "text-teal-700",
  COMPLETED: "text-emerald-700",
  FAILED: "text-red-700",
  CANCELLED: "text-slate-500",
};

/** The newest sync runs: what ran, why, how long it took and how many records it wrote. */
export function SyncHistoryTable({ runs }: { runs: RunView[] }) {
  if (runs.length === 0) return <p className="text-slate-600">No syncs yet.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">The {runs.length} most recent sync runs, newest first</caption>
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Started
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Kind
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Trigger
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Status
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Duration
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Records
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Error
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} className="border-t border-slate-100" data-testid="sync-run" data-run-id={run.id}>
              <td className="px-3 py-2">
                <time dateTime={run.startedAtIso} title={run.startedAtIso}>
                  {run.startedAgo}
                </time>
              </td>
              <td className="px-3 py-2">{run.kind}</td>
              <td className="px-3 py-2">{run.trigger}</td>
              <td className={`px-3 py-2 font-medium ${STATUS_CLASS[run.status] ?? ""}`}>{run.status.toLowerCase()}</td>
              <td className="px-3 py-2 tabular-nums">{run.duration}</td>
              <td className="px-3 py-2 text-right tabular-nums">{run.records}</td>
              <td className="max-w-xs px-3 py-2 text-red-700">{run.error ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
