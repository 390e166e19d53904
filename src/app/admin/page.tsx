import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { AdminShopActions } from "@/components/admin-shop-actions";
import { AdminShopsChart } from "@/components/admin-shops-chart";
import { AdminSignInForm } from "@/components/admin-sign-in-form";
import { ADMIN_COOKIE, decodeAdminSession } from "@/lib/admin/admin-session";
import { getConsoleView, type Health } from "@/lib/admin/console-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Operator console · ShopSync", robots: { index: false } };

const HEALTH_CLASS: Record<Health, string> = {
  ok: "bg-emerald-100 text-emerald-800",
  warning: "bg-amber-100 text-amber-900",
  critical: "bg-red-100 text-red-800",
};

/** The operator console: never opened by a merchant's session, only by the operator's own (admin-session.ts). */
export default async function AdminPage() {
  const session = decodeAdminSession((await cookies()).get(ADMIN_COOKIE)?.value);
  if (!session) {
    return (
      <main className="mx-auto flex max-w-5xl flex-col gap-6 px-6 py-12">
        <h1 className="text-3xl font-bold tracking-tight">ShopSync operator console</h1>
        <p className="text-slate-600">For the people who run ShopSync. Sign in with the operator credentials (ADMIN_EMAIL).</p>
        <AdminSignInForm />
      </main>
    );
  }
  const shops = await getConsoleView();
  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-6 px-6 py-12" data-testid="admin-console">
      <header className="flex flex-col gap-1">
        <h1 className="text-3xl font-bold tracking-tight">ShopSync operator console</h1>
        <p className="text-slate-600">
          {shops.length} shops · signed in as {session.email}
        </p>
      </header>
      <AdminShopsChart
        points={shops
          .filter((shop) => shop.status !== "uninstalled")
          .map((shop) => ({ shop: shop.domain, webhookP95Seconds: shop.webhookP95Seconds, failureRatePercent: shop.failureRatePercent }))}
      />
      <table className="w-full text-sm">
        <thead className="text-left text-slate-500">
          <tr>
            <th>shop</th>
            <th>status</th>
            <th>last sync</th>
            <th>lag</th>
            <th>failure rate (7 days)</th>
            <th className="text-right">dead letters</th>
            <th>webhook latency (24 h)</th>
            <th>webhook errors (24 h)</th>
            <th>last run throttled / retries</th>
            <th>health</th>
            <th>actions</th>
          </tr>
        </thead>
        <tbody>
          {shops.map((shop) => (
            <tr
              key={shop.id}
              className="border-t border-slate-200 align-top"
              data-testid="admin-shop"
              data-shop={shop.domain}
              data-health={shop.health}
              data-paused={shop.paused}
            >
              <td className="font-semibold">{shop.domain}</td>
              <td>{shop.paused ? `${shop.status} (paused)` : shop.status}</td>
              <td>
                {shop.lastSyncIso ? <time dateTime={shop.lastSyncIso}>{shop.lastSyncIso.slice(0, 16).replace("T", " ")}</time> : "never"}
              </td>
              <td>{shop.lag}</td>
              <td>{shop.failureRate}</td>
              <td className="text-right">{shop.deadLetters}</td>
              <td>{shop.webhookLatency}</td>
              <td>{shop.webhookErrors}</td>
              <td>{shop.lastRunThrottling}</td>
              <td title={shop.reasons.join("; ")}>
                <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${HEALTH_CLASS[shop.health]}`}>{shop.health}</span>
              </td>
              <td className="flex flex-col gap-1">
                <AdminShopActions shopId={shop.id} paused={shop.paused} />
                <Link href={`/admin/shops/${shop.id}`} className="text-xs text-brand underline">
                  Runs
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
