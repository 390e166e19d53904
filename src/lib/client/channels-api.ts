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
