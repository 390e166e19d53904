/** send-notification-digest: when a throttle window closes, one message with everything folded into it. */
import { inngest } from "../client";
import { shopNotificationDigestDue } from "../events";
import { env } from "../../src/lib/env";
import { foldedNotifications, markDigested } from "../../src/lib/notifications/notification-queries";
import { sendDigest } from "../../src/lib/notifications/send-notification";

export const sendNotificationDigest = inngest.createFunction(
  { id: "send-notification-digest", name: "Send a notification digest", triggers: [shopNotificationDigestDue], retries: 6 },
  async ({ event, step }) => {
    const { shopId, kind, windowStart } = event.data;
    const closesAt = new Date(new Date(windowStart).getTime() + env().NOTIFY_THROTTLE_WINDOW_SECONDS * 1000);
    await step.sleepUntil("window-closes", closesAt);
    const digest = await step.run("collect", () => foldedNotifications(shopId, kind, new Date(windowStart)));
    if (digest.ids.length === 0) return { sent: 0 };
    await step.run("deliver", () =>
      sendDigest(
        shopId,
        digest.shopDomain,
        kind,
        digest.items.map((item) => ({ ...item, requestedAt: new Date(item.requestedAt) })),
      ),
    );
    await step.run("mark-digested", () => markDigested(digest.ids));
    return { sent: digest.ids.length };
  },
);
