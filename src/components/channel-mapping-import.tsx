"use client";

/** Import a mapping CSV into a channel: all or nothing; a refused file lists each bad line. */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { importMappingCsv, type MappingImportResult } from "@/lib/client/channels-api";

export function ChannelMappingImport({ channelId }: { channelId: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<MappingImportResult | null>(null);

  async function submit(form: FormData) {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) {
      setResult({ ok: false, message: "Choose a CSV file first.", lines: [] });
      return;
    }
    setPending(true);
    setResult(null);
    const answer = await importMappingCsv(channelId, await file.text());
    setPending(false);
    setResult(answer);
    if (answer.ok) router.refresh();
  }

  return (
    <form action={(form) => void submit(form)} className="flex flex-col gap-2 text-sm" aria-label="Import mapping CSV">
      <div className="flex flex-wrap items-center gap-2">
        <label className="flex items-center gap-2">
          Mapping CSV
          <input name="file" type="file" accept=".csv,text/csv" className="text-sm" />
        </label>
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-brand px-3 py-1 font-semibold text-white hover:bg-brand-dark disabled:opacity-60"
        >
          {pending ? "Importing…" : "Import CSV"}
        </button>
      </div>
      <p className="text-slate-600">
        Columns: channel_sku, then variant_id or variant_sku or bundle_sku (all empty unmaps), optionally fba. One bad line and nothing is
        imported.
      </p>
      {result?.ok ? (
        <p role="status" className="text-emerald-800">
          Imported {result.rows} rows: {result.changed} changed.
        </p>
      ) : null}
      {result && !result.ok ? (
        <div role="alert" className="text-red-700" data-testid="import-errors">
          <p>{result.message}</p>
          {result.lines.length ? (
            <ul className="list-disc pl-5">
              {result.lines.map((line, index) => (
                <li key={index} data-line={line.line}>
                  Line {line.line}: {line.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
