"use client";

/**
 * Manual sync with options: which resources, and a dry run that reports what would be fetched and
 * its estimated API cost without writing. A real sync opens the syncing page on its run; a dry run
 * stays here and re-renders the dashboard until its report (DryRunReport) shows the finished run.
 */
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { startSync } from "@/lib/client/sync-api";

const REFRESH_MS = 1_500;

export interface ManualSyncFormProps {
  /** The resources a sync can include, in stage order (the page passes the registry's). */
  resources: readonly { key: string; label: string }[];
  /** The newest dry run the page shows: id and whether it finished. */
  latestDryRun: { id: string; isFinished: boolean } | null;
}

export function ManualSyncForm({ resources, latestDryRun }: ManualSyncFormProps) {
  const router = useRouter();
  const [selected, setSelected] = useState<string[]>(resources.map((resource) => resource.key));
  const [isDryRun, setIsDryRun] = useState(false);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [awaitedDryRun, setAwaitedDryRun] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const isWaiting = awaitedDryRun !== null && !(latestDryRun?.id === awaitedDryRun && latestDryRun.isFinished);
  useEffect(() => {
    if (!isWaiting) return;
    const timer = setInterval(() => router.refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [isWaiting, router]);

  const toggle = (key: string) => setSelected((current) => (current.includes(key) ? current.filter((k) => k !== key) : [...current, key]));

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (selected.length === 0) {
      setError("Choose at least one kind of record to sync.");
      return;
    }
    setIsSubmitting(true);
    setError(null);
    const result = await startSync({ resources: resources.map((r) => r.key).filter((key) => selected.includes(key)), dryRun: isDryRun });
    setIsSubmitting(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    if (!isDryRun) {
      router.push(result.runId ? `/syncing?run=${encodeURIComponent(result.runId)}` : "/syncing");
      return;
    }
    setAwaitedDryRun(result.runId);
    router.refresh();
  }

  return (
    <form
      onSubmit={(event) => void submit(event)}
      className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4"
      aria-labelledby="manual-sync-heading"
    >
      <h2 id="manual-sync-heading" className="text-lg font-semibold">
        Sync with options
      </h2>
      <fieldset className="flex flex-wrap gap-4">
        <legend className="mb-1 text-sm text-slate-600">Records to include</legend>
        {resources.map((resource) => (
          <label key={resource.key} className="flex items-center gap-2">
            <input
              type="checkbox"
              name="resources"
              value={resource.key}
              checked={selected.includes(resource.key)}
              onChange={() => toggle(resource.key)}
            />
            {resource.label}
          </label>
        ))}
      </fieldset>
      <label className="flex items-center gap-2">
        <input type="checkbox" name="dryRun" checked={isDryRun} onChange={(event) => setIsDryRun(event.target.checked)} />
        Dry run: show what would be fetched and the estimated Shopify API cost, without writing anything
      </label>
      <div className="flex items-center gap-3">
        <button
          type="submit"
          disabled={isSubmitting || isWaiting}
          className="rounded-md bg-brand px-5 py-2 font-semibold text-white shadow-sm hover:bg-brand-dark disabled:opacity-60"
        >
          {isSubmitting ? "Starting…" : isWaiting ? "Dry run in progress…" : isDryRun ? "Start dry run" : "Start sync"}
        </button>
        {isWaiting ? (
          <span role="status" className="text-sm text-slate-600" data-testid="dry-run-waiting">
            Counting records and estimating the cost…
          </span>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-700" data-testid="manual-sync-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}
