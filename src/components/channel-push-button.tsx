"use client";

/** Push now: asks for a push of the channel (202) and refreshes the page to show it queued. */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { pushChannelNow } from "@/lib/client/channels-api";

export function ChannelPushButton({ id }: { id: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function push() {
    setPending(true);
    setError(null);
    const result = await pushChannelNow(id);
    setPending(false);
    if (!result.ok) setError(result.message);
    else router.refresh();
  }

  return (
    <div className="flex flex-col items-end gap-1">
      <button
        type="button"
        onClick={() => void push()}
        disabled={pending}
        className="rounded-md bg-brand px-3 py-1 text-sm font-semibold text-white hover:bg-brand-dark disabled:opacity-60"
      >
        {pending ? "Asking…" : "Push now"}
      </button>
      {error ? <p className="text-sm text-red-700">{error}</p> : null}
    </div>
  );
}
