"use client";

/**
 * A product's overrides on one channel, editable: title, description, price, per-SKU prices (one
 * `sku=price` a line; a conflict resolved with the channel's price sets one), stock buffer, category
 * and attributes (one `id=value` a line). Only the fields the merchant changed are sent
 * (PATCH, audited; the outbox publishes); an emptied field clears its override, so the master value
 * is published again. The page re-renders after, and keeps refreshing while the publish is pending;
 * it keys the editor on the saved overrides, so new saved values start a fresh form.
 */
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { saveOverrides, type OverridesChange } from "@/lib/client/catalog-api";

export interface EditableOverrides {
  title: string | null;
  description: string | null;
  price: string | null;
  skuPrices: Record<string, string>;
  stockBuffer: number;
  categoryId: string | null;
  attributes: Record<string, string>;
}

const REFRESH_WHILE_PENDING_MS = 2_000;

/** `key=value` lines (attributes by id, prices by SKU). */
const pairsText = (pairs: Record<string, string>) =>
  Object.entries(pairs)
    .map(([key, value]) => `${key}=${value}`)
    .join("\n");

function parsePairs(text: string, shape: string): Record<string, string> | string {
  const pairs: Record<string, string> = {};
  for (const line of text.split("\n").map((entry) => entry.trim())) {
    if (line === "") continue;
    const at = line.indexOf("=");
    if (at <= 0) return `"${line}" is not ${shape}`;
    pairs[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return pairs;
}

/** What changed from the saved overrides; an emptied text field is null (cleared). */
function changes(saved: EditableOverrides, form: Record<keyof EditableOverrides, string>): OverridesChange | string {
  const change: OverridesChange = {};
  const text = (value: string) => (value.trim() === "" ? null : value.trim());
  for (const field of ["title", "description", "price", "categoryId"] as const)
    if (text(form[field]) !== saved[field]) change[field] = text(form[field]);
  const buffer = form.stockBuffer.trim() === "" ? 0 : Number(form.stockBuffer);
  if (!Number.isInteger(buffer) || buffer < 0) return "The stock buffer is a whole number of units, 0 or more.";
  if (buffer !== saved.stockBuffer) change.stockBuffer = buffer;
  const attributes = parsePairs(form.attributes, "id=value");
  if (typeof attributes === "string") return `Attributes: ${attributes}.`;
  if (pairsText(attributes) !== pairsText(saved.attributes)) change.attributes = attributes;
  const skuPrices = parsePairs(form.skuPrices, "sku=price");
  if (typeof skuPrices === "string") return `Per-SKU prices: ${skuPrices}.`;
  if (pairsText(skuPrices) !== pairsText(saved.skuPrices)) change.skuPrices = Object.keys(skuPrices).length > 0 ? skuPrices : null;
  return change;
}

const formOf = (saved: EditableOverrides): Record<keyof EditableOverrides, string> => ({
  title: saved.title ?? "",
  description: saved.description ?? "",
  price: saved.price ?? "",
  skuPrices: pairsText(saved.skuPrices),
  stockBuffer: String(saved.stockBuffer),
  categoryId: saved.categoryId ?? "",
  attributes: pairsText(saved.attributes),
});

export function OverrideEditor({
  channelId,
  productId,
  saved,
  isPending,
}: {
  channelId: string;
  productId: string;
  saved: EditableOverrides;
  /** A publish of this listing is pending: the page refreshes until it is stored. */
  isPending: boolean;
}) {
  const router = useRouter();
  const [form, setForm] = useState(() => formOf(saved));
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ kind: "error" | "status"; text: string } | null>(null);

  useEffect(() => {
    if (!isPending) return;
    const timer = setInterval(() => router.refresh(), REFRESH_WHILE_PENDING_MS);
    return () => clearInterval(timer);
  }, [isPending, router]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const change = changes(saved, form);
    if (typeof change === "string") return setMessage({ kind: "error", text: change });
    if (Object.keys(change).length === 0) return setMessage({ kind: "status", text: "Nothing changed." });
    setSaving(true);
    setMessage(null);
    const result = await saveOverrides(channelId, productId, change);
    setSaving(false);
    if (!result.ok) return setMessage({ kind: "error", text: result.message });
    setMessage({ kind: "status", text: "Saved. Publishing to the channel…" });
    router.refresh();
  }

  const set = (field: keyof EditableOverrides) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [field]: event.target.value }));
  const input = "rounded-md border border-slate-300 px-2 py-1";
  return (
    <form onSubmit={(event) => void submit(event)} className="flex flex-col gap-2 text-sm" aria-label="Overrides">
      <p className="text-slate-600">Empty a field to publish the master value again.</p>
      <label className="flex flex-col gap-1">
        Title override
        <input value={form.title} onChange={set("title")} maxLength={255} className={input} />
      </label>
      <label className="flex flex-col gap-1">
        Description override
        <textarea value={form.description} onChange={set("description")} maxLength={5000} rows={3} className={input} />
      </label>
      <div className="grid grid-cols-3 gap-2">
        <label className="flex flex-col gap-1">
          Price override
          <input value={form.price} onChange={set("price")} inputMode="decimal" placeholder="19.90" className={input} />
        </label>
        <label className="flex flex-col gap-1">
          Stock buffer
          <input value={form.stockBuffer} onChange={set("stockBuffer")} inputMode="numeric" className={input} />
        </label>
        <label className="flex flex-col gap-1">
          Category
          <input value={form.categoryId} onChange={set("categoryId")} className={input} />
        </label>
      </div>
      <label className="flex flex-col gap-1">
        Per-SKU prices (one sku=price a line; each wins over the price above)
        <textarea value={form.skuPrices} onChange={set("skuPrices")} rows={2} className={`${input} font-mono`} />
      </label>
      <label className="flex flex-col gap-1">
        Attributes (one id=value a line)
        <textarea value={form.attributes} onChange={set("attributes")} rows={2} className={`${input} font-mono`} />
      </label>
      <div className="flex items-center gap-2">
        <button type="submit" disabled={saving} className="rounded-md bg-brand px-3 py-1 font-semibold text-white disabled:opacity-60">
          Save and publish
        </button>
        {message ? (
          <p role={message.kind === "error" ? "alert" : "status"} className={message.kind === "error" ? "text-red-700" : "text-slate-700"}>
            {message.text}
          </p>
        ) : null}
      </div>
    </form>
  );
}
