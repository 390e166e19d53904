import { NO_FAULTS, type Faults } from "./faults.ts";
import type { RequestHold } from "./request-hold.ts";
import type { ShopStore } from "./store/shop-store.ts";
import { LeakyBucket, type PlanLimits } from "./throttle.ts";

/** One simulated shop: its records, plan, faults and a leaky bucket per app. */
export class ShopState {
  faults: Faults = { ...NO_FAULTS };
  /** While set, Admin API requests wait for the test to release them (Simulator.holdAdminRequests). */
  hold: RequestHold | undefined;
  private readonly buckets = new Map<string, LeakyBucket>();

  constructor(
    readonly domain: string,
    readonly store: ShopStore,
    private planLimits: PlanLimits,
    /** The buckets' clock (milliseconds, monotonic); default performance.now. */
    private readonly clock?: () => number,
  ) {}

  get plan(): PlanLimits {
    return this.planLimits;
  }

  setPlan(plan: PlanLimits): void {
    this.planLimits = plan;
    for (const bucket of this.buckets.values()) bucket.limits = plan;
  }

  bucket(apiKey: string): LeakyBucket {
    let bucket = this.buckets.get(apiKey);
    if (!bucket) {
      bucket = new LeakyBucket(this.planLimits, this.clock);
      this.buckets.set(apiKey, bucket);
    }
    bucket.restoreFactor = this.faults.restoreRateFactor;
    return bucket;
  }
}
