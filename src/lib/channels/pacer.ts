/**
 * Client-side token bucket: a connector waits for a token before each request, so it sends at the
 * platform's documented rate instead of discovering it through 429s. One bucket per connection
 * (keyed by channel id) per process, shared by every step that process runs.
 *
 * It also learns: a 429 without Retry-After (Amazon never sends one; a ShipStation account under a
 * lower limit than documented) means the platform's real rate is below ours, so the rate is halved
 * (at most once per request interval, so one burst of in-flight 429s counts once), never below a
 * sixteenth of the documented rate; each request that gets through adds back a twentieth of the
 * documented rate, up to it. Additive increase, multiplicative decrease: the rate settles just
 * under what the platform grants instead of hammering it.
 */
export class Pacer {
  private tokens: number;
  private last = Date.now();
  private queue: Promise<void> = Promise.resolve();
  private rate: number;
  private lastSlowDown = 0;

  constructor(
    private readonly nominalRate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
    this.rate = nominalRate;
  }

  /** The rate requests are paced to now (the documented one, or lower after 429s). */
  get currentRate(): number {
    return this.rate;
  }

  get floorRate(): number {
    return this.nominalRate / 16;
  }

  /** Resolves when a request may be sent; callers are served in order. */
  acquire(): Promise<void> {
    const turn = this.queue.then(async () => {
      for (;;) {
        const now = Date.now();
        this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
        this.last = now;
        if (this.tokens >= 1) {
          this.tokens -= 1;
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.ceil(((1 - this.tokens) / this.rate) * 1000)));
      }
    });
    this.queue = turn;
    return turn;
  }

  /** After a 429: the platform's bucket is empty whatever ours says. */
  drain(): void {
    this.tokens = 0;
    this.last = Date.now();
  }

  /** After a 429 that did not say when to come back: empty, and a lower rate from now on. */
  slowDown(now = Date.now()): void {
    this.drain();
    if (now - this.lastSlowDown < 1000 / this.rate) return;
    this.lastSlowDown = now;
    this.rate = Math.max(this.floorRate, this.rate / 2);
  }

  /** After a request the platform took: creep back towards the documented rate. */
  recover(): void {
    this.rate = Math.min(this.nominalRate, this.rate + this.nominalRate / 20);
  }
}

const pacers = new Map<string, Pacer>();

export function pacerFor(key: string, rate: number, burst: number): Pacer {
  let pacer = pacers.get(key);
  if (!pacer) {
    pacer = new Pacer(rate, burst);
    pacers.set(key, pacer);
  }
  return pacer;
}
