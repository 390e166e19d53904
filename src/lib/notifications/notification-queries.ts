/**
 * The notifications table and the per-shop settings: the throttle decision (send now, or fold into
 * the window's digest) and the digest's contents.
 */
import { db } from "../db";
import { env } from "../env";
import type { Destinations } from "./deliver";
import type { NotificationFacts, NotificationKind } from "./kinds";

export interface NotificationRequest {
  /** The requesting event's id: a retried step finds its own row instead of adding one. */
  id: string;
  shopId: string;
  kind: NotificationKind;
  facts: NotificationFacts;
  requestedAt: Date;
}

/** `late`: the window had already closed when this one was folded, so its digest may have gone. */
export type ThrottleDecision =
  { action: "send"; shopDomain: string } | { action: "fold"; windowStart: string; late: boolean } | { action: "skip" };

export interface ShopNotificationSettings extends Destinations {
  kinds: string[];
}

export async function notificationSettings(shopId: string): Promise<ShopNotificationSettings> {
  const row = await db().notificationSetting.findUnique({ where: { shopId } });
  if (row) return { emailRecipients: row.emailRecipients, slackWebhookUrl: row.slackWebhookUrl, kinds: row.kinds };
  const { NOTIFY_DEFAULT_EMAIL, NOTIFY_DEFAULT_SLACK_WEBHOOK_URL } = env();
  return {
    emailRecipients: (NOTIFY_DEFAULT_EMAIL ?? "")
      .split(",")
      .map((address) => address.trim())
      .filter(Boolean),
    slackWebhookUrl: NOTIFY_DEFAULT_SLACK_WEBHOOK_URL ?? null,
    kinds: [],
  };
}

export async function saveNotificationSettings(shopId: string, settings: ShopNotificationSettings): Promise<void> {
  await db().notificationSetting.upsert({ where: { shopId }, create: { shopId, ...settings }, update: settings });
}

const wants = (settings: ShopNotificationSettings, kind: NotificationKind) =>
  kind === "test" || settings.kinds.length === 0 || settings.kinds.includes(kind);

/**
 * Records the request and decides, under a per-(shop, kind) transaction lock so concurrent
 * requests see each other: the first of a kind in a window is sent, later ones within the window
 * are folded into its digest. The window is measured on request time, not processing time, so a
 * backlog in the queue never turns folded messages into separate ones.
 */
export async function recordNotification(request: NotificationRequest): Promise<ThrottleDecision> {
  const settings = await notificationSettings(request.shopId);
  if (!wants(settings, request.kind)) return { action: "skip" };
  const windowMs = env().NOTIFY_THROTTLE_WINDOW_SECONDS * 1000;
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`notify:${request.shopId}:${request.kind}`}))`;
    const shop = await tx.shop.findUniqueOrThrow({ where: { id: request.shopId }, select: { domain: true } });
    const existing = await tx.notification.findUnique({ where: { id: request.id } });
    if (existing) {
      return existing.status === "SENT" && !existing.sentAt
        ? { action: "send", shopDomain: shop.domain }
        : existing.status === "SENT"
          ? { action: "skip" }
          : {
              action: "fold",
              windowStart: existing.windowStart.toISOString(),
              late: existing.createdAt.getTime() >= existing.windowStart.getTime() + windowMs,
            };
    }
    // The test button is never throttled: the merchant is looking at the result.
    const open =
      request.kind === "test"
        ? null
        : await tx.notification.findFirst({
            where: {
              shopId: request.shopId,
              kind: request.kind,
              status: "SENT",
              requestedAt: { gt: new Date(request.requestedAt.getTime() - windowMs), lte: request.requestedAt },
            },
            orderBy: { requestedAt: "asc" },
          });
    const base = { id: request.id, shopId: request.shopId, kind: request.kind, facts: request.facts, requestedAt: request.requestedAt };
    if (open) {
      await tx.notification.create({ data: { ...base, status: "FOLDED", windowStart: open.requestedAt } });
      return { action: "fold", windowStart: open.requestedAt.toISOString(), late: Date.now() >= open.requestedAt.getTime() + windowMs };
    }
    await tx.notification.create({ data: { ...base, status: "SENT", windowStart: request.requestedAt } });
    return { action: "send", shopDomain: shop.domain };
  });
}

export async function markNotificationSent(id: string): Promise<void> {
  await db().notification.update({ where: { id }, data: { sentAt: new Date() } });
}

export interface DigestContents {
  shopDomain: string;
  ids: string[];
  items: { requestedAt: Date; facts: NotificationFacts }[];
}

export async function foldedNotifications(shopId: string, kind: NotificationKind, windowStart: Date): Promise<DigestContents> {
  const [shop, rows] = await Promise.all([
    db().shop.findUniqueOrThrow({ where: { id: shopId }, select: { domain: true } }),
    db().notification.findMany({
      where: { shopId, kind, windowStart, status: "FOLDED" },
      orderBy: { requestedAt: "asc" },
      select: { id: true, requestedAt: true, facts: true },
    }),
  ]);
  return {
    shopDomain: shop.domain,
    ids: rows.map((row) => row.id),
    items: rows.map((row) => ({ requestedAt: row.requestedAt, facts: row.facts as NotificationFacts })),
  };
}

export async function markDigested(ids: string[]): Promise<void> {
  await db().notification.updateMany({ where: { id: { in: ids }, status: "FOLDED" }, data: { status: "DIGESTED", sentAt: new Date() } });
}
