/**
 * The browser's side of the Channels page: connect a channel (POST /api/channels), push now
 * (POST /api/channels/{id}/push), through callApi, with failures worded for a merchant.
 */
import { callApi, type Fetch } from "./api-fetch";

export type ChannelsApiResult = { ok: true; id?: string } | { ok: false; message: string };

export const channelPushUrl = (id: string) => `/api/channels/${encodeURIComponent(id)}/push`;
export const channelMappingUrl = (id: string) => `/api/channels/${encodeURIComponent(id)}/mapping`;

export async function connectChannel(
  input: { kind: string; name: string; credentials: unknown; safetyBuffer?: number },
  fetchImpl?: Fetch,
): Promise<ChannelsApiResult> {
  const answer = await callApi("/api/channels", { method: "POST", body: input, fetchImpl });
  if (!answer.ok) {
    const details = answer.issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ");
    return { ok: false, message: [answer.message ?? `ShopSync answered ${answer.status}.`, details].filter(Boolean).join(" ") };
  }
  return { ok: true, id: typeof answer.body.id === "string" ? answer.body.id : undefined };
}

export async function pushChannelNow(id: string, fetchImpl?: Fetch): Promise<ChannelsApiResult> {
  const answer = await callApi(channelPushUrl(id), { method: "POST", fetchImpl });
  return answer.ok ? { ok: true } : { ok: false, message: answer.message ?? `ShopSync answered ${answer.status}.` };
}

const failure = (answer: Extract<Awaited<ReturnType<typeof callApi>>, { ok: false }>): { ok: false; message: string } => {
  const issues = answer.issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ");
  return { ok: false, message: [answer.message ?? `ShopSync answered ${answer.status}.`, issues].filter(Boolean).join(" ") };
};

export type MappingImportResult =
  { ok: true; rows: number; changed: number } | { ok: false; message: string; lines: { line: number; message: string }[] };

/** PUT /api/channels/{id}/mapping with the CSV as is: a bad file answers every bad line (and nothing is imported). */
export async function importMappingCsv(id: string, csv: string, fetchImpl?: Fetch): Promise<MappingImportResult> {
  const answer = await callApi(channelMappingUrl(id), { method: "PUT", text: { body: csv, contentType: "text/csv" }, fetchImpl });
  if (answer.ok) return { ok: true, rows: Number(answer.body.rows ?? 0), changed: Number(answer.body.changed ?? 0) };
  const lines = Array.isArray(answer.details)
    ? answer.details.filter((d): d is { line: number; message: string } => typeof d?.line === "number" && typeof d?.message === "string")
    : [];
  return { ...failure(answer), lines };
}

export const listingMappingUrl = (id: string, sku: string) => `${channelMappingUrl(id)}/${encodeURIComponent(sku)}`;

/** Maps one listing to a variant (GID or unique SKU) or a bundle SKU; `target` null unmaps it. */
export async function mapListing(id: string, sku: string, target: string | null, fetchImpl?: Fetch): Promise<ChannelsApiResult> {
  const answer =
    target === null
      ? await callApi(listingMappingUrl(id, sku), { method: "DELETE", fetchImpl })
      : await callApi(listingMappingUrl(id, sku), { method: "PUT", body: { target }, fetchImpl });
  return answer.ok ? { ok: true } : failure(answer);
}

export interface BundleForm {
  sku: string;
  name: string;
  components: { variant: string; units: number }[];
  /** The version being edited (an edit only). */
  version?: number;
}

/** Creates a bundle (no id) or edits one (POST /api/bundles, PUT /api/bundles/{id}). */
export async function saveBundle(bundle: BundleForm, id: string | null, fetchImpl?: Fetch): Promise<ChannelsApiResult> {
  const answer = id
    ? await callApi(`/api/bundles/${encodeURIComponent(id)}`, { method: "PUT", body: bundle, fetchImpl })
    : await callApi("/api/bundles", { method: "POST", body: bundle, fetchImpl });
  return answer.ok ? { ok: true, id: typeof answer.body.id === "string" ? answer.body.id : undefined } : failure(answer);
}

/** PATCH /api/channels/{id}: the locations that feed it (none = every active one) and its safety buffer. */
export async function saveChannelSettings(
  id: string,
  settings: { locationIds: string[]; safetyBuffer: number },
  fetchImpl?: Fetch,
): Promise<ChannelsApiResult> {
  const answer = await callApi(`/api/channels/${encodeURIComponent(id)}`, { method: "PATCH", body: settings, fetchImpl });
  return answer.ok ? { ok: true } : failure(answer);
}
