import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { ConflictActions } from "@/components/catalog/conflict-actions";
import { OverrideEditor, type EditableOverrides } from "@/components/catalog/override-editor";
import { AppError } from "@/lib/errors";
import { catalogProductPage, type ProductPage } from "@/lib/marketplaces/catalog-view";
import { decodeSession, SESSION_COOKIE } from "@/lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Product · ShopSync" };

type Params = Promise<{ productId: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const NO_OVERRIDES: EditableOverrides = {
  title: null,
  description: null,
  price: null,
  skuPrices: {},
  stockBuffer: 0,
  categoryId: null,
  attributes: {},
};

const show = (value: unknown) => (value === null || value === undefined || value === "" ? "—" : String(value));

export default async function ProductCatalogPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const session = decodeSession((await cookies()).get(SESSION_COOKIE)?.value);
  if (!session) redirect("/");
  const productId = decodeURIComponent((await params).productId);
  let page: ProductPage;
  try {
    page = await catalogProductPage(session.shop, productId);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
  const requested = (await searchParams).channel;
  const tab = page.tabs.find((candidate) => candidate.channel.id === requested) ?? page.tabs[0];
  const base = `/dashboard/catalog/${encodeURIComponent(productId)}`;

  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-6 px-6 py-12">
      <header className="flex flex-col gap-2">
        <Link href="/dashboard/catalog" className="text-sm text-brand underline">
          Back to the catalogue
        </Link>
        <h1 className="text-3xl font-bold tracking-tight" data-testid="product-title">
          {page.product.title}
        </h1>
        <p className="text-slate-600">
          {show(page.product.vendor)} · {show(page.product.productType)} · {page.product.status.toLowerCase()}
        </p>
      </header>
      <section aria-label="Master data" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-2 font-semibold">Master data (Shopify)</h2>
        <table className="w-full text-sm">
          <thead>
            <tr className="text-left text-slate-600">
              <th>Variant</th>
              <th>SKU</th>
              <th>Price</th>
              <th>Available</th>
            </tr>
          </thead>
          <tbody>
            {page.variants.map((variant, index) => (
              <tr key={`${variant.sku}-${index}`} className="border-t border-slate-100" data-testid="variant-row">
                <td>{variant.title}</td>
                <td className="font-mono">{show(variant.sku)}</td>
                <td>{variant.price}</td>
                <td>{variant.available}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {tab ? (
        <section aria-label="Channels" className="flex flex-col gap-4">
          <nav role="tablist" className="flex gap-2">
            {page.tabs.map((candidate) => (
              <Link
                key={candidate.channel.id}
                role="tab"
                aria-selected={candidate.channel.id === tab.channel.id}
                href={`${base}?channel=${encodeURIComponent(candidate.channel.id)}`}
                className={`rounded-t-md px-3 py-1 text-sm ${candidate.channel.id === tab.channel.id ? "bg-brand text-white" : "bg-slate-100"}`}
              >
                {candidate.channel.name}
              </Link>
            ))}
          </nav>
          <div
            role="tabpanel"
            className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4"
            data-channel-id={tab.channel.id}
          >
            {tab.listing ? (
              <>
                <p>
                  Status: <strong data-testid="listing-status">{tab.listing.status}</strong> · channel id {show(tab.listing.externalId)} ·
                  last published {show(tab.listing.lastPublishedAt)}
                </p>
                <p data-testid="publish-state" data-pending={tab.listing.pending}>
                  {tab.listing.pending ? "A publish of the latest change is pending…" : "The latest change is published."}
                </p>
                {tab.listing.rejectReasons.length > 0 ? (
                  <div role="alert" className="rounded-md bg-red-50 p-2 text-sm text-red-800" data-testid="channel-errors">
                    The channel says: {tab.listing.rejectReasons.join("; ")}
                  </div>
                ) : null}
              </>
            ) : (
              <p className="text-slate-600">Not listed on {tab.channel.name} yet: saving overrides lists and publishes it.</p>
            )}
            <OverrideEditor
              key={`${tab.channel.id}:${JSON.stringify(tab.listing?.overrides ?? null)}`}
              channelId={tab.channel.id}
              productId={page.product.productId}
              saved={tab.listing?.overrides ?? NO_OVERRIDES}
              isPending={tab.listing?.pending ?? false}
            />
            {tab.conflicts.length > 0 ? (
              <div className="flex flex-col gap-2" aria-label="Conflicts">
                <h3 className="font-semibold">Edited on the channel</h3>
                {tab.conflicts.map((conflict) => (
                  <div key={conflict.id} className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm" data-testid="conflict">
                    <p>
                      {conflict.field}: ShopSync <strong>{conflict.masterValue}</strong>, channel <strong>{conflict.channelValue}</strong>
                    </p>
                    <ConflictActions id={conflict.id} field={conflict.field} />
                  </div>
                ))}
              </div>
            ) : null}
            <div aria-label="Next publish">
              <h3 className="font-semibold">A publish would send (dry run)</h3>
              {tab.nextPublish ? (
                <div className="text-sm" data-testid="next-publish">
                  <p data-testid="next-publish-title">{tab.nextPublish.title}</p>
                  <ul>
                    {tab.nextPublish.skus.map((sku) => (
                      <li key={sku.sku} className="font-mono text-xs">
                        {sku.sku}: {sku.price}, stock {sku.quantity}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : (
                <p className="text-sm text-slate-600">Nothing: the product has no variant with a SKU.</p>
              )}
            </div>
            <div aria-label="History">
              <h3 className="font-semibold">History</h3>
              <ul className="text-sm" data-testid="history">
                {tab.history.map((event) => (
                  <li key={event.id} data-action={event.action}>
                    <span className="text-slate-500">{event.at}</span> {event.action} ({event.source})
                  </li>
                ))}
              </ul>
            </div>
          </div>
        </section>
      ) : (
        <p className="text-slate-600">No marketplace channel is connected.</p>
      )}
    </main>
  );
}
