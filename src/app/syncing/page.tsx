import type { Metadata } from "next";
import { SyncProgress } from "@/components/sync-progress";

export const metadata: Metadata = { title: "Syncing · ShopSync" };

export default async function SyncingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  // Set by "Sync now": the run to wait for, so the previous run's final state is not acted on.
  const expectedRunId = typeof params.run === "string" && params.run ? params.run : undefined;
  return (
    <main className="mx-auto flex max-w-3xl flex-col gap-8 px-6 py-12">
      <header className="flex flex-col gap-2">
        <p className="text-sm font-semibold uppercase tracking-wide text-brand">ShopSync</p>
        <h1 className="text-3xl font-bold tracking-tight">Copying your store</h1>
        <p className="text-slate-600">
          Figures come straight from the sync as it writes each batch; this page refreshes every 2 seconds. You can close it: the sync
          carries on.
        </p>
      </header>
      <SyncProgress expectedRunId={expectedRunId} />
    </main>
  );
}
