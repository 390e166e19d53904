import { describe, expect, it } from "vitest";
import { afterFailedAttempt, isSettled, retryDelayMs } from "@/lib/dead-letters/backoff";

const now = new Date("2026-01-01T00:00:00Z");
const minutesAfterNow = (date: Date | null) => (date ? (date.getTime() - now.getTime()) / 60_000 : null);

describe("dead-letter backoff", () => {
  it("waits 2^n minutes after the n-th failed retry", () => {
    expect([0, 1, 2, 3, 4].map((n) => retryDelayMs(n) / 60_000)).toEqual([1, 2, 4, 8, 16]);
  });

  it("reschedules until retryCount reaches maxRetries, then abandons", () => {
    const waits: (number | null)[] = [];
    let state = { retryCount: 0, maxRetries: 5, resolution: null as "ABANDONED" | null };
    for (let i = 0; i < 5; i++) {
      const update = afterFailedAttempt(state, now);
      waits.push(minutesAfterNow(update.nextRetryAt));
      state = { ...state, retryCount: update.retryCount, resolution: update.resolution === "ABANDONED" ? "ABANDONED" : null };
      if (i < 4) expect(update.resolvedAt).toBeUndefined();
      else expect(update).toEqual({ retryCount: 5, nextRetryAt: null, resolvedAt: now, resolution: "ABANDONED" });
    }
    expect(waits).toEqual([2, 4, 8, 16, null]);
  });

  it("keeps an abandoned record abandoned when a manual retry fails", () => {
    expect(afterFailedAttempt({ retryCount: 5, maxRetries: 5, resolution: "ABANDONED" }, now)).toEqual({
      retryCount: 6,
      nextRetryAt: null,
    });
  });

  it("only retried and manually resolved records are settled", () => {
    expect([null, "ABANDONED", "RETRIED", "RESOLVED_MANUALLY"].map((r) => isSettled(r as never))).toEqual([false, false, true, true]);
  });
});
