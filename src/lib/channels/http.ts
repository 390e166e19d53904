/**
 * One request policy for every channel call: paced by the connection's bucket, a timeout per
 * attempt, and retries with exponential backoff and jitter on 429, 5xx and network errors, honouring
 * Retry-After (seconds) when the platform sends it. A 429 without Retry-After also lowers the
 * connection's pacing rate (the pacer learns it; each success raises it again), and the backoff is
 * bounded (maxBackoffMs per wait, maxAttempts in all). Other statuses are returned to the
 * connector, which knows what they mean. Gives up with ChannelUnavailableError.
 */
import { ChannelUnavailableError } from "./errors";
import type { Pacer } from "./pacer";

export interface ChannelRequestOptions {
  pacer: Pacer;
  timeoutMs: number;
  /** Attempts in all (first + retries). */
  maxAttempts?: number;
  /** First backoff; doubles per attempt, capped at maxBackoffMs. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Called before a retry (e.g. a connector refreshing its token); `true` means retry at once. */
  onStatus?: (response: Response, attempt: number) => Promise<boolean>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function retryAfterMs(response: Response): number | undefined {
  const raw = response.headers.get("retry-after");
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

export async function channelRequest(url: string, init: () => RequestInit, options: ChannelRequestOptions): Promise<Response> {
  const maxAttempts = options.maxAttempts ?? 5;
  const base = options.baseBackoffMs ?? 1_000;
  const cap = options.maxBackoffMs ?? 30_000;
  let last = "";
  let lastStatus: number | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    await options.pacer.acquire();
    let response: Response;
    try {
      response = await fetch(url, { ...init(), signal: AbortSignal.timeout(options.timeoutMs) });
    } catch (error) {
      last =
        error instanceof Error && error.name === "TimeoutError"
          ? `no answer within ${options.timeoutMs} ms`
          : `network error: ${String(error)}`;
      lastStatus = undefined;
      if (attempt < maxAttempts) await sleep(backoff(attempt, base, cap));
      continue;
    }
    if (options.onStatus && (await options.onStatus(response, attempt))) continue;
    if (response.status !== 429 && response.status < 500) {
      if (response.status < 400) options.pacer.recover();
      return response;
    }
    lastStatus = response.status;
    last = `HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`;
    const retryAfter = retryAfterMs(response);
    if (response.status === 429) {
      if (retryAfter === undefined) options.pacer.slowDown();
      else options.pacer.drain();
    }
    if (attempt < maxAttempts) await sleep(retryAfter ?? backoff(attempt, base, cap));
  }
  throw new ChannelUnavailableError(`${new URL(url).host} did not answer after ${maxAttempts} attempts (${last})`, lastStatus);
}

/** Equal jitter: half of base * 2^(attempt-1) (capped) plus a random part of the other half. */
export function backoff(attempt: number, base: number, cap: number): number {
  const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}
