"use client";

/**
 * The catalogue's product list with bulk actions: choose products and a marketplace channel, then
 * preview what a publish would send (the dry run) or publish them.
 */
import Link from "next/link";
import { useState } from "react";
import { publishProducts, type DraftPreview } from "@/lib/client/catalog-api";

export interface ProductTableRow {
  productId: string;
  title: string;
  vendor: string | null;
  available: number;
  isLowStock: boolean;
  listings: { channelId: string; status: string; openConflicts: number }[];
}

export function ProductTable({ rows, channels }: { rows: ProductTableRow[]; channels: { id: string; name: string }[] }) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [channelId, setChannelId] = useState(channels[0]?.id ?? "");
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ text: string; isError: boolean } | null>(null);
  const [preview, setPreview] = useState<DraftPreview[] | null>(null);

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  async function run(dryRun: boolean) {
    setPending(true);
    setMessage(null);
    setPreview(null);
    const answer = await publishProducts(channelId, [...selected], dryRun);
    setPending(false);
    if (!answer.ok) setMessage({ text: answer.message, isError: true });
    else if ("preview" in answer) setPreview(answer.preview);
    else setMessage({ text: `Publishing ${answer.listings} listing${answer.listings === 1 ? "" : "s"}.`, isError: false });
  }

  const channelName = (id: string) => channels.find((channel) => channel.id === id)?.name ?? id;
  const button = "rounded-md px-3 py-1 text-sm font-semibold disabled:opacity-60";
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white p-3" data-testid="bulk-bar">
        <span className="text-sm text-slate-600">
          <span data-testid="selected-count">{selected.size}</span> selected
        </span>
        <label className="flex items-center gap-2 text-sm">
          Channel
          <select
            value={channelId}
            onChange={(event) => setChannelId(event.target.value)}
            className="rounded-md border border-slate-300 px-2 py-1"
          >
            {channels.map((channel) => (
              <option key={channel.id} value={channel.id}>
                {channel.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={pending || selected.size === 0 || !channelId}
          onClick={() => void run(true)}
          className={`${button} border border-slate-300 bg-white text-slate-800`}
        >
          Preview publish
        </button>
        <button
          type="button"
          disabled={pending || selected.size === 0 || !channelId}
          onClick={() => void run(false)}
          className={`${button} bg-brand text-white`}
        >
          Publish selected
        </button>
        {message ? (
          <p role={message.isError ? "alert" : "status"} className={message.isError ? "text-sm text-red-700" : "text-sm text-emerald-800"}>
            {message.text}
          </p>
        ) : null}
      </div>
      {preview ? (
        <section
          aria-label="What a publish would send"
          className="rounded-lg border border-slate-200 bg-white p-3"
          data-testid="publish-preview"
        >
          <h2 className="font-semibold">A publish to {channelName(channelId)} would send</h2>
          {preview.map((entry) => (
            <div key={entry.productId} className="border-t border-slate-100 py-2 text-sm" data-preview-product={entry.productId}>
              {entry.draft ? (
                <>
                  <p className="font-medium" data-testid="preview-title">
                    {entry.draft.title}
                  </p>
                  <ul>
                    {entry.draft.skus.map((sku) => (
                      <li key={sku.sku} className="font-mono text-xs">
                        {sku.sku}: {sku.price}, stock {sku.quantity}
                      </li>
                    ))}
                  </ul>
                </>
              ) : (
                <p className="text-slate-500">Nothing to publish (no variant with a SKU).</p>
              )}
            </div>
          ))}
        </section>
      ) : null}
      <table className="w-full border-collapse text-sm">
        <thead>
          <tr className="text-left text-slate-600">
            <th className="p-2">
              <span className="sr-only">Select</span>
            </th>
            <th className="p-2">Product</th>
            <th className="p-2">Stock</th>
            <th className="p-2">Listings</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.productId} className="border-t border-slate-200" data-testid="product-row" data-product-id={row.productId}>
              <td className="p-2">
                <input
                  type="checkbox"
                  aria-label={`Select ${row.title}`}
                  checked={selected.has(row.productId)}
                  onChange={() => toggle(row.productId)}
                />
              </td>
              <td className="p-2">
                <Link href={`/dashboard/catalog/${encodeURIComponent(row.productId)}`} className="text-brand underline">
                  {row.title}
                </Link>
                {row.vendor ? <span className="ml-2 text-slate-500">{row.vendor}</span> : null}
              </td>
              <td className="p-2" data-low-stock={row.isLowStock ? "true" : "false"}>
                {row.available}
                {row.isLowStock ? <span className="ml-2 rounded bg-amber-100 px-1 text-xs text-amber-900">low</span> : null}
              </td>
              <td className="p-2">
                {row.listings.map((listing) => (
                  <span
                    key={listing.channelId}
                    className="mr-2 inline-block rounded bg-slate-100 px-2 py-0.5 text-xs"
                    data-listing-status={listing.status}
                  >
                    {channelName(listing.channelId)}: {listing.status}
                    {listing.openConflicts > 0 ? ` · ${listing.openConflicts} conflict${listing.openConflicts === 1 ? "" : "s"}` : ""}
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
