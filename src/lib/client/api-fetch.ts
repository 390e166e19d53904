/**
 * The one way browser code calls ShopSync's API: JSON in and out, the API's error body
 * ({ error: { code, message } }) turned into a sentence a merchant can read, Retry-After read, and
 * a network failure returned rather than thrown. Takes `fetch` as a parameter so callers are
 * tested without a browser. Every client component reaches the API through src/lib/client/*.
 */
export type Fetch = typeof fetch;

export const UNREACHABLE_MESSAGE = "Could not reach ShopSync. Check your connection and try again.";

export interface ApiRequest {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is instead (a CSV file): the text and its content type. */
  text?: { body: string; contentType: string };
  fetchImpl?: Fetch;
}

export type ApiAnswer =
  | { ok: true; status: number; body: Record<string, unknown> }
  | {
      ok: false;
      /** 0 when ShopSync could not be reached. */
      status: number;
      /** The API's own message, or null when its answer carried none. */
      message: string | null;
      /** Field problems of a 400/422 (`{ path, message }` each), when the API listed them. */
      issues: { path: string; message: string }[];
      retryAfterSeconds: number | null;
      /** The error's `details` when the API sent any (e.g. a CSV import's line errors). */
      details?: unknown;
    };

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

export async function callApi(url: string, request: ApiRequest = {}): Promise<ApiAnswer> {
  const { method = "GET", body, text, fetchImpl = fetch } = request;
  const sent = text ?? (body !== undefined ? { body: JSON.stringify(body), contentType: "application/json" } : undefined);
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method,
      headers: { accept: "application/json", ...(sent ? { "content-type": sent.contentType } : {}) },
      ...(sent ? { body: sent.body } : {}),
      ...(method === "GET" ? { cache: "no-store" as const } : {}),
    });
  } catch {
    return { ok: false, status: 0, message: UNREACHABLE_MESSAGE, issues: [], retryAfterSeconds: null };
  }
  let json: unknown = null;
  try {
    json = await response.json();
  } catch {
    // no JSON body: the status says enough
  }
  const fields = json !== null && typeof json === "object" ? (json as Record<string, unknown>) : {};
  if (response.ok) return { ok: true, status: response.status, body: fields };
  const error = (fields.error ?? {}) as { message?: unknown; issues?: unknown; details?: unknown };
  const issues = Array.isArray(error.issues)
    ? error.issues.filter(
        (issue): issue is { path: string; message: string } => typeof issue?.path === "string" && typeof issue?.message === "string",
      )
    : [];
  return {
    ok: false,
    status: response.status,
    message: typeof error.message === "string" && error.message ? error.message : null,
    issues,
    retryAfterSeconds: parseRetryAfter(response.headers.get("retry-after")),
    ...(error.details !== undefined ? { details: error.details } : {}),
  };
}
