/** The report table `npm run reconcile` prints: one line per resource, then what healing did. */
import type { ReportLine } from "../../src/lib/reconciliation/report-queries";

const HEADER = ["resource", "Shopify", "local", "missing", "extra", "status"] as const;

const count = (value: number | null) => (value === null ? "-" : String(value));

export function renderReportTable(lines: readonly ReportLine[]): string {
  const rows = [
    [...HEADER],
    ...lines.map((line) => [
      line.resource,
      count(line.shopifyCount),
      count(line.localCount),
      String(line.missing),
      String(line.extra),
      line.status.toLowerCase(),
    ]),
  ];
  const widths = HEADER.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  // Names left-aligned, figures right-aligned, as a person reads a table.
  const format = (row: string[]) =>
    row.map((cell, column) => (column === 0 || column === 5 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ");
  const table = rows.map((row) => format(row).trimEnd());
  table.splice(1, 0, widths.map((width) => "-".repeat(width)).join("  "));
  const notes = lines.flatMap((line) => {
    const done = [
      ...(line.missing ? [`${line.healed} of ${line.missing} missing fetched by id and stored`] : []),
      ...(line.extra || line.removed ? [`${line.removed} extra removed`] : []),
    ];
    return [...(done.length ? [`${line.resource}: ${done.join("; ")}`] : []), ...(line.note ? [`${line.resource}: ${line.note}`] : [])];
  });
  return [...table, ...(notes.length ? ["", ...notes] : [])].join("\n");
}

/** 1 when any line is critical (the interface), else 0. */
export const exitCodeForReport = (lines: readonly ReportLine[]): number => (lines.some((line) => line.status === "CRITICAL") ? 1 : 0);
