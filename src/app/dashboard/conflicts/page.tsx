import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ConflictActions } from "@/components/catalog/conflict-actions";
import { shopConflicts } from "@/lib/marketplaces/conflicts/shop-conflicts";
import { decodeSession, SESSION_COOKIE } from "@/lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Conflicts · ShopSync" };

export default async function ConflictsPage() {
  const session = decodeSession((await cookies()).get(SESSION_COOKIE)?.value);
  if (!session) redirect("/");
  const conflicts = await shopConflicts(session.shop, { status: "open" });

  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-6 px-6 py-12">
      <header className="flex flex-col gap-2">
        <Link href="/dashboard/catalog" className="text-sm text-brand underline">
          Back to the catalogue
        </Link>
        <h1 className="text-3xl font-bold tracking-tight">Conflicts</h1>
        <p className="text-slate-600">
          Fields someone edited on a channel after ShopSync published them. Nothing is overwritten until you choose (or a rule does).
        </p>
      </header>
      {conflicts.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white p-4 text-slate-600" data-testid="conflicts-empty">
          No open conflicts.
        </p>
      ) : (
        <ul className="flex flex-col gap-3">
          {conflicts.map((conflict) => (
            <li
              key={conflict.id}
              className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4"
              data-testid="conflict"
              data-conflict-id={conflict.id}
            >
              <p className="text-sm text-slate-600">
                {conflict.channelName} ·{" "}
                <Link
                  href={`/dashboard/catalog/${encodeURIComponent(conflict.productId)}?channel=${encodeURIComponent(conflict.channelId)}`}
                  className="text-brand underline"
                >
                  {conflict.productId}
                </Link>{" "}
                · {conflict.detectedAt}
              </p>
              <p>
                <strong>{conflict.field}</strong>: ShopSync <span data-testid="master-value">{conflict.masterValue}</span>, channel{" "}
                <span data-testid="channel-value">{conflict.channelValue}</span>
              </p>
              <ConflictActions id={conflict.id} field={conflict.field} />
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
