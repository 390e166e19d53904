/** Renders and delivers one notification or one digest to the shop's destinations. */
import { deliver, type DeliveryResult } from "./deliver";
import { renderDigestEmail, renderNotificationEmail } from "./email-templates";
import type { NotificationFacts, NotificationKind } from "./kinds";
import { notificationSettings } from "./notification-queries";
import { slackDigest, slackNotification } from "./slack-message";

export async function sendNotification(
  shopId: string,
  shopDomain: string,
  kind: NotificationKind,
  facts: NotificationFacts,
): Promise<DeliveryResult> {
  const email = await renderNotificationEmail(shopDomain, kind, facts);
  return deliver(await notificationSettings(shopId), email, slackNotification(shopDomain, kind, facts));
}

export async function sendDigest(
  shopId: string,
  shopDomain: string,
  kind: NotificationKind,
  items: { requestedAt: Date; facts: NotificationFacts }[],
): Promise<DeliveryResult> {
  const email = await renderDigestEmail(shopDomain, kind, items);
  return deliver(await notificationSettings(shopId), email, slackDigest(shopDomain, kind, items));
}
