"use client";

/** Retry (replay now) and Resolve buttons of one dead letter; the page re-renders with the result. */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { postDeadLetterAction, type DeadLetterAction } from "@/lib/client/dead-letters-api";

const OUTCOME_TEXT: Record<string, string> = {
  retried: "Stored.",
  failed: "Failed again; it will be retried later.",
  abandoned: "Failed again; no more automatic retries.",
  resolved: "Marked resolved.",
};

export function DeadLetterActions({ id }: { id: string }) {
  const router = useRouter();
  const [pending, setPending] = useState<DeadLetterAction | null>(null);
  const [message, setMessage] = useState<{ text: string; isError: boolean } | null>(null);

  async function run(action: DeadLetterAction) {
    setPending(action);
    setMessage(null);
    const result = await postDeadLetterAction(id, action);
    setPending(null);
    if (!result.ok) {
      setMessage({ text: result.message, isError: true });
      return;
    }
    const isFailure = result.outcome === "failed" || result.outcome === "abandoned";
    setMessage({
      text: [OUTCOME_TEXT[result.outcome] ?? "Done.", isFailure ? result.error : null].filter(Boolean).join(" "),
      isError: isFailure,
    });
    router.refresh();
  }

  const button = "rounded-md px-3 py-1 text-sm font-semibold disabled:opacity-60";
  return (
    <div className="flex flex-col items-start gap-1">
      <div className="flex gap-2">
        <button
          type="button"
          onClick={() => void run("retry")}
          disabled={pending !== null}
          className={`${button} bg-brand text-white hover:bg-brand-dark`}
        >
          {pending === "retry" ? "Retrying…" : "Retry"}
        </button>
        <button
          type="button"
          onClick={() => void run("resolve")}
          disabled={pending !== null}
          className={`${button} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50`}
        >
          {pending === "resolve" ? "Resolving…" : "Resolve"}
        </button>
      </div>
      {message ? (
        <p
          role={message.isError ? "alert" : "status"}
          className={`text-sm ${message.isError ? "text-red-700" : "text-emerald-700"}`}
          data-testid="dead-letter-message"
        >
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
