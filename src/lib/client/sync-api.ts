/**
 * The browser's side of the sync API: GET /api/sync/status and POST /api/sync, with their error
 * bodies ({ error: { code, message } }) turned into messages a merchant can read. Takes `fetch` as
 * a parameter so it is tested without a browser.
 */
import type { SyncStatusDto } from "../sync/sync-status";

export const SYNC_STATUS_URL = "/api/sync/status";
export const START_SYNC_URL = "/api/sync";

type Fetch = typeof fetch;

export class SyncApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = "SyncApiError";
    this.status = status;
  }
}

async function errorMessage(response: Response, fallback: string): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: unknown } };
    if (typeof body.error?.message === "string" && body.error.message) return body.error.message;
  } catch {
    // not JSON: fall through
  }
  return fallback;
}

export async function fetchSyncStatus(url: string = SYNC_STATUS_URL, fetchImpl: Fetch = fetch): Promise<SyncStatusDto> {
  const response = await fetchImpl(url, { headers: { accept: "application/json" }, cache: "no-store" });
  if (!response.ok) {
    throw new SyncApiError(response.status, await errorMessage(response, `ShopSync answered ${response.status}`));
  }
  return (await response.json()) as SyncStatusDto;
}

export type StartSyncResult =
  { ok: true; runId: string | null } | { ok: false; status: number; message: string; retryAfterSeconds: number | null };

/** Whole seconds from a Retry-After header (seconds or an HTTP date), or null. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

export function describeRetryAfter(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

export async function startSync(fetchImpl: Fetch = fetch): Promise<StartSyncResult> {
  let response: Response;
  try {
    response = await fetchImpl(START_SYNC_URL, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: "{}",
    });
  } catch {
    return { ok: false, status: 0, message: "Could not reach ShopSync. Check your connection and try again.", retryAfterSeconds: null };
  }
  if (response.ok) {
    let runId: string | null = null;
    try {
      const body = (await response.json()) as { runId?: unknown };
      if (typeof body.runId === "string") runId = body.runId;
    } catch {
      // a 202 without a body still started a sync
    }
    return { ok: true, runId };
  }
  const retryAfterSeconds = parseRetryAfter(response.headers.get("retry-after"));
  let message = await errorMessage(response, `Could not start a sync (ShopSync answered ${response.status}).`);
  if (response.status === 429 && retryAfterSeconds !== null) message = `${message} Try again in ${describeRetryAfter(retryAfterSeconds)}.`;
  return { ok: false, status: response.status, message, retryAfterSeconds };
}
