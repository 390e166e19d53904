import { describe, expect, it } from "vitest";
import { describeRetryAfter, fetchSyncStatus, parseRetryAfter, startSync, SyncApiError } from "@/lib/client/sync-api";

type Call = { url: string; init: RequestInit | undefined };

function fakeFetch(response: () => Response | Promise<Response>) {
  const calls: Call[] = [];
  const impl = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init });
    return response();
  }) as typeof fetch;
  return { impl, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

describe("startSync", () => {
  it("POSTs an empty JSON object and returns the run id of a 202", async () => {
    const { impl, calls } = fakeFetch(() => json(202, { runId: "run_123" }));
    expect(await startSync({}, impl)).toEqual({ ok: true, runId: "run_123" });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe("/api/sync");
    expect(calls[0]!.init?.method).toBe("POST");
    expect(calls[0]!.init?.body).toBe("{}");
    expect(new Headers(calls[0]!.init?.headers).get("content-type")).toBe("application/json");
  });

  it("shows the API's message for a 429 and when to try again", async () => {
    const { impl } = fakeFetch(() =>
      json(429, { error: { code: "rate_limited", message: "Manual syncs are limited to 3 per hour." } }, { "retry-after": "1200" }),
    );
    expect(await startSync({}, impl)).toEqual({
      ok: false,
      status: 429,
      message: "Manual syncs are limited to 3 per hour. Try again in 20 minutes.",
      retryAfterSeconds: 1200,
    });
  });

  it("falls back to a plain message when the error body is not the API's", async () => {
    const { impl } = fakeFetch(() => new Response("<html>bad gateway</html>", { status: 502 }));
    expect(await startSync({}, impl)).toMatchObject({ ok: false, status: 502, message: "Could not start a sync (ShopSync answered 502)." });
  });

  it("reports a network failure without throwing", async () => {
    const { impl } = fakeFetch(() => Promise.reject(new TypeError("fetch failed")));
    expect(await startSync({}, impl)).toMatchObject({ ok: false, status: 0 });
  });
});

describe("fetchSyncStatus", () => {
  it("returns the DTO", async () => {
    const dto = { status: "RUNNING", progress: 12, stages: [], lastSyncAt: null, error: null, runId: "r", notices: [] };
    const { impl } = fakeFetch(() => json(200, dto));
    expect(await fetchSyncStatus("/api/sync/status", impl)).toEqual(dto);
  });

  it("throws a SyncApiError carrying the status and the API's message", async () => {
    const { impl } = fakeFetch(() =>
      json(401, { error: { code: "unauthorized", message: "sign in by installing ShopSync from the start page" } }),
    );
    const error = await fetchSyncStatus("/api/sync/status", impl).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncApiError);
    expect(error).toMatchObject({ status: 401, message: "sign in by installing ShopSync from the start page" });
  });
});

describe("Retry-After", () => {
  it("reads seconds and HTTP dates", () => {
    const now = Date.parse("2026-11-23T12:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120);
    expect(parseRetryAfter("Mon, 23 Nov 2026 12:01:30 GMT", now)).toBe(90);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter("soon", now)).toBeNull();
  });

  it("words the wait", () => {
    expect(describeRetryAfter(1)).toBe("1 second");
    expect(describeRetryAfter(45)).toBe("45 seconds");
    expect(describeRetryAfter(60)).toBe("1 minute");
    expect(describeRetryAfter(61)).toBe("2 minutes");
  });
});
