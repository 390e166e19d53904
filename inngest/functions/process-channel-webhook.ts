/**
 * process-channel-webhook: one verified marketplace notification, its listings read back from the
 * channel in one step. The event id is the platform's message id, so a notification sent twice runs once.
 */
import { RetryAfterError } from "inngest";
import { channelWebhookReceived } from "../events";
import { inngest } from "../client";
import { processChannelWebhook as processNotification } from "../../src/lib/marketplaces/webhooks/process-channel-webhook";

/** Waits before reading a deferred notification again: 5 s, doubling, at most 2 min (about 9 min over the retries). */
const deferredDelayMs = (attempt: number) => Math.min(5_000 * 2 ** attempt, 120_000);

export const processChannelWebhook = inngest.createFunction(
  {
    id: "process-channel-webhook",
    name: "Process a marketplace notification",
    triggers: [channelWebhookReceived],
    concurrency: [{ key: "event.data.kind", limit: 5 }],
    // A notification still deferred after these is found by the scheduled read-back (every 30 minutes).
    retries: 8,
  },
  async ({ event, step, attempt }) =>
    step.run("read-back", async () => {
      const outcome = await processNotification(event.data.kind, event.data.messageId);
      if (outcome.status === "deferred") throw new RetryAfterError(outcome.reason, new Date(Date.now() + deferredDelayMs(attempt)));
      return outcome;
    }),
);
