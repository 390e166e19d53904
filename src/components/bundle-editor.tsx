"use client";

/**
 * The shop's bundles and an editor: a bundle is a SKU sold as several variants, each component a
 * variant (SKU or GID) times units. Editing sends the version it started from, so an edit made
 * elsewhere in between is refused instead of overwritten.
 */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { saveBundle } from "@/lib/client/channels-api";

export interface BundleRow {
  id: string;
  sku: string;
  name: string;
  version: number;
  components: { variantId: string; variantSku: string | null; units: number }[];
  listings: number;
}

type Draft = { id: string | null; version?: number; sku: string; name: string; components: { variant: string; units: number }[] };

const EMPTY: Draft = { id: null, sku: "", name: "", components: [{ variant: "", units: 1 }] };

export function BundleEditor({ bundles }: { bundles: BundleRow[] }) {
  const router = useRouter();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ text: string; isError: boolean } | null>(null);

  const edit = (bundle: BundleRow) => {
    setMessage(null);
    setDraft({
      id: bundle.id,
      version: bundle.version,
      sku: bundle.sku,
      name: bundle.name,
      components: bundle.components.map((c) => ({ variant: c.variantSku ?? c.variantId, units: c.units })),
    });
  };
  const setComponent = (index: number, change: Partial<Draft["components"][number]>) =>
    setDraft((d) => ({ ...d, components: d.components.map((c, i) => (i === index ? { ...c, ...change } : c)) }));

  async function save() {
    setPending(true);
    setMessage(null);
    const { id, ...bundle } = draft;
    const result = await saveBundle({ ...bundle, components: bundle.components.filter((c) => c.variant.trim()) }, id);
    setPending(false);
    if (!result.ok) return setMessage({ text: result.message, isError: true });
    setMessage({ text: `Bundle ${draft.sku} saved.`, isError: false });
    setDraft(EMPTY);
    router.refresh();
  }

  const field = "rounded-md border border-slate-300 px-2 py-1";
  return (
    <section className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4" aria-label="Bundles">
      <h2 className="text-lg font-semibold">Bundles</h2>
      <table className="w-full text-left text-sm" data-testid="bundles">
        <thead className="text-slate-500">
          <tr>
            <th className="py-1">SKU</th>
            <th>Name</th>
            <th>Components</th>
            <th className="text-right">Version</th>
            <th className="text-right">Listings</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {bundles.map((bundle) => (
            <tr key={bundle.id} data-bundle-sku={bundle.sku} className="border-t border-slate-100">
              <td className="py-1 font-mono">{bundle.sku}</td>
              <td>{bundle.name}</td>
              <td className="font-mono text-xs">
                {bundle.components.map((c) => `${c.units} × ${c.variantSku ?? c.variantId}`).join(", ")}
              </td>
              <td className="text-right tabular-nums" data-testid="bundle-version">
                {bundle.version}
              </td>
              <td className="text-right tabular-nums">{bundle.listings}</td>
              <td className="text-right">
                <button type="button" onClick={() => edit(bundle)} className="text-brand underline">
                  Edit
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {bundles.length === 0 ? <p className="text-sm text-slate-600">No bundle yet.</p> : null}

      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
        className="flex flex-col gap-2 text-sm"
        aria-label="Bundle editor"
      >
        <h3 className="font-semibold">{draft.id ? `Edit ${draft.sku} (version ${draft.version})` : "New bundle"}</h3>
        <div className="flex flex-wrap gap-2">
          <label className="flex flex-col gap-1">
            Bundle SKU
            <input value={draft.sku} onChange={(e) => setDraft({ ...draft, sku: e.target.value })} className={`${field} font-mono`} />
          </label>
          <label className="flex flex-col gap-1">
            Bundle name
            <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} className={field} />
          </label>
        </div>
        {draft.components.map((component, index) => (
          <div key={index} className="flex flex-wrap items-end gap-2" data-testid="bundle-component">
            <label className="flex flex-col gap-1">
              Component {index + 1} variant (SKU or GID)
              <input
                value={component.variant}
                onChange={(e) => setComponent(index, { variant: e.target.value })}
                className={`${field} font-mono`}
              />
            </label>
            <label className="flex flex-col gap-1">
              Component {index + 1} units
              <input
                type="number"
                min={1}
                value={component.units}
                onChange={(e) => setComponent(index, { units: Number(e.target.value) })}
                className={`${field} w-24`}
              />
            </label>
            <button
              type="button"
              onClick={() => setDraft({ ...draft, components: draft.components.filter((_, i) => i !== index) })}
              className="text-slate-600 underline"
            >
              Remove
            </button>
          </div>
        ))}
        <div className="flex gap-2">
          <button
            type="button"
            onClick={() => setDraft({ ...draft, components: [...draft.components, { variant: "", units: 1 }] })}
            className="rounded-md bg-slate-200 px-3 py-1 font-semibold"
          >
            Add component
          </button>
          <button
            type="submit"
            disabled={pending}
            className="rounded-md bg-brand px-3 py-1 font-semibold text-white hover:bg-brand-dark disabled:opacity-60"
          >
            {pending ? "Saving…" : "Save bundle"}
          </button>
          {draft.id ? (
            <button type="button" onClick={() => setDraft(EMPTY)} className="text-slate-600 underline">
              Cancel
            </button>
          ) : null}
        </div>
        {message ? (
          <p role="status" className={message.isError ? "text-red-700" : "text-emerald-800"}>
            {message.text}
          </p>
        ) : null}
      </form>
    </section>
  );
}
