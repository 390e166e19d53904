/**
 * Asking for a notification from outside a function's own steps (a library call that noticed
 * something: a circuit that changed state, a token Shopify refused). The event id makes repeats of
 * the same news one request (Inngest deduplicates event ids for 24 hours); notify-shop throttles
 * and delivers it, so nothing here waits on SMTP or Slack.
 */
import { inngest } from "../../../inngest/client";
import { shopNotificationRequested } from "../../../inngest/events";
import { log } from "../log";
import type { NotificationFacts, NotificationKind } from "./kinds";

export interface NotificationRequest {
  shopId: string;
  kind: NotificationKind;
  facts: NotificationFacts;
  /** Identifies this piece of news: the same id is one notification. */
  id: string;
  requestedAt?: Date;
}

/** Sends the request; a failure is logged, never thrown (news must not fail the work that found it). */
export async function requestNotification(request: NotificationRequest): Promise<void> {
  try {
    await inngest.send(
      shopNotificationRequested.create(
        {
          shopId: request.shopId,
          kind: request.kind,
          facts: request.facts,
          requestedAt: (request.requestedAt ?? new Date()).toISOString(),
        },
        { id: request.id },
      ),
    );
  } catch (error) {
    log.warn({ kind: request.kind, shopId: request.shopId, err: error }, "could not request a notification");
  }
}
