"use client";

/** A conflict's three resolutions: keep ShopSync's value, keep the channel's, or type another; the page re-renders after. */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { resolveConflict, type ConflictChoice } from "@/lib/client/catalog-api";

export function ConflictActions({ id, field }: { id: string; field: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);

  async function run(choice: ConflictChoice) {
    setPending(true);
    setError(null);
    const result = await resolveConflict(id, choice);
    setPending(false);
    if (!result.ok) setError(result.message);
    else router.refresh();
  }

  const button = "rounded-md px-3 py-1 text-sm font-semibold disabled:opacity-60";
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" disabled={pending} onClick={() => void run({ use: "master" })} className={`${button} bg-brand text-white`}>
          Use ShopSync&apos;s
        </button>
        <button
          type="button"
          disabled={pending}
          onClick={() => void run({ use: "channel" })}
          className={`${button} border border-slate-300 bg-white text-slate-800`}
        >
          Keep the channel&apos;s
        </button>
        <label className="flex items-center gap-1 text-sm">
          <span className="sr-only">Another value for {field}</span>
          <input
            value={value}
            onChange={(event) => setValue(event.target.value)}
            placeholder="Another value"
            className="rounded-md border border-slate-300 px-2 py-1"
          />
        </label>
        <button
          type="button"
          disabled={pending || value.trim() === ""}
          onClick={() => void run({ use: "value", value })}
          className={`${button} border border-slate-300 bg-white text-slate-800`}
        >
          Use this value
        </button>
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
