/**
 * A test's handle on one shop's Admin API requests (Simulator.holdAdminRequests): while the hold is
 * the shop's, each request waits, unanswered, until the test releases it. A test uses it to know
 * that a step of the app is in flight at Shopify at a given moment (e.g. to take PostgreSQL away
 * under it) without racing a timer.
 */
export class RequestHold {
  private waiting = 0;
  private releaseAll!: () => void;
  private readonly released = new Promise<void>((resolve) => (this.releaseAll = resolve));

  constructor(private readonly onRelease: () => void) {}

  /** Whether a request is waiting on this hold now. */
  get isHolding(): boolean {
    return this.waiting > 0;
  }

  /** Called by the server for each request while the hold is set: returns once released. */
  async pass(): Promise<void> {
    this.waiting++;
    try {
      await this.released;
    } finally {
      this.waiting--;
    }
  }

  /** Answers every held request, and lets the next ones through (unless a newer hold is set). */
  release(): void {
    this.onRelease();
    this.releaseAll();
  }
}
