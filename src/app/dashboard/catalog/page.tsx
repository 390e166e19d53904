import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ProductTable } from "@/components/catalog/product-table";
import { catalogProductList, LISTING_STATUSES, productListFiltersSchema } from "@/lib/marketplaces/catalog-view";
import { decodeSession, SESSION_COOKIE } from "@/lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Catalogue · ShopSync" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function CatalogPage({ searchParams }: { searchParams: SearchParams }) {
  const session = decodeSession((await cookies()).get(SESSION_COOKIE)?.value);
  if (!session) redirect("/");
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, value]) => typeof value === "string" && value !== ""));
  const parsed = productListFiltersSchema.safeParse(raw);
  const filters = parsed.success ? parsed.data : {};
  const view = await catalogProductList(session.shop, filters);

  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-6 px-6 py-12">
      <header className="flex flex-col gap-2">
        <Link href="/dashboard" className="text-sm text-brand underline">
          Back to the dashboard
        </Link>
        <h1 className="text-3xl font-bold tracking-tight">Catalogue</h1>
        <p className="text-slate-600">
          Your Shopify products and their listings on Shopee and TikTok Shop.{" "}
          <Link href="/dashboard/conflicts" className="text-brand underline">
            Conflicts inbox
          </Link>
        </p>
      </header>
      <form method="get" className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3" aria-label="Filters">
        <label className="flex flex-col text-sm">
          Search
          <input
            name="q"
            defaultValue={filters.q ?? ""}
            placeholder="Title or SKU"
            className="rounded-md border border-slate-300 px-2 py-1"
          />
        </label>
        <label className="flex flex-col text-sm">
          Channel
          <select name="channel" defaultValue={filters.channel ?? ""} className="rounded-md border border-slate-300 px-2 py-1">
            <option value="">Any</option>
            {view.channels.map((channel) => (
              <option key={channel.id} value={channel.id}>
                {channel.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-sm">
          Listing status
          <select name="status" defaultValue={filters.status ?? ""} className="rounded-md border border-slate-300 px-2 py-1">
            <option value="">Any</option>
            {LISTING_STATUSES.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1 text-sm">
          <input type="checkbox" name="conflicts" value="1" defaultChecked={filters.conflicts === "1"} /> With conflicts
        </label>
        <label className="flex items-center gap-1 text-sm">
          <input type="checkbox" name="lowStock" value="1" defaultChecked={filters.lowStock === "1"} /> Low stock (at or below the
          product&apos;s threshold, else {view.lowStockUnits})
        </label>
        <button type="submit" className="rounded-md bg-brand px-3 py-1 text-sm font-semibold text-white">
          Filter
        </button>
      </form>
      <p className="text-sm text-slate-600">
        <span data-testid="product-count">{view.products.length}</span> product{view.products.length === 1 ? "" : "s"}
      </p>
      <ProductTable channels={view.channels.map(({ id, name }) => ({ id, name }))} rows={view.products} />
    </main>
  );
}
