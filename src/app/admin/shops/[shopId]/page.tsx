import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { ADMIN_COOKIE, decodeAdminSession } from "@/lib/admin/admin-session";
import { listShopRuns } from "@/lib/admin/console-queries";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Runs · Operator console · ShopSync", robots: { index: false } };

/** A shop's newest sync runs, for an operator. */
export default async function AdminShopRunsPage({ params }: { params: Promise<{ shopId: string }> }) {
  if (!decodeAdminSession((await cookies()).get(ADMIN_COOKIE)?.value)) redirect("/admin");
  const shop = await listShopRuns((await params).shopId);
  if (!shop) notFound();
  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-6 px-6 py-12">
      <Link href="/admin" className="text-sm text-brand underline">
        Back to the console
      </Link>
      <h1 className="text-2xl font-bold tracking-tight">Runs of {shop.domain}</h1>
      <table className="w-full text-sm">
        <thead className="text-left text-slate-500">
          <tr>
            <th>run</th>
            <th>kind</th>
            <th>trigger</th>
            <th>status</th>
            <th>created</th>
            <th>finished</th>
            <th>error</th>
          </tr>
        </thead>
        <tbody>
          {shop.runs.map((run) => (
            <tr key={run.id} className="border-t border-slate-200 align-top" data-testid="admin-run" data-status={run.status}>
              <td className="font-mono text-xs">{run.id}</td>
              <td>{run.dryRun ? `${run.kind.toLowerCase()} (dry run)` : run.kind.toLowerCase()}</td>
              <td>{run.trigger}</td>
              <td>{run.status.toLowerCase()}</td>
              <td>{run.createdAt.toISOString().slice(0, 19).replace("T", " ")}</td>
              <td>{run.finishedAt?.toISOString().slice(0, 19).replace("T", " ") ?? ""}</td>
              <td className="text-red-800">{run.error ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
