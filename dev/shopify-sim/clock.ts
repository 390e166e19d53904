/**
 * Shopify's clock, as the simulator keeps it: the host's clock plus an offset. Every timestamp
 * Shopify would stamp (records' updatedAt, inventory changes, webhook triggered-at, bulk operation
 * times, the 60-day order window) comes from here, so a test can put Shopify's clock apart from
 * the app's (clock skew) or let time pass on Shopify's side (`advance`) without waiting for it.
 * It only ever moves forward, as Shopify's does.
 */
export class SimClock {
  constructor(private offsetMs = 0) {}

  /** Milliseconds since the epoch on Shopify's clock. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Shopify's timestamp format: UTC, whole seconds. */
  iso(): string {
    return new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  /** How far Shopify's clock is ahead of the host's (negative: behind). */
  get offset(): number {
    return this.offsetMs;
  }

  /** Lets time pass on Shopify's side. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Shopify's clock only moves forward (got ${ms} ms)`);
    this.offsetMs += ms;
  }
}
