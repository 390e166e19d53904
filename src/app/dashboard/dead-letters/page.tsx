import type { Metadata } from "next";
import Link from "next/link";
import { DeadLetterActions } from "@/components/dead-letter-actions";
import { getDeadLettersView } from "@/lib/dead-letters/dead-letter-view";
import { merchantSessionOrRedirect } from "@/lib/merchant-page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Records that could not be stored · ShopSync" };

const STATE_CLASS = {
  waiting: "bg-amber-100 text-amber-900",
  retried: "bg-emerald-100 text-emerald-800",
  resolved: "bg-slate-100 text-slate-700",
  abandoned: "bg-red-100 text-red-800",
} as const;

export default async function DeadLettersPage() {
  const session = await merchantSessionOrRedirect();
  const view = await getDeadLettersView(session.shop);

  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-6 px-6 py-12">
      <header className="flex flex-col gap-2">
        <Link href="/dashboard" className="text-sm text-brand underline">
          Back to the dashboard
        </Link>
        <h1 className="text-3xl font-bold tracking-tight">Records that could not be stored</h1>
        <p className="text-slate-600">
          <span data-testid="dead-letters-unresolved">{view.unresolved}</span> waiting for a retry. ShopSync retries each one automatically
          (after 1, 2, 4, 8 and 16 minutes) and gives up after the last. Retry replays a record now; Resolve stops its retries.
        </p>
      </header>

      {view.items.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-slate-600" data-testid="dead-letters-empty">
          Every record was stored. Nothing to do here.
        </p>
      ) : (
        <ul className="flex flex-col gap-3">
          {view.items.map((item) => (
            <li
              key={item.id}
              className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4"
              data-testid="dead-letter"
              data-dead-letter-id={item.id}
              data-state={item.state}
            >
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div className="flex flex-col gap-1">
                  <p className="flex flex-wrap items-center gap-2">
                    <span className="font-semibold">{item.entityType}</span>
                    <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${STATE_CLASS[item.state]}`}>{item.stateLabel}</span>
                  </p>
                  <p className="font-mono text-sm text-slate-600">{item.shopifyId ?? "no Shopify id"}</p>
                </div>
                {item.isActionable ? <DeadLetterActions id={item.id} /> : null}
              </div>
              <p className="text-sm text-red-800" data-testid="dead-letter-error">
                {item.error}
              </p>
              <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm text-slate-600">
                <div className="flex gap-1">
                  <dt>Failed</dt>
                  <dd>
                    <time dateTime={item.createdAtIso} title={item.createdAtIso}>
                      {item.createdAgo}
                    </time>
                  </dd>
                </div>
                <div className="flex gap-1">
                  <dt>Retries</dt>
                  <dd className="tabular-nums">{item.retries}</dd>
                </div>
                <div className="flex gap-1">
                  <dt>Next retry</dt>
                  <dd>{item.nextRetry}</dd>
                </div>
              </dl>
              <details>
                <summary className="cursor-pointer text-sm text-slate-700">Raw payload</summary>
                <pre className="mt-2 max-h-80 overflow-auto rounded bg-slate-50 p-3 text-xs">{item.payload}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
      {view.isTruncated ? (
        <p className="text-sm text-slate-600">
          Showing the first {view.items.length} of {view.total} records.
        </p>
      ) : null}
    </main>
  );
}
