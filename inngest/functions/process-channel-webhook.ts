/**
 * process-channel-webhook: one verified marketplace notification, its listings read back from the
 * channel in one step. The event id is the platform's message id, so a notification sent twice runs once.
 */
import { channelWebhookReceived } from "../events";
import { inngest } from "../client";
import { processChannelWebhook as processNotification } from "../../src/lib/marketplaces/webhooks/process-channel-webhook";

export const processChannelWebhook = inngest.createFunction(
  {
    id: "process-channel-webhook",
    name: "Process a marketplace notification",
    triggers: [channelWebhookReceived],
    concurrency: [{ key: "event.data.kind", limit: 5 }],
    retries: 5,
  },
  async ({ event, step }) => step.run("read-back", () => processNotification(event.data.kind, event.data.messageId)),
);
