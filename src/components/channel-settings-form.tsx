"use client";

/** A connected channel's settings: which Shopify locations feed it (none ticked = every active one) and its safety buffer. */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { saveChannelSettings } from "@/lib/client/channels-api";

export function ChannelSettingsForm({
  channelId,
  locations,
  locationIds,
  safetyBuffer,
}: {
  channelId: string;
  locations: { id: string; name: string; isActive: boolean }[];
  locationIds: string[];
  safetyBuffer: number;
}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ text: string; isError: boolean } | null>(null);

  async function submit(form: FormData) {
    setPending(true);
    setMessage(null);
    const result = await saveChannelSettings(channelId, {
      locationIds: form.getAll("locationIds").map(String),
      safetyBuffer: Number(form.get("safetyBuffer") ?? 0),
    });
    setPending(false);
    if (!result.ok) return setMessage({ text: result.message, isError: true });
    setMessage({ text: "Saved. ShopSync is pushing the new quantities.", isError: false });
    router.refresh();
  }

  return (
    <form action={(form) => void submit(form)} className="flex flex-col gap-2 text-sm" aria-label="Channel settings">
      <fieldset className="flex flex-col gap-1">
        <legend className="text-slate-700">Locations that feed it (none ticked: every active location)</legend>
        {locations.map((location) => (
          <label key={location.id} className="flex items-center gap-2">
            <input type="checkbox" name="locationIds" value={location.id} defaultChecked={locationIds.includes(location.id)} />
            {location.name}
            {location.isActive ? "" : " (inactive)"}
          </label>
        ))}
      </fieldset>
      <label className="flex items-center gap-2">
        Safety buffer
        <input
          name="safetyBuffer"
          type="number"
          min={0}
          defaultValue={safetyBuffer}
          className="w-24 rounded-md border border-slate-300 px-2 py-1"
        />
      </label>
      <button
        type="submit"
        disabled={pending}
        className="self-start rounded-md bg-brand px-3 py-1 font-semibold text-white hover:bg-brand-dark disabled:opacity-60"
      >
        {pending ? "Saving…" : "Save settings"}
      </button>
      {message ? (
        <p role="status" className={message.isError ? "text-red-700" : "text-emerald-800"}>
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
