/**
 * The token bucket both channel platforms describe: `rate` tokens per second refill a bucket of
 * `burst`, each request takes one, an empty bucket answers 429. `factor` scales the refill rate
 * (fault injection: 0 = a 429 storm until it is lifted).
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly rate: number,
    readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  private refill(factor: number): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate * factor);
    this.last = now;
  }

  /** Takes one token; false when the bucket is empty. */
  take(factor = 1): boolean {
    this.refill(factor);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Whole seconds until one token is back (at least 1): what a Retry-After would say. */
  secondsUntilToken(factor = 1): number {
    this.refill(factor);
    if (factor <= 0) return 60;
    return Math.max(1, Math.ceil((1 - this.tokens) / (this.rate * factor)));
  }

  /** Tokens left (rounded down), for status pages. */
  remaining(factor = 1): number {
    this.refill(factor);
    return Math.floor(this.tokens);
  }
}
