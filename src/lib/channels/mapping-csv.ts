/**
 * CSV import and export of a channel's mapping. Export: one row per listing. Import: a header row
 * naming the columns (`channel_sku` required; `variant_id`, `variant_sku`, `bundle_sku`, `fba`
 * optional), then one row per listing; a row maps the listing to a variant (by GID or by the
 * shop's unique SKU), to a bundle (by its SKU), or to nothing (all three empty). Every bad row gets
 * an error naming its line in the file; one bad row rejects the whole file (nothing is written).
 */
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";

export const EXPORT_COLUMNS = [
  "channel_sku",
  "variant_id",
  "variant_sku",
  "bundle_sku",
  "fba",
  "desired",
  "acknowledged",
  "error",
] as const;
const IMPORT_COLUMNS = new Set(["channel_sku", "variant_id", "variant_sku", "bundle_sku", "fba", "desired", "acknowledged", "error"]);

export interface MappingExportRow {
  channelSku: string;
  variantId: string | null;
  variantSku: string | null;
  bundleSku: string | null;
  isFba: boolean;
  desired: number | null;
  acknowledged: number | null;
  error: string | null;
}

export function mappingToCsv(rows: MappingExportRow[]): string {
  return stringify(
    rows.map((row) => [row.channelSku, row.variantId, row.variantSku, row.bundleSku, row.isFba, row.desired, row.acknowledged, row.error]),
    { header: true, columns: [...EXPORT_COLUMNS], cast: { boolean: (value) => (value ? "true" : "false") } },
  );
}

/** A mapping row as written in the file, before it is resolved against the shop's data. */
export interface MappingImportRow {
  line: number;
  channelSku: string;
  variantId: string | null;
  variantSku: string | null;
  bundleSku: string | null;
  /** null: leave the listing's FBA flag as it is. */
  isFba: boolean | null;
}

export interface LineError {
  line: number;
  message: string;
}

export function parseMappingCsv(text: string): { rows: MappingImportRow[]; errors: LineError[] } {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true }) as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { rows: [], errors: [{ line, message: `not valid CSV: ${(error as Error).message}` }] };
  }
  const header = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const columns = header.split(",").map((column) => column.trim().replace(/^"|"$/g, ""));
  const errors: LineError[] = [];
  if (!columns.includes("channel_sku")) errors.push({ line: 1, message: "the header has no channel_sku column" });
  for (const column of columns) if (!IMPORT_COLUMNS.has(column)) errors.push({ line: 1, message: `unknown column "${column}"` });
  if (errors.length) return { rows: [], errors };

  const rows: MappingImportRow[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const line = info.lines;
    const value = (name: string) => (record[name] ?? "").trim() || null;
    const channelSku = value("channel_sku");
    const variantId = value("variant_id");
    const variantSku = value("variant_sku");
    const bundleSku = value("bundle_sku");
    const fbaText = value("fba")?.toLowerCase() ?? null;
    if (!channelSku) {
      errors.push({ line, message: "channel_sku is empty" });
      continue;
    }
    const previous = seen.get(channelSku);
    if (previous) errors.push({ line, message: `channel_sku ${channelSku} already appears on line ${previous}` });
    seen.set(channelSku, line);
    if (variantId && !/^gid:\/\/shopify\/ProductVariant\/\d+$/.test(variantId))
      errors.push({ line, message: `variant_id "${variantId}" is not a ProductVariant GID (gid://shopify/ProductVariant/<id>)` });
    if (bundleSku && (variantId || variantSku)) errors.push({ line, message: "map to a variant or to a bundle, not both" });
    if (fbaText !== null && !["true", "false", "yes", "no", "1", "0"].includes(fbaText))
      errors.push({ line, message: `fba must be true or false, not "${fbaText}"` });
    rows.push({
      line,
      channelSku,
      variantId,
      variantSku,
      bundleSku,
      isFba: fbaText === null ? null : ["true", "yes", "1"].includes(fbaText),
    });
  }
  return { rows, errors };
}
