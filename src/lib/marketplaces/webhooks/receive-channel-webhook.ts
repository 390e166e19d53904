/**
 * The ingress half of a marketplace notification (POST /api/webhooks/channels/{kind}): signature
 * and age checked (channel-notification.ts), recorded once by the platform's message id, and sent
 * to Inngest as `channel/webhook.received` whose event id is that message id too, so a send
 * repeated after a crash is run once. A duplicate (a platform retry, or a captured request replayed
 * within the 5 minutes) is answered 200 and changes nothing; everything slow happens in
 * process-channel-webhook.
 */
import { inngest } from "../../../../inngest/client";
import { channelWebhookReceived } from "../../../../inngest/events";
import { isMarketplaceKind } from "../../channels/connectors";
import { AppError } from "../../errors";
import { withTimeout } from "../../http/with-timeout";
import { forgetChannelWebhook, recordChannelWebhook } from "./channel-webhook-queries";
import { verifyChannelNotification } from "./channel-notification";

export type ChannelWebhookReceipt = { outcome: "accepted" | "duplicate"; messageId: string };

const EVENT_SEND_TIMEOUT_MS = 4_000;

export async function receiveChannelWebhook(kind: string, request: Request, rawBody: string): Promise<ChannelWebhookReceipt> {
  if (!isMarketplaceKind(kind)) throw new AppError("not_found", `no channel webhooks for ${kind}`);
  const notification = verifyChannelNotification(kind, rawBody, request.headers.get("authorization"));
  const recorded = await recordChannelWebhook(notification, rawBody);
  if (!recorded) return { outcome: "duplicate", messageId: notification.messageId };
  try {
    await withTimeout(
      inngest.send(
        channelWebhookReceived.create(
          { kind, messageId: notification.messageId },
          { id: `channel-webhook:${kind}:${notification.messageId}` },
        ),
      ),
      EVENT_SEND_TIMEOUT_MS,
      "sending the channel webhook's event",
    );
  } catch (error) {
    await forgetChannelWebhook(recorded.id);
    throw error;
  }
  return { outcome: "accepted", messageId: notification.messageId };
}
