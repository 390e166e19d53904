"use client";

/**
 * The syncing page's live view: polls GET /api/sync/status every 2 s with SWR and shows exactly
 * what it answers (overall progress, one bar per stage, notices). Polling stops on a final state:
 * COMPLETED sends the merchant to the dashboard, FAILED shows the error and a Retry button.
 *
 * After a Retry (or "Sync now" on the dashboard, which passes ?run=<id>), the shop may still report
 * the previous run's final state for a poll or two; until the new run shows up in the status, the
 * page says the sync is starting instead of acting on the old state.
 *
 * When Shopify refused the shop's token, no retry can help: the page says so and links to the
 * reinstall instead of offering Retry, and stays put rather than opening the dashboard.
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import useSWR from "swr";
import { fetchSyncStatus, startSync, SyncApiError, SYNC_STATUS_URL } from "@/lib/client/sync-api";
import type { SyncStatusDto } from "@/lib/sync/sync-status";
import { ProgressBar } from "./progress-bar";
import { StageRow } from "./stage-row";

export const POLL_INTERVAL_MS = 2_000;
/** How long to wait for a just-started run to appear before trusting the shop's status again. */
const NEW_RUN_GRACE_MS = 30_000;

interface AwaitedRun {
  /** The id POST /api/sync answered with, if any. */
  runId: string | null;
  /** The newest run when the sync was requested: any other run is the new one. */
  previousRunId: string | null;
}

const isAwaitedRunVisible = (data: SyncStatusDto, awaited: AwaitedRun) =>
  awaited.runId ? data.runId === awaited.runId : data.runId !== null && data.runId !== awaited.previousRunId;

const isFinal = (status: SyncStatusDto["status"]) => status === "COMPLETED" || status === "FAILED";

