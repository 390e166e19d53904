/**
 * Client-side token bucket: a connector waits for a token before each request, so it sends at the
 * platform's documented rate instead of discovering it through 429s. One bucket per connection
 * (keyed by channel id) per process, shared by every step that process runs.
 */
export class Pacer {
  private tokens: number;
  private last = Date.now();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
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
