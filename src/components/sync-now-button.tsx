"use client";

/** Starts a manual sync (POST /api/sync) and opens the syncing page on the new run. */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { startSync } from "@/lib/client/sync-api";

export function SyncNowButton() {
  const router = useRouter();
  const [isStarting, setIsStarting] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function start() {
    setIsStarting(true);
    setMessage(null);
    const result = await startSync();
    if (result.ok) {
      router.push(result.runId ? `/syncing?run=${encodeURIComponent(result.runId)}` : "/syncing");
      return;
    }
    setIsStarting(false);
    setMessage(result.message);
  }

  return (
    <div className="flex flex-col items-start gap-2 sm:items-end">
      <button
        type="button"
        onClick={() => void start()}
        disabled={isStarting}
        className="rounded-md bg-brand px-5 py-2 font-semibold text-white shadow-sm hover:bg-brand-dark disabled:opacity-60"
      >
        {isStarting ? "Starting…" : "Sync now"}
      </button>
      {message ? (
        <p role="alert" className="max-w-xs text-sm text-red-700" data-testid="sync-now-error">
          {message}
        </p>
      ) : null}
    </div>
  );
}