export function SyncProgress({ expectedRunId }: { expectedRunId?: string }) {
  const router = useRouter();
  const [awaited, setAwaited] = useState<AwaitedRun | null>(expectedRunId ? { runId: expectedRunId, previousRunId: null } : null);
  const [isRetrying, setIsRetrying] = useState(false);
  const [retryError, setRetryError] = useState<string | null>(null);

  const isWaitingFor = (data: SyncStatusDto | undefined): boolean => awaited !== null && (!data || !isAwaitedRunVisible(data, awaited));

  const { data, error, mutate } = useSWR<SyncStatusDto, Error>(SYNC_STATUS_URL, (url: string) => fetchSyncStatus(url), {
    refreshInterval: (latest) => (latest && !isWaitingFor(latest) && isFinal(latest.status) ? 0 : POLL_INTERVAL_MS),
    dedupingInterval: 500,
    revalidateOnFocus: true,
    onSuccess: (latest) => {
      if (awaited && isAwaitedRunVisible(latest, awaited)) setAwaited(null);
    },
    onErrorRetry: (err, _key, _config, revalidate, { retryCount }) => {
      // Not signed in will not heal by polling; anything else (a restart, a blip) might.
      if (err instanceof SyncApiError && err.status === 401) return;
      setTimeout(() => void revalidate({ retryCount }), POLL_INTERVAL_MS);
    },
  });

  const isStarting = isWaitingFor(data);

  useEffect(() => {
    if (!awaited) return;
    const timer = setTimeout(() => setAwaited(null), NEW_RUN_GRACE_MS);
    return () => clearTimeout(timer);
  }, [awaited]);

  const mustReinstall = Boolean(data?.reinstallUrl) && !isStarting;
  const isCompleted = data?.status === "COMPLETED" && !isStarting && !mustReinstall;
  useEffect(() => {
    if (isCompleted) router.replace("/dashboard");
  }, [isCompleted, router]);

  async function retry() {
    setIsRetrying(true);
    setRetryError(null);
    const result = await startSync();
    setIsRetrying(false);
    if (!result.ok) {
      setRetryError(result.message);
      return;
    }
    setAwaited({ runId: result.runId, previousRunId: data?.runId ?? null });
    void mutate();
  }

  if (error instanceof SyncApiError && error.status === 401) {
    return (
      <section className="flex flex-col gap-3 rounded-xl border border-amber-300 bg-amber-50 p-6" role="alert">
        <h2 className="text-lg font-semibold">You are not signed in</h2>
        <p>This page shows the sync of the store you installed ShopSync on, and this browser has no session for one.</p>
        <p>
          <Link href="/" className="font-semibold text-brand underline">
            Go to the start page and install ShopSync
          </Link>{" "}
          to sign in.
        </p>
      </section>
    );
  }

  if (!data) {
    return error ? (
      <p role="alert" className="text-red-700">
        Could not load the sync status: {error.message}. Trying again…
      </p>
    ) : (
      <p role="status" className="text-slate-600">
        Loading your sync status…
      </p>
    );
  }

  const isFailed = data.status === "FAILED" && !isStarting && !mustReinstall;
  const headline = isStarting
    ? "Starting a new sync…"
    : mustReinstall
      ? "Shopify refused ShopSync's access token"
      : isCompleted
        ? "Sync complete. Opening your dashboard…"
        : isFailed
          ? "The sync stopped"
          : data.status === "PENDING" && data.stages.length === 0
            ? "Waiting for the sync to start…"
            : "Syncing your store";

  return (
    <div className="flex flex-col gap-6">
      <section className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <div className="flex items-baseline justify-between gap-4">
          <h2 id="overall-label" className="text-lg font-semibold" aria-live="polite">
            {headline}
          </h2>
          {isStarting ? null : (
            <span className="text-2xl font-bold tabular-nums" aria-hidden="true" data-testid="overall-progress">
              {data.progress}%
            </span>
          )}
        </div>
        {isStarting ? null : (
          <ProgressBar
            value={data.progress}
            labelledBy="overall-label"
            valueText={`${data.progress}% complete`}
            tone={isFailed || mustReinstall ? "red" : isCompleted ? "green" : "brand"}
            size="lg"
          />
        )}
        {isCompleted ? (
          <p>
            <Link href="/dashboard" className="font-semibold text-brand underline">
              Go to the dashboard
            </Link>
          </p>
        ) : null}
        {error ? (
          <p className="text-sm text-amber-800">
            Lost contact with ShopSync ({error.message}); still trying. The figures above are from the last answer.
          </p>
        ) : null}
      </section>

      {mustReinstall && data.reinstallUrl ? (
        <section role="alert" className="flex flex-col gap-3 rounded-xl border border-red-300 bg-red-50 p-6" data-testid="reinstall-notice">
          <h2 className="text-lg font-semibold text-red-800">Reinstall ShopSync to continue</h2>
          {data.error ? (
            <p className="text-red-800" data-testid="sync-error">
              {data.error}
            </p>
          ) : null}
          <p className="text-sm text-red-800">
            Shopify no longer accepts ShopSync&apos;s access token, so a retry cannot help. Everything imported so far is kept; after the
            reinstall the sync resumes.
          </p>
          <div>
            <Link
              href={data.reinstallUrl}
              className="inline-block rounded-md bg-brand px-5 py-2 font-semibold text-white shadow-sm hover:bg-brand-dark"
            >
              Reinstall ShopSync
            </Link>
          </div>
        </section>
      ) : null}

      {isFailed ? (
        <section role="alert" className="flex flex-col gap-3 rounded-xl border border-red-300 bg-red-50 p-6">
          <h2 className="text-lg font-semibold text-red-800">Sync failed</h2>
          <p className="text-red-800" data-testid="sync-error">
            {data.error ?? "The sync failed without a message."}
          </p>
          <p className="text-sm text-red-800">Everything imported so far is kept; a retry resumes from there.</p>
          <div>
            <button
              type="button"
              onClick={() => void retry()}
              disabled={isRetrying}
              className="rounded-md bg-brand px-5 py-2 font-semibold text-white shadow-sm hover:bg-brand-dark disabled:opacity-60"
            >
              {isRetrying ? "Retrying…" : "Retry"}
            </button>
          </div>
          {retryError ? (
            <p className="text-sm font-medium text-red-800" data-testid="retry-error">
              {retryError}
            </p>
          ) : null}
        </section>
      ) : null}

      {data.notices.length > 0 ? (
        <section aria-labelledby="notices-heading" className="rounded-xl border border-amber-300 bg-amber-50 p-4">
          <h2 id="notices-heading" className="font-semibold text-amber-900">
            Please note
          </h2>
          <ul className="mt-1 list-disc pl-5 text-amber-900">
            {data.notices.map((notice) => (
              <li key={notice}>{notice}</li>
            ))}
          </ul>
        </section>
      ) : null}

      {isStarting || data.stages.length === 0 ? null : (
        <section aria-labelledby="stages-heading" className="flex flex-col gap-3">
          <h2 id="stages-heading" className="font-semibold">
            Stages
          </h2>
          <ol className="flex flex-col gap-3">
            {data.stages.map((stage) => (
              <StageRow key={stage.resource} stage={stage} />
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
