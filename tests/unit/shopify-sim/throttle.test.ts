import { afterEach, describe, expect, it } from "vitest";
import type { ShopifySimHandle } from "../../../dev/shopify-sim/index.ts";
import { LeakyBucket } from "../../../dev/shopify-sim/throttle.ts";
import { gql, startTinySim } from "./helpers.ts";

// A small bucket keeps the test short; the arithmetic is the same as Standard's 2000 / 100.
const PLAN = { name: "test", restoreRate: 500, maximumAvailable: 500 };
// 2 + 48 = 50 points, requested and actual (the tiny store has over 100 variants): nothing refunded.
const QUERY = "{ productVariants(first: 48) { nodes { id } } }";
const COST = 50;

/**
 * The buckets' time, decided by the test instead of the machine: every reading moves it on by
 * `readMs` (time passes while the simulator answers, so the bucket refills between deciding and
 * reporting), and `advance` is a client waiting. The same run gives the same answers on a busy machine.
 */
function virtualClock(readMs: number) {
  let now = 0;
  return {
    now: () => (now += readMs),
    elapsedMs: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

let sim: ShopifySimHandle | undefined;
afterEach(async () => {
  await sim?.stop();
});

describe("cost-based throttling", () => {
  it("a client that ignores throttleStatus is THROTTLED once it outruns the restore rate", async () => {
    // Every answer takes virtual time (8 ms a clock reading) and the client waits 12 ms between
    // requests, so refusals land at many fractions of a point below the cost, some within one
    // reading's refill of it.
    const clock = virtualClock(8);
    sim = await startTinySim({ plan: PLAN, throttleClock: clock.now });
    const started = clock.elapsedMs();
    let accepted = 0;
    let throttled = 0;
    while (clock.elapsedMs() - started < 1_000) {
      const { body } = await gql(sim, QUERY);
      if (body.errors?.[0]?.extensions?.["code"] === "THROTTLED") {
        throttled++;
        expect(body.extensions?.cost.actualQueryCost).toBeNull();
        expect(body.extensions?.cost.throttleStatus.currentlyAvailable).toBeLessThan(COST);
      } else {
        expect(body.errors).toBeUndefined();
        accepted += body.extensions?.cost.actualQueryCost ?? 0;
      }
      clock.advance(12);
    }
    const elapsed = (clock.elapsedMs() - started) / 1000;
    expect(throttled).toBeGreaterThan(0);
    // Accepted points never exceed the bucket plus what leaked back in, and come close to it.
    const ceiling = PLAN.maximumAvailable + PLAN.restoreRate * elapsed;
    expect(accepted).toBeLessThanOrEqual(ceiling + COST);
    expect(accepted).toBeGreaterThan(ceiling * 0.8);
  });

  it("a client that paces by throttleStatus is never throttled", async () => {
    const clock = virtualClock(8);
    sim = await startTinySim({ plan: PLAN, throttleClock: clock.now });
    const started = clock.elapsedMs();
    let available = PLAN.maximumAvailable;
    let requests = 0;
    while (clock.elapsedMs() - started < 1_500) {
      if (available < COST) clock.advance(((COST - available) / PLAN.restoreRate) * 1000 + 5);
      const { body } = await gql(sim, QUERY);
      expect(body.errors).toBeUndefined();
      available = body.extensions!.cost.throttleStatus.currentlyAvailable;
      requests++;
    }
    expect(requests).toBeGreaterThan(PLAN.maximumAvailable / COST);
  });

  it("refunds the difference between requested and actual cost", () => {
    let now = 0;
    const bucket = new LeakyBucket({ name: "t", restoreRate: 100, maximumAvailable: 1000 }, () => now);
    expect(bucket.tryTake(600)).toBe(true);
    expect(bucket.tryTake(600)).toBe(false);
    bucket.refund(550);
    expect(bucket.status().currentlyAvailable).toBe(950);
    now += 500;
    expect(bucket.status().currentlyAvailable).toBe(1000);
  });
});
