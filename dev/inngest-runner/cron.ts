/**
 * Cron triggers: robfig/cron syntax with an optional `TZ=` / `CRON_TZ=` prefix (default UTC), plus the
 * optional jitter (pkg/execution/cron). croner also accepts a leading seconds field, which Inngest
 * does not; the runner accepts it so tests can fire every second.
 */
import { Cron } from "croner";
import { parseDuration } from "./time.ts";

export interface CronSpec {
  pattern: string;
  timezone: string;
}

export function parseCron(expression: string): CronSpec {
  const match = /^\s*(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/.exec(expression);
  if (match) return { timezone: match[1] ?? "UTC", pattern: (match[2] ?? "").trim() };
  return { timezone: "UTC", pattern: expression.trim() };
}

/** The next fire time strictly after `after`, or undefined for an invalid or exhausted pattern. */
export function nextFireTime(expression: string, after: Date): Date | undefined {
  const { pattern, timezone } = parseCron(expression);
  try {
    const cron = new Cron(pattern, { timezone, paused: true });
    return cron.nextRun(after) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Random delay in [0, jitter] (Inngest allows 1 s … 5 min). */
export function jitterMs(jitter: string | undefined, random: () => number = Math.random): number {
  if (!jitter) return 0;
  const max = Math.min(parseDuration(jitter) ?? 0, 5 * 60_000);
  return Math.floor(random() * max);
}
