import { afterEach, describe, expect, it } from "vitest";
import type { ShopifySimHandle } from "../../../dev/shopify-sim/index.ts";
import { LeakyBucket } from "../../../dev/shopify-sim/throttle.ts";
import { gql, sleep, startTinySim } from "./helpers.ts";

// A small bucket keeps the test short; the arithmetic is the same as Standard's 2000 / 100.
const PLAN = { name: "test", restoreRate: 500, maximumAvailable: 500 };
const QUERY = "{ products(first: 48) { nodes { id } } }"; // 2 + 48 = 50 points
const COST = 50;

let sim: ShopifySimHandle | undefined;
afterEach(async () => {
  await sim?.stop();
});

describe("cost-based throttling", () => {
  it("a client that ignores throttleStatus is THROTTLED once it outruns the restore rate", async () => {
    sim = await startTinySim({ plan: PLAN });
    const started = performance.now();
    let accepted = 0;
    let throttled = 0;
    while (performance.now() - started < 1_000) {
      const { body } = await gql(sim, QUERY);
      if (body.errors?.[0]?.extensions?.["code"] === "THROTTLED") {
        throttled++;
        expect(body.extensions?.cost.actualQueryCost).toBeNull();
        expect(body.extensions?.cost.throttleStatus.currentlyAvailable).toBeLessThan(COST);
      } else {
        expect(body.errors).toBeUndefined();
        accepted += body.extensions?.cost.actualQueryCost ?? 0;
      }
    }
    const elapsed = (performance.now() - started) / 1000;
    expect(throttled).toBeGreaterThan(0);
    // Accepted points never exceed the bucket plus what leaked back in, and come close to it.
    const ceiling = PLAN.maximumAvailable + PLAN.restoreRate * elapsed;
    expect(accepted).toBeLessThanOrEqual(ceiling + COST);
    expect(accepted).toBeGreaterThan(ceiling * 0.8);
  });

  it("a client that paces by throttleStatus is never throttled", async () => {
    sim = await startTinySim({ plan: PLAN });
    const started = performance.now();
    let available = PLAN.maximumAvailable;
    let requests = 0;
    while (performance.now() - started < 1_500) {
      if (available < COST) await sleep(((COST - available) / PLAN.restoreRate) * 1000 + 5);
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
