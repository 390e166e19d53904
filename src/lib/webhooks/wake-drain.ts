/**
 * Wakes a shop's webhook drain after deliveries were stored, coalesced: the first delivery of a
 * shop opens a window of WEBHOOK_WAKE_WINDOW_MS, and one `shopify/webhooks.pending` event is sent
 * when it closes, whatever number of deliveries arrived meanwhile (at 500 deliveries a second over
 * four shops, 4 events a second instead of 500). The send happens after every delivery of the window committed
 * (each called this after its insert returned), so the drain it wakes sees them all; a delivery
 * stored after the send opens the next window. Each event has its own id: the runner's concurrency
 * key queues a shop's drains one after another, and a drain with nothing left ends at once.
 *
 * A lost wake-up (the process died inside the window, the runner refused the send) is made good
 * by wake-webhook-drains, which every minute wakes shops with deliveries that waited too long.
 */
import { randomUUID } from "node:crypto";
import { inngest } from "../../../inngest/client";
import { shopifyWebhooksPending } from "../../../inngest/events";
import { log } from "../log";

/**
 * One second: what a drain run costs (the runner's step calls, the claim, the transaction, the
 * settle) is paid per batch, so a longer window means fewer, larger batches. At 300 deliveries a
 * second the drain's CPU per delivery (worker, runner and PostgreSQL together) fell from 3.8 ms
 * with 250 ms windows to 1.8 ms with 1 s windows (docs/performance.md, section 4), for about 0.5 s
 * more from delivery to row.
 */
export const WEBHOOK_WAKE_WINDOW_MS = 1000;

const pending = new Map<string, Promise<void>>();

async function sendWake(shopDomain: string): Promise<void> {
  pending.delete(shopDomain);
  try {
    await inngest.send(shopifyWebhooksPending.create({ shopDomain }, { id: `webhooks-pending:${shopDomain}:${randomUUID()}` }));
  } catch (error) {
    log.warn({ err: error, shop: shopDomain }, "could not wake the webhook drain: the minute sweep will");
  }
}

/**
 * Schedules the shop's wake-up (or joins the one scheduled); the promise settles once it was sent
 * (never rejects), for the route to hand to `after()` so a serverless host keeps the function alive.
 */
export function wakeDrain(shopDomain: string): Promise<void> {
  let wake = pending.get(shopDomain);
  if (!wake) {
    wake = new Promise<void>((resolve) => setTimeout(resolve, WEBHOOK_WAKE_WINDOW_MS)).then(() => sendWake(shopDomain));
    pending.set(shopDomain, wake);
  }
  return wake;
}

/** Wakes the drains of these shops now (the sweep, a drain handing over to the next run). */
export async function wakeDrainsNow(shopDomains: string[]): Promise<void> {
  if (!shopDomains.length) return;
  await inngest.send(
    shopDomains.map((shopDomain) =>
      shopifyWebhooksPending.create({ shopDomain }, { id: `webhooks-pending:${shopDomain}:${randomUUID()}` }),
    ),
  );
}
