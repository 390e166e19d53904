/**
 * notify-shop: delivers one requested notification, never inside a sync's path (a sync only sends
 * the event). The first of a kind per shop per window is sent now; later ones are folded, and the
 * window's digest is asked for once (the event id is the window's, so Inngest keeps one).
 */
import { inngest } from "../client";
import { shopNotificationDigestDue, shopNotificationRequested } from "../events";
import { markNotificationSent, recordNotification } from "../../src/lib/notifications/notification-queries";
import { sendNotification } from "../../src/lib/notifications/send-notification";

export const notifyShop = inngest.createFunction(
  { id: "notify-shop", name: "Notify a shop's people", triggers: [shopNotificationRequested], retries: 6 },
  async ({ event, step }) => {
    const { shopId, kind, facts, requestedAt } = event.data;
    const id = event.id ?? `${shopId}:${kind}:${requestedAt}`;
    const decision = await step.run("record", () => recordNotification({ id, shopId, kind, facts, requestedAt: new Date(requestedAt) }));
    if (decision.action === "send") {
      const delivered = await step.run("deliver", () => sendNotification(shopId, decision.shopDomain, kind, facts));
      await step.run("mark-sent", () => markNotificationSent(id));
      return { action: "sent", ...delivered };
    }
    if (decision.action === "fold") {
      await step.sendEvent("ask-for-digest", {
        ...shopNotificationDigestDue.create({ shopId, kind, windowStart: decision.windowStart }),
        // One digest per window; a late fold (its window's digest may be gone) asks for its own.
        id: `notification-digest:${shopId}:${kind}:${decision.windowStart}${decision.late ? `:${id}` : ""}`,
      });
    }
    return { action: decision.action };
  },
);
