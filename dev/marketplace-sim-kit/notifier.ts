/**
 * Sends a marketplace's signed notifications (Shopee push, TikTok Shop webhooks) to the app's
 * registered URL: one POST per event, retried a few times with a growing pause when the app does not
 * answer 2xx. Every attempt is recorded for GET /__sim/notifications, so tests can replay one
 * byte for byte. Neither platform promises delivery: `PUT /__sim/notification-faults` loses some
 * (the next N, or a fraction: recorded as `dropped`, never sent) or delays them.
 */
import { z } from "zod";

export const notificationFaultsSchema = z
  .object({
    /** The next this many notifications are lost. */
    dropNext: z.number().int().min(0),
    /** Then this fraction of every notification is lost. */
    dropRate: z.number().min(0).max(1),
    /** Every notification not lost is sent this late (a late push: the app may publish meanwhile). */
    delayMs: z.number().int().min(0).max(600_000),
  })
  .strict();
export type NotificationFaults = z.infer<typeof notificationFaultsSchema>;
export const NO_NOTIFICATION_FAULTS: NotificationFaults = { dropNext: 0, dropRate: 0, delayMs: 0 };
export interface NotificationAttempt {
  id: string;
  url: string;
  body: string;
  headers: Record<string, string>;
  status: number | null;
  attempts: number;
  /** Lost on the way (notification faults): never delivered. */
  dropped: boolean;
}

export class Notifier {
  readonly sent: NotificationAttempt[] = [];
  faults: NotificationFaults = { ...NO_NOTIFICATION_FAULTS };

  constructor(
    public url: string | undefined,
    private readonly retryDelaysMs: number[] = [1_000, 5_000, 30_000],
    private readonly random: () => number = Math.random,
  ) {}

  /** Fire and forget; the record in `sent` is updated as attempts finish. */
  send(id: string, body: string, sign: (url: string, body: string) => Record<string, string>): NotificationAttempt | undefined {
    const url = this.url;
    if (!url) return undefined;
    const record: NotificationAttempt = {
      id,
      url,
      body,
      headers: { "Content-Type": "application/json", ...sign(url, body) },
      status: null,
      attempts: 0,
      dropped: this.shouldDrop(),
    };
    this.sent.push(record);
    if (!record.dropped) void this.deliver(record, this.faults.delayMs);
    return record;
  }

  private shouldDrop(): boolean {
    if (this.faults.dropNext > 0) {
      this.faults.dropNext -= 1;
      return true;
    }
    return this.random() < this.faults.dropRate;
  }

  private async deliver(record: NotificationAttempt, delayMs: number): Promise<void> {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    for (let attempt = 0; attempt <= this.retryDelaysMs.length; attempt++) {
      record.attempts += 1;
      try {
        const response = await fetch(record.url, {
          method: "POST",
          headers: record.headers,
          body: record.body,
          signal: AbortSignal.timeout(10_000),
        });
        record.status = response.status;
        await response.arrayBuffer();
        if (response.ok) return;
      } catch {
        record.status = null;
      }
      const delay = this.retryDelaysMs[attempt];
      if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
