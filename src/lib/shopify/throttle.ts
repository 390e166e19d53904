/**
 * Pacing by Shopify's own numbers. Every GraphQL answer carries extensions.cost.throttleStatus
 * (maximumAvailable, currentlyAvailable, restoreRate); the bucket refills at restoreRate points/s.
 * Before a request we project what is available now and wait just long enough for the request's
 * expected cost, so a paced client keeps the bucket near empty (full utilisation) without ever
 * being THROTTLED. The state is per shop and per process; a new process learns it from the first
 * answer.
 */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface QueryCost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

interface BucketState extends ThrottleStatus {
  observedAt: number;
}

/** Shopify refuses any query costing more than this; an unknown query is assumed to cost it. */
export const MAX_QUERY_COST = 1_000;

export class ThrottlePacer {
  private readonly buckets = new Map<string, BucketState>();
  /** Requested cost Shopify last reported per (shop, document): the next one costs about the same. */
  private readonly costs = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Points available for the shop now, projected from the last answer (undefined: never seen). */
  available(shop: string): number | undefined {
    const bucket = this.buckets.get(shop);
    if (!bucket) return undefined;
    const elapsed = (this.now() - bucket.observedAt) / 1000;
    return Math.min(bucket.maximumAvailable, bucket.currentlyAvailable + elapsed * bucket.restoreRate);
  }

  /** Milliseconds to wait before sending a request expected to cost `cost` points. */
  delayFor(shop: string, cost: number): number {
    const bucket = this.buckets.get(shop);
    const available = this.available(shop);
    if (!bucket || available === undefined) return 0;
    const needed = Math.min(cost, bucket.maximumAvailable);
    if (available >= needed) return 0;
    return Math.ceil(((needed - available) / bucket.restoreRate) * 1000);
  }

  /** Reserve the expected cost locally, so concurrent requests in this process do not overdraw. */
  reserve(shop: string, cost: number): void {
    const bucket = this.buckets.get(shop);
    const available = this.available(shop);
    if (!bucket || available === undefined) return;
    this.buckets.set(shop, { ...bucket, currentlyAvailable: available - cost, observedAt: this.now() });
  }

  /**
   * The cost to wait for before sending `document`: what it cost last time, or, never seen in this
   * process, the most any query may cost (so a cold document waits for a full-size bucket rather
   * than being THROTTLED).
   */
  expectedCost(shop: string, document: string): number {
    return this.costs.get(`${shop}\u0000${document}`) ?? MAX_QUERY_COST;
  }

  learnCost(shop: string, document: string, requestedQueryCost: number): void {
    this.costs.set(`${shop}\u0000${document}`, requestedQueryCost);
  }

  observe(shop: string, status: ThrottleStatus): void {
    this.buckets.set(shop, { ...status, observedAt: this.now() });
  }

  restoreRate(shop: string): number | undefined {
    return this.buckets.get(shop)?.restoreRate;
  }
}

/** Full jitter exponential backoff (AWS architecture blog): uniform in [0, min(cap, base * 2^attempt)]. */
export function backoffDelay(attempt: number, baseMs = 500, capMs = 30_000, random = Math.random): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}
