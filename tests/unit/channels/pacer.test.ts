/**
 * The pacer learns a platform's real rate from 429s that carry no Retry-After: halved per 429 (a
 * burst of in-flight 429s counts once), never below a sixteenth of the documented rate, and raised
 * again by each request that gets through, never above the documented rate. The request policy's
 * backoff without Retry-After is exponential with jitter and bounded.
 */
import { describe, expect, it } from "vitest";
import { backoff } from "@/lib/channels/http";
import { Pacer } from "@/lib/channels/pacer";

describe("Pacer", () => {
  it("halves its rate on a 429 without Retry-After, once per request interval, down to a floor", () => {
    const pacer = new Pacer(4, 4);
    pacer.slowDown(10_000);
    expect(pacer.currentRate).toBe(2);
    // Another in-flight request's 429 within the same interval (1/2 s at 2/s) is the same signal.
    pacer.slowDown(10_100);
    expect(pacer.currentRate).toBe(2);
    let now = 10_000;
    for (let i = 0; i < 20; i++) pacer.slowDown((now += 60_000));
    expect(pacer.currentRate).toBe(pacer.floorRate);
    expect(pacer.floorRate).toBe(4 / 16);
  });

  it("raises the rate again per success, never above the documented rate", () => {
    const pacer = new Pacer(4, 4);
    pacer.slowDown(1_000);
    pacer.slowDown(10_000);
    expect(pacer.currentRate).toBe(1);
    pacer.recover();
    expect(pacer.currentRate).toBeCloseTo(1.2);
    for (let i = 0; i < 100; i++) pacer.recover();
    expect(pacer.currentRate).toBe(4);
  });
});

describe("backoff without Retry-After", () => {
  it("doubles per attempt with jitter in [ceiling/2, ceiling] and never exceeds the cap", () => {
    for (let attempt = 1; attempt <= 30; attempt++) {
      const ceiling = Math.min(30_000, 1_000 * 2 ** (attempt - 1));
      for (let i = 0; i < 20; i++) {
        const wait = backoff(attempt, 1_000, 30_000);
        expect(wait).toBeGreaterThanOrEqual(ceiling / 2);
        expect(wait).toBeLessThanOrEqual(ceiling);
      }
    }
  });
});
