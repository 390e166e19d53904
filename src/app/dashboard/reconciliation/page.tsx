import type { Metadata } from "next";
import Link from "next/link";
import { getReconciliationView, type TrendPoint } from "@/lib/reconciliation/reconciliation-view";
import { merchantSessionOrRedirect } from "@/lib/merchant-page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Reconciliation · ShopSync" };

const STATUS_CLASS = {
  ok: "bg-emerald-100 text-emerald-800",
  warning: "bg-amber-100 text-amber-900",
  critical: "bg-red-100 text-red-800",
} as const;

function StatusBadge({ status }: { status: TrendPoint["status"] }) {
  return <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${STATUS_CLASS[status]}`}>{status}</span>;
}

export default async function ReconciliationPage() {
  const session = await merchantSessionOrRedirect();
  const view = await getReconciliationView(session.shop);

  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-6 px-6 py-12">
      <header className="flex flex-col gap-2">
        <Link href="/dashboard" className="text-sm text-brand underline">
          Back to the dashboard
        </Link>
        <h1 className="text-3xl font-bold tracking-tight">Reconciliation</h1>
        <p className="text-slate-600">
          Every day ShopSync compares the ids Shopify has with the ids in your copy, per resource: records missing from the copy are fetched
          and stored, records Shopify no longer has are removed.
        </p>
      </header>

      {view.resources.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-slate-600" data-testid="reconciliation-empty">
          No reconciliation has run yet: the first runs tonight at 03:00.
        </p>
      ) : (
        view.resources.map((trend) => (
          <section
            key={trend.resource}
            className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4"
            data-testid="reconciliation-resource"
            data-resource={trend.resource}
            data-status={trend.latest.status}
          >
            <h2 className="flex items-center gap-2 text-lg font-semibold">
              {trend.resource} <StatusBadge status={trend.latest.status} />
            </h2>
            <table className="w-full text-sm">
              <thead className="text-left text-slate-500">
                <tr>
                  <th>when</th>
                  <th className="text-right">Shopify</th>
                  <th className="text-right">local</th>
                  <th className="text-right">missing</th>
                  <th className="text-right">extra</th>
                  <th className="text-right">healed</th>
                  <th className="text-right">removed</th>
                  <th>status</th>
                </tr>
              </thead>
              <tbody>
                {[...trend.points].reverse().map((point) => (
                  <tr key={point.dateIso} data-testid="reconciliation-pass" title={point.note ?? undefined}>
                    <td>
                      <time dateTime={point.dateIso}>{point.dateIso.slice(0, 16).replace("T", " ")}</time>
                    </td>
                    <td className="text-right">{point.shopifyCount}</td>
                    <td className="text-right">{point.localCount}</td>
                    <td className="text-right">{point.missing}</td>
                    <td className="text-right">{point.extra}</td>
                    <td className="text-right">{point.healed}</td>
                    <td className="text-right">{point.removed}</td>
                    <td>
                      <StatusBadge status={point.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))
      )}
    </main>
  );
}
