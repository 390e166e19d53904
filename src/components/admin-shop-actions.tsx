"use client";

/** Resync and pause/resume buttons of one shop in the operator console; the page re-renders with the result. */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { postConsoleAction, type ConsoleActionName } from "@/lib/client/admin-api";

export function AdminShopActions({ shopId, paused }: { shopId: string; paused: boolean }) {
  const router = useRouter();
  const [pending, setPending] = useState<ConsoleActionName | null>(null);
  const [message, setMessage] = useState<{ text: string; isError: boolean } | null>(null);

  async function run(action: ConsoleActionName) {
    setPending(action);
    setMessage(null);
    const result = await postConsoleAction(shopId, action);
    setPending(null);
    if (!result.ok) return setMessage({ text: result.message, isError: true });
    setMessage({
      text: action === "resync" ? "Full sync requested." : action === "pause" ? "Syncs paused." : "Syncs resumed.",
      isError: false,
    });
    router.refresh();
  }

  const button = "rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-semibold hover:bg-slate-50 disabled:opacity-60";
  return (
    <div className="flex flex-col gap-1">
      <div className="flex gap-1">
        <button type="button" className={button} disabled={pending !== null || paused} onClick={() => void run("resync")}>
          Resync
        </button>
        <button type="button" className={button} disabled={pending !== null} onClick={() => void run(paused ? "resume" : "pause")}>
          {paused ? "Resume" : "Pause"}
        </button>
      </div>
      {message ? (
        <p role={message.isError ? "alert" : "status"} className={`text-xs ${message.isError ? "text-red-700" : "text-slate-600"}`}>
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
