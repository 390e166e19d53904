import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { DryRunReport } from "@/components/dry-run-report";
import { ManualSyncForm } from "@/components/manual-sync-form";
import { ShopStatusBadge } from "@/components/shop-status-badge";
import { SyncNowButton } from "@/components/sync-now-button";
import { SyncHistoryTable } from "@/components/sync-history-table";
import { SyncTrendChart } from "@/components/sync-trend-chart";
import { getDashboardView } from "@/lib/dashboard/dashboard-view";
import { getSyncTrend } from "@/lib/dashboard/sync-trend";
import { merchantSessionOrRedirect } from "@/lib/merchant-page";
import { RESOURCE_DEFINITIONS } from "@/lib/sync/resources";
import { findLatestDryRun } from "@/lib/sync/sync-run-queries";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Dashboard · ShopSync" };

export default async function DashboardPage() {
  const session = await merchantSessionOrRedirect();
  const view = await getDashboardView(session.shop);
  if (!view)
    redirect(
      `/?${new URLSearchParams({ shop: session.shop, error: "ShopSync is not installed on this store any more. Install it again to continue." })}`,
    );
  const dryRun = await findLatestDryRun(view.domain);

  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-8 px-6 py-12">
      <header className="flex flex-col justify-between gap-4 sm:flex-row sm:items-start">
        <div className="flex flex-col gap-2">
          <p className="text-sm font-semibold uppercase tracking-wide text-brand">ShopSync</p>
          <h1 className="text-3xl font-bold tracking-tight">{view.domain}</h1>
          <p className="flex flex-wrap items-center gap-3 text-slate-600">
            <ShopStatusBadge status={view.status} />
            {view.lastSyncAtIso ? (
              <time dateTime={view.lastSyncAtIso} data-testid="last-synced">
                {view.lastSynced}
              </time>
            ) : (
              <span data-testid="last-synced">{view.lastSynced}</span>
            )}
            <Link href="/syncing" className="text-brand underline">
              View sync progress
            </Link>
            <Link href="/dashboard/notifications" className="text-brand underline">
              Notifications
            </Link>
            <Link href="/dashboard/reconciliation" className="text-brand underline">
              Reconciliation
            </Link>
            <Link href="/dashboard/channels" className="text-brand underline">
              Sales channels
            </Link>
          </p>
        </div>
        {/* A sync cannot succeed with a refused token: the way forward is the reinstall. */}
        {view.reinstallUrl ? null : <SyncNowButton />}
      </header>

      {view.reinstallUrl ? (
        <p role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-red-800" data-testid="reinstall-notice">
          Shopify refused ShopSync&apos;s access token, so nothing can be synced.{" "}
          <Link href={view.reinstallUrl} className="font-semibold underline">
            Reinstall ShopSync
          </Link>{" "}
          to resume syncing; everything copied so far is kept.
        </p>
      ) : view.syncStatus === "FAILED" && view.lastSyncError ? (
        <p role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-red-800">
          The last sync failed: {view.lastSyncError}
        </p>
      ) : null}

      <section aria-labelledby="counts-heading" className="flex flex-col gap-3">
        <h2 id="counts-heading" className="text-lg font-semibold">
          In your database
        </h2>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {view.counts.map((count) => (
            <div key={count.key} className="rounded-lg border border-slate-200 bg-white p-4">
              <dt className="text-sm text-slate-600">{count.label}</dt>
              <dd className="text-2xl font-bold tabular-nums" data-testid={`count-${count.key}`}>
                {count.value}
              </dd>
            </div>
          ))}
          <div
            className={`rounded-lg border p-4 ${view.hasUnresolvedDeadLetters ? "border-amber-300 bg-amber-50" : "border-slate-200 bg-white"}`}
          >
            <dt className="text-sm text-slate-600">Records that could not be stored</dt>
            <dd className="text-2xl font-bold tabular-nums">
              <Link
                href="/dashboard/dead-letters"
                className="hover:underline"
                data-testid="dead-letters"
                aria-label={`${view.unresolvedDeadLetters} records that could not be stored: review them`}
              >
                {view.unresolvedDeadLetters}
              </Link>
            </dd>
          </div>
        </dl>
      </section>

      {view.reinstallUrl ? null : (
        <ManualSyncForm
          resources={RESOURCE_DEFINITIONS.map((resource) => ({ key: resource.name, label: resource.label }))}
          latestDryRun={dryRun ? { id: dryRun.id, isFinished: dryRun.status !== "QUEUED" && dryRun.status !== "RUNNING" } : null}
        />
      )}
      {dryRun ? <DryRunReport run={dryRun} now={new Date()} /> : null}

      <section aria-labelledby="trend-heading" className="flex flex-col gap-3">
        <h2 id="trend-heading" className="text-lg font-semibold">
          Syncs over the last 30 days
        </h2>
        <SyncTrendChart points={await getSyncTrend(session.shop)} />
      </section>

      <section aria-labelledby="history-heading" className="flex flex-col gap-3">
        <h2 id="history-heading" className="text-lg font-semibold">
          Sync history
        </h2>
        <SyncHistoryTable runs={view.runs} />
      </section>
    </main>
  );
}
