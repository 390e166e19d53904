/** Reads and writes of ChannelWebhook rows (the marketplaces' notifications, one per message id). */
import { db } from "../../db";
import type { MarketplaceKind } from "../../channels/connectors";
import type { ChannelNotification } from "./channel-notification";

/** Records the notification unless its message id is known; false for a duplicate. */
export async function recordChannelWebhook(notification: ChannelNotification, body: string): Promise<{ id: string } | null> {
  const rows = await db().$queryRaw<{ id: string }[]>`
    INSERT INTO "ChannelWebhook" (id, kind, "messageId", "externalShopId", code, "externalItemId", body, "sentAt")
    VALUES (gen_random_uuid()::text, ${notification.kind}::"ChannelKind", ${notification.messageId}, ${notification.externalShopId},
            ${notification.code}, ${notification.externalItemId}, ${body}, ${notification.sentAt})
    ON CONFLICT (kind, "messageId") DO NOTHING
    RETURNING id`;
  return rows[0] ?? null;
}

/** Forgets a notification whose event could not be sent, so the platform's retry is not taken for a duplicate. */
export async function forgetChannelWebhook(id: string): Promise<void> {
  await db().channelWebhook.deleteMany({ where: { id, status: "received" } });
}

export async function findChannelWebhook(kind: MarketplaceKind, messageId: string) {
  return db().channelWebhook.findUnique({
    where: { kind_messageId: { kind, messageId } },
    select: { id: true, kind: true, messageId: true, externalShopId: true, code: true, externalItemId: true, status: true },
  });
}

export async function markChannelWebhookDone(id: string, listingsRead: number): Promise<void> {
  await db().channelWebhook.update({
    where: { id },
    data: { status: listingsRead > 0 ? "processed" : "ignored", processedAt: new Date(), listingsRead },
    select: { id: true },
  });
}
