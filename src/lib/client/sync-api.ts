/**
 * The browser's side of the sync API: GET /api/sync/status and POST /api/sync (through callApi),
 * with failures worded for a merchant.
 */
import type { SyncStatusDto } from "../sync/sync-status";
import { callApi, describeRetryAfter, type Fetch } from "./api-fetch";

export { describeRetryAfter, parseRetryAfter } from "./api-fetch";

export const SYNC_STATUS_URL = "/api/sync/status";
export const START_SYNC_URL = "/api/sync";

export class SyncApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = "SyncApiError";
    this.status = status;
  }
}

export async function fetchSyncStatus(url: string = SYNC_STATUS_URL, fetchImpl?: Fetch): Promise<SyncStatusDto> {
  const answer = await callApi(url, { fetchImpl });
  if (!answer.ok) throw new SyncApiError(answer.status, answer.message ?? `ShopSync answered ${answer.status}`);
  return answer.body as unknown as SyncStatusDto;
}

/** What to sync (the API's defaults: every resource, for real). */
export interface StartSyncOptions {
  resources?: string[];
  dryRun?: boolean;
}

export type StartSyncResult =
  { ok: true; runId: string | null } | { ok: false; status: number; message: string; retryAfterSeconds: number | null };

export async function startSync(options: StartSyncOptions = {}, fetchImpl?: Fetch): Promise<StartSyncResult> {
  const answer = await callApi(START_SYNC_URL, { method: "POST", body: options, fetchImpl });
  if (answer.ok) return { ok: true, runId: typeof answer.body.runId === "string" ? answer.body.runId : null };
  if (answer.status === 0) return { ok: false, status: 0, message: answer.message!, retryAfterSeconds: null };
  let message = answer.message ?? `Could not start a sync (ShopSync answered ${answer.status}).`;
  if (answer.status === 429 && answer.retryAfterSeconds !== null)
    message = `${message} Try again in ${describeRetryAfter(answer.retryAfterSeconds)}.`;
  return { ok: false, status: answer.status, message, retryAfterSeconds: answer.retryAfterSeconds };
}
