/**
 * When a dead letter is tried again. The first retry is due a minute after the record failed (the
 * ingest path schedules it); each failed retry doubles the wait: after the n-th failed retry the
 * next is due 2^n minutes later (2, 4, 8, 16 ...). Once retryCount reaches maxRetries the record
 * is abandoned: it stays visible on the dead-letters page, where the merchant can still retry or
 * resolve it by hand.
 */
export const MINUTE_MS = 60_000;

export type Resolution = "RETRIED" | "RESOLVED_MANUALLY" | "ABANDONED";

export interface RetryState {
  retryCount: number;
  maxRetries: number;
  resolution: Resolution | null;
}

export interface FailedAttemptUpdate {
  retryCount: number;
  nextRetryAt: Date | null;
  resolvedAt?: Date;
  resolution?: Resolution;
}

/** The wait before the next retry after `retryCount` failed retries. */
export function retryDelayMs(retryCount: number): number {
  return 2 ** retryCount * MINUTE_MS;
}

/** What a failed retry changes. An already abandoned record stays abandoned (a manual retry). */
export function afterFailedAttempt(state: RetryState, now: Date): FailedAttemptUpdate {
  const retryCount = state.retryCount + 1;
  if (state.resolution === "ABANDONED") return { retryCount, nextRetryAt: null };
  if (retryCount >= state.maxRetries) return { retryCount, nextRetryAt: null, resolvedAt: now, resolution: "ABANDONED" };
  return { retryCount, nextRetryAt: new Date(now.getTime() + retryDelayMs(retryCount)) };
}

/** Retry and Resolve apply to records still waiting and to abandoned ones, not to settled ones. */
export function isSettled(resolution: Resolution | null): boolean {
  return resolution === "RETRIED" || resolution === "RESOLVED_MANUALLY";
}
