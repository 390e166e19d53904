"use client";

/** Map one channel SKU by hand to a variant (SKU or GID) or a bundle (SKU), or unmap it. */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { mapListing } from "@/lib/client/channels-api";

export function ListingMappingForm({ channelId, skus, bundleSkus }: { channelId: string; skus: string[]; bundleSkus: string[] }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ text: string; isError: boolean } | null>(null);

  async function submit(form: FormData, unmap: boolean) {
    const sku = String(form.get("sku") ?? "").trim();
    const target = String(form.get("target") ?? "").trim();
    if (!sku || (!unmap && !target)) {
      setMessage({ text: unmap ? "Name the channel SKU to unmap." : "Name the channel SKU and what to map it to.", isError: true });
      return;
    }
    setPending(true);
    setMessage(null);
    const result = await mapListing(channelId, sku, unmap ? null : target);
    setPending(false);
    if (!result.ok) return setMessage({ text: result.message, isError: true });
    setMessage({ text: unmap ? `${sku} is unmapped: it is no longer pushed.` : `${sku} is mapped to ${target}.`, isError: false });
    router.refresh();
  }

  const field = "rounded-md border border-slate-300 px-2 py-1";
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
        void submit(new FormData(event.currentTarget), submitter?.value === "unmap");
      }}
      className="flex flex-wrap items-end gap-2 text-sm"
      aria-label="Map a listing"
    >
      <label className="flex flex-col gap-1">
        Channel SKU
        <input name="sku" list="channel-listing-skus" className={`${field} font-mono`} />
      </label>
      <datalist id="channel-listing-skus">
        {skus.map((sku) => (
          <option key={sku} value={sku} />
        ))}
      </datalist>
      <label className="flex flex-col gap-1">
        Map to (variant SKU or GID, or bundle SKU)
        <input name="target" list="bundle-skus" className={`${field} font-mono`} />
      </label>
      <datalist id="bundle-skus">
        {bundleSkus.map((sku) => (
          <option key={sku} value={sku} />
        ))}
      </datalist>
      <button
        type="submit"
        value="map"
        disabled={pending}
        className="rounded-md bg-brand px-3 py-1 font-semibold text-white hover:bg-brand-dark disabled:opacity-60"
      >
        Map
      </button>
      <button
        type="submit"
        value="unmap"
        disabled={pending}
        className="rounded-md bg-slate-200 px-3 py-1 font-semibold disabled:opacity-60"
      >
        Unmap
      </button>
      {message ? (
        <p role="status" className={`w-full ${message.isError ? "text-red-700" : "text-emerald-800"}`}>
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
