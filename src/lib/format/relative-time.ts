/**
 * "3 minutes ago" for the dashboard. Pure and given `now`, so the server render and the tests agree
 * on the same instant. Rounds down: "1 minute ago" only once a full minute has passed.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

export function formatRelativeTime(date: Date | null | undefined, now: Date): string {
  if (!date) return "never";
  const elapsed = now.getTime() - date.getTime();
  // A clock slightly ahead of ours (another server) is still "just now", not "in 2 seconds".
  if (elapsed < MINUTE) return "just now";
  if (elapsed < HOUR) return `${plural(Math.floor(elapsed / MINUTE), "minute")} ago`;
  if (elapsed < DAY) return `${plural(Math.floor(elapsed / HOUR), "hour")} ago`;
  return `${plural(Math.floor(elapsed / DAY), "day")} ago`;
}
