/**
 * Shopify's leaky bucket for the GraphQL Admin API, one per (app, shop). Restore rates per plan are
 * Shopify's documented figures; the bucket sizes are not published on the current page, so they are
 * 20x the restore rate (what Standard stores report today: 2000 / 100) and configurable.
 */
export interface PlanLimits {
  name: string;
  restoreRate: number;
  maximumAvailable: number;
}

export const PLANS = {
  standard: { name: "standard", restoreRate: 100, maximumAvailable: 2_000 },
  advanced: { name: "advanced", restoreRate: 200, maximumAvailable: 4_000 },
  plus: { name: "plus", restoreRate: 1_000, maximumAvailable: 20_000 },
  enterprise: { name: "enterprise", restoreRate: 2_000, maximumAvailable: 40_000 },
} as const satisfies Record<string, PlanLimits>;

export type PlanName = keyof typeof PLANS;
export const PLAN_NAMES = Object.keys(PLANS) as PlanName[];

/** A plan by name, or custom limits (tests use small buckets to stay fast). */
export type PlanOption = PlanName | PlanLimits;

export function resolvePlan(plan: PlanOption | undefined): PlanLimits {
  if (plan === undefined) return PLANS.standard;
  if (typeof plan === "string") {
    const found = PLANS[plan];
    if (!found) throw new Error(`Unknown plan "${String(plan)}" (known: ${PLAN_NAMES.join(", ")})`);
    return found;
  }
  return plan;
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** Read-only counters of what the bucket answered (benchmarks read them; nothing acts on them). */
export interface BucketStats {
  /** Requests priced against the bucket (THROTTLED ones included). */
  requests: number;
  /** Requests answered THROTTLED. */
  throttled: number;
  /** Points actually consumed: requested cost taken minus the refunds. */
  pointsConsumed: number;
  /** Date.now() of the first and the last THROTTLED answer, null before any. */
  firstThrottledAt: number | null;
  lastThrottledAt: number | null;
}

export class LeakyBucket {
  private available: number;
  private updatedAt: number;
  /** Fault injection: a throttle storm multiplies the restore rate by this factor (e.g. 0.1). */
  restoreFactor = 1;
  private readonly counters: BucketStats = { requests: 0, throttled: 0, pointsConsumed: 0, firstThrottledAt: null, lastThrottledAt: null };

  constructor(
    public limits: PlanLimits,
    /** Milliseconds on a monotonic clock; tests pass their own to make refills exact. */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.available = limits.maximumAvailable;
    this.updatedAt = this.now();
  }

  private restoreRate(): number {
    return this.limits.restoreRate * this.restoreFactor;
  }

  private refill(): void {
    const now = this.now();
    const elapsedSeconds = (now - this.updatedAt) / 1000;
    this.updatedAt = now;
    this.available = Math.min(this.limits.maximumAvailable, this.available + elapsedSeconds * this.restoreRate());
  }

  /** Takes `cost` points if the bucket holds them; false means THROTTLED. */
  tryTake(cost: number): boolean {
    return this.take(cost).taken;
  }

  /**
   * Takes `cost` points if the bucket holds them, and reports the bucket as of that decision: a
   * THROTTLED answer must show fewer points than it asked for, even though the bucket keeps
   * refilling while the answer is written (a second reading could already hold enough).
   */
  take(cost: number): { taken: boolean; status: ThrottleStatus } {
    this.refill();
    this.counters.requests += 1;
    if (cost > this.available) {
      this.counters.throttled += 1;
      this.counters.lastThrottledAt = Date.now();
      this.counters.firstThrottledAt ??= this.counters.lastThrottledAt;
      return { taken: false, status: this.snapshot() };
    }
    this.available -= cost;
    this.counters.pointsConsumed += cost;
    return { taken: true, status: this.snapshot() };
  }

  /** Returns the difference between requested and actual cost. */
  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.limits.maximumAvailable, this.available + Math.max(0, points));
    this.counters.pointsConsumed -= Math.max(0, points);
  }

  /** A copy of the counters since the bucket was created. */
  stats(): BucketStats {
    return { ...this.counters };
  }

  status(): ThrottleStatus {
    this.refill();
    return this.snapshot();
  }

  private snapshot(): ThrottleStatus {
    return {
      maximumAvailable: this.limits.maximumAvailable,
      currentlyAvailable: Math.floor(this.available),
      restoreRate: this.restoreRate(),
    };
  }
}
