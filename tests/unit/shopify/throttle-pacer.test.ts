import { describe, expect, it } from "vitest";
import { backoffDelay, MAX_QUERY_COST, ThrottlePacer } from "@/lib/shopify/throttle";

describe("ThrottlePacer", () => {
  const clock = () => {
    let now = 0;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it("sends at once while it knows nothing, then waits exactly for the points missing", () => {
    const time = clock();
    const pacer = new ThrottlePacer(time.now);
    expect(pacer.delayFor("a", 500)).toBe(0);
    pacer.observe("a", { maximumAvailable: 2000, currentlyAvailable: 300, restoreRate: 100 });
    expect(pacer.delayFor("a", 500)).toBe(2000); // 200 points at 100/s
    time.advance(1500);
    expect(pacer.delayFor("a", 500)).toBe(500);
    time.advance(500);
    expect(pacer.delayFor("a", 500)).toBe(0);
    expect(pacer.available("b")).toBeUndefined();
  });

  it("never waits for more than the bucket holds, and projects the refill up to its size", () => {
    const time = clock();
    const pacer = new ThrottlePacer(time.now);
    pacer.observe("a", { maximumAvailable: 1000, currentlyAvailable: 0, restoreRate: 50 });
    expect(pacer.delayFor("a", 5000)).toBe(20_000);
    time.advance(60_000);
    expect(pacer.available("a")).toBe(1000);
  });

  it("reserves what it sends so concurrent requests do not overdraw", () => {
    const pacer = new ThrottlePacer(() => 0);
    pacer.observe("a", { maximumAvailable: 2000, currentlyAvailable: 1000, restoreRate: 100 });
    pacer.reserve("a", 800);
    expect(pacer.delayFor("a", 800)).toBe(6000);
  });

  it("expects an unknown document to cost the most a query may, and a known one what it cost", () => {
    const pacer = new ThrottlePacer(() => 0);
    expect(pacer.expectedCost("a", "{ shop { name } }")).toBe(MAX_QUERY_COST);
    pacer.learnCost("a", "{ shop { name } }", 3);
    expect(pacer.expectedCost("a", "{ shop { name } }")).toBe(3);
    expect(pacer.expectedCost("b", "{ shop { name } }")).toBe(MAX_QUERY_COST);
  });

  it("backs off with full jitter, capped", () => {
    expect(backoffDelay(3, 500, 30_000, () => 0.999)).toBe(3996);
    expect(backoffDelay(20, 500, 30_000, () => 0.5)).toBe(15_000);
    expect(backoffDelay(1, 500, 30_000, () => 0)).toBe(0);
  });
});
