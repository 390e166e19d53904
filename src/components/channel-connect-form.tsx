"use client";

/** Connect a channel: kind, name, the account's credentials (JSON, as the platform issues them), safety buffer. */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { connectChannel } from "@/lib/client/channels-api";

const CREDENTIAL_HINT: Record<string, string> = {
  amazon: '{ "sellerId": "…", "marketplaceId": "ATVPDKIKX0DER", "clientId": "…", "clientSecret": "…", "refreshToken": "Atzr|…" }',
  shipstation: '{ "apiKey": "…" }',
};

export function ChannelConnectForm() {
  const router = useRouter();
  const [kind, setKind] = useState("amazon");
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ text: string; isError: boolean } | null>(null);

  async function submit(form: FormData) {
    let credentials: unknown;
    try {
      credentials = JSON.parse(String(form.get("credentials") ?? ""));
    } catch {
      setMessage({ text: "The credentials must be JSON, as shown in the example.", isError: true });
      return;
    }
    setPending(true);
    setMessage(null);
    const result = await connectChannel({
      kind,
      name: String(form.get("name") ?? ""),
      credentials,
      safetyBuffer: Number(form.get("safetyBuffer") ?? 0),
    });
    setPending(false);
    if (!result.ok) {
      setMessage({ text: result.message, isError: true });
      return;
    }
    setMessage({ text: "Connected. ShopSync is listing the channel's SKUs and pushing your stock.", isError: false });
    router.refresh();
  }

  const field = "rounded-md border border-slate-300 px-3 py-2";
  return (
    <form
      action={(form) => void submit(form)}
      className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4"
      aria-label="Connect a channel"
    >
      <h2 className="text-lg font-semibold">Connect a channel</h2>
      <label className="flex flex-col gap-1 text-sm">
        Platform
        <select name="kind" value={kind} onChange={(event) => setKind(event.target.value)} className={field}>
          <option value="amazon">Amazon (Selling Partner API)</option>
          <option value="shipstation">ShipStation (API v2)</option>
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Name
        <input name="name" required placeholder={kind === "amazon" ? "Amazon US" : "ShipStation"} className={field} />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Credentials (JSON)
        <textarea name="credentials" required rows={4} placeholder={CREDENTIAL_HINT[kind]} className={`${field} font-mono text-xs`} />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Safety buffer (units held back per SKU)
        <input name="safetyBuffer" type="number" min={0} defaultValue={0} className={field} />
      </label>
      <button
        type="submit"
        disabled={pending}
        className="self-start rounded-md bg-brand px-4 py-2 font-semibold text-white hover:bg-brand-dark disabled:opacity-60"
      >
        {pending ? "Connecting…" : "Connect"}
      </button>
      {message ? (
        <p role="status" className={`text-sm ${message.isError ? "text-red-700" : "text-emerald-800"}`}>
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
