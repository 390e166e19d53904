/**
 * A marketplace's notification as each platform signs and shapes it (research/channels.md sections
 * 4 and 5; the signing comes from third-party code, the vendors' pages were not reachable):
 *
 * - Shopee push: header `Authorization` = hex HMAC-SHA256(partner_key, callback URL + "|" + body);
 *   body `{ msg_id, shop_id, code, timestamp, data }` (code 18 an item changed, 16 its status).
 * - TikTok Shop webhook: header `Authorization` = hex HMAC-SHA256(app_secret, app_key + body);
 *   body `{ type, tts_notification_id, shop_id, timestamp, data }` (type 15 a product changed, 5 its status).
 *
 * The signature is checked over the raw bytes, in constant time, before anything is parsed.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { env, marketplaceApps } from "../../env";
import { AppError } from "../../errors";
import type { MarketplaceKind } from "../../channels/connectors";

/** A notification whose timestamp is further than this from our clock is refused (replays of old captures). */
export const NOTIFICATION_MAX_AGE_SECONDS = 300;

export interface ChannelNotification {
  kind: MarketplaceKind;
  /** The platform's duplicate key. */
  messageId: string;
  externalShopId: string;
  code: number;
  externalItemId: string | null;
  sentAt: Date;
}

/** The URL the platform was told to call: Shopee signs it, so it must be the registered one, not what a proxy forwarded. */
export const channelWebhookUrl = (kind: MarketplaceKind): string => new URL(`/api/webhooks/channels/${kind}`, env().APP_URL).toString();

const id = z.union([z.string().min(1), z.number().int()]).transform(String);
const shopeeBody = z.object({
  msg_id: z.string().min(1).optional(),
  shop_id: id,
  code: z.number().int(),
  timestamp: z.number().int(),
  data: z.object({ item_id: id.optional() }).loose().optional(),
});
const tiktokBody = z.object({
  tts_notification_id: z.string().min(1),
  shop_id: id,
  type: z.number().int(),
  timestamp: z.number().int(),
  data: z.object({ product_id: id.optional() }).loose().optional(),
});

/** Each platform's signature, body and duplicate key: a Record, so a new marketplace kind must say its own. */
const PLATFORMS: Record<
  MarketplaceKind,
  { label: string; signature(rawBody: string): string | null; parse(json: unknown, rawBody: string): Omit<ChannelNotification, "kind"> }
> = {
  shopee: {
    label: "Shopee",
    signature: (rawBody) => {
      const app = marketplaceApps().shopee;
      return app
        ? createHmac("sha256", app.partnerKey)
            .update(`${channelWebhookUrl("shopee")}|${rawBody}`)
            .digest("hex")
        : null;
    },
    parse: (json, rawBody) => {
      const body = shopeeBody.parse(json);
      return {
        // Shopee documents msg_id only for some pushes (UNVERIFIED): without one, the signed body is the key.
        messageId: body.msg_id ?? `sha256:${createHash("sha256").update(rawBody).digest("hex")}`,
        externalShopId: body.shop_id,
        code: body.code,
        externalItemId: body.data?.item_id ?? null,
        sentAt: new Date(body.timestamp * 1000),
      };
    },
  },
  tiktok: {
    label: "TikTok Shop",
    signature: (rawBody) => {
      const app = marketplaceApps().tiktok;
      return app ? createHmac("sha256", app.appSecret).update(`${app.appKey}${rawBody}`).digest("hex") : null;
    },
    parse: (json) => {
      const body = tiktokBody.parse(json);
      return {
        messageId: body.tts_notification_id,
        externalShopId: body.shop_id,
        code: body.type,
        externalItemId: body.data?.product_id ?? null,
        sentAt: new Date(body.timestamp * 1000),
      };
    },
  },
};

function expectedSignature(kind: MarketplaceKind, rawBody: string): string {
  const signature = PLATFORMS[kind].signature(rawBody);
  if (signature === null) throw new AppError("not_found", `${PLATFORMS[kind].label} is not configured for this app`);
  return signature;
}

function verifySignature(kind: MarketplaceKind, rawBody: string, given: string | null): void {
  const expected = Buffer.from(expectedSignature(kind, rawBody), "utf8");
  const actual = Buffer.from((given ?? "").trim().toLowerCase(), "utf8");
  if (!given) throw new AppError("unauthorized", "the notification's signature is missing");
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual))
    throw new AppError("unauthorized", "the notification's signature is invalid");
}

/** Verifies, parses and checks the age of one notification; throws a 401 or 400 AppError when it is refused. */
export function verifyChannelNotification(
  kind: MarketplaceKind,
  rawBody: string,
  authorization: string | null,
  nowMs = Date.now(),
): ChannelNotification {
  verifySignature(kind, rawBody, authorization);
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError("bad_request", "the notification body is not JSON");
  }
  const notification: ChannelNotification = { kind, ...PLATFORMS[kind].parse(json, rawBody) };
  const ageSeconds = (nowMs - notification.sentAt.getTime()) / 1000;
  if (ageSeconds > NOTIFICATION_MAX_AGE_SECONDS)
    throw new AppError("unauthorized", "the notification is older than 5 minutes: refused as a possible replay");
  if (ageSeconds < -NOTIFICATION_MAX_AGE_SECONDS)
    throw new AppError("unauthorized", "the notification's timestamp is more than 5 minutes ahead of this server's clock");
  return notification;
}
