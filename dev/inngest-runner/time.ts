/** Durations, deadlines and retry backoff, as the Go executor reads them. */

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Parse a Go/str2duration string ("1w2d3h4m5s", "1.5h", "500ms"). Returns undefined when invalid. */
export function parseDuration(input: string): number | undefined {
  const text = input.trim();
  if (text === "") return undefined;
  if (text === "0") return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d|w)/gy;
  let total = 0;
  let consumed = 0;
  let match: RegExpExecArray | null;
  while ((match = re.exec(text)) !== null) {
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ""] ?? 0);
    consumed = re.lastIndex;
  }
  return consumed === text.length ? total : undefined;
}

/**
 * A Sleep op carries its target in `name`: a time string ("2s") or, for sleepUntil, a date. Go treats a
 * string of 10+ characters that parses as a date as a deadline.
 */
export function parseSleepTarget(value: string, now: number): number | undefined {
  const duration = parseDuration(value);
  if (duration !== undefined) return now + duration;
  if (value.length >= 10) {
    const at = Date.parse(value);
    if (!Number.isNaN(at)) return at;
  }
  return undefined;
}

/** Inngest's retry table (pkg/backoff/backoff.go), indexed by the failed attempt, capped at 2h. */
const BACKOFF_TABLE_MS = [15, 30, 60, 120, 300, 600, 1200, 2400, 3600, 7200].map((s) => s * 1000);
const MAX_JITTER_MS = 30_000;

export function backoffMs(failedAttempt: number, random: () => number = Math.random): number {
  const base = BACKOFF_TABLE_MS[Math.min(failedAttempt, BACKOFF_TABLE_MS.length - 1)] ?? 7_200_000;
  return base + Math.floor(random() * MAX_JITTER_MS);
}

/** `Retry-After` as the SDK sends it (seconds, or a date), clamped to 1 s … 24 h (headers.parseRetry). */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  let delay: number | undefined;
  if (header.length <= 7 && /^\d+$/.test(header.trim())) delay = Number(header) * 1000;
  else {
    const at = Date.parse(header);
    if (!Number.isNaN(at)) delay = at - now;
  }
  if (delay === undefined) return undefined;
  return Math.min(Math.max(delay, 1000), 24 * 3_600_000);
}
