import { createHmac } from "node:crypto";

/**
 * Shopee Open Platform v2 signature: lowercase hex HMAC-SHA256 keyed with the partner key over
 * partner_id + api path + timestamp, followed by access_token + shop_id for shop APIs.
 */
export function shopeeSignature(
  partnerKey: string,
  partnerId: number,
  path: string,
  timestamp: number,
  shop?: { accessToken: string; shopId: number },
): string {
  const base = `${partnerId}${path}${timestamp}${shop ? `${shop.accessToken}${shop.shopId}` : ""}`;
  return createHmac("sha256", partnerKey).update(base).digest("hex");
}

/** A push notification's `Authorization`: hex HMAC-SHA256(partner key, callback URL + "|" + raw body). */
export function shopeePushSignature(partnerKey: string, url: string, body: string): string {
  return createHmac("sha256", partnerKey).update(`${url}|${body}`).digest("hex");
}
