import { createHmac } from "node:crypto";

/**
 * TikTok Shop 202309 signature: the query parameters except sign and access_token, sorted by key,
 * concatenated as {key}{value}, after the path and before the raw body (not for multipart), wrapped
 * in the app secret on both sides; lowercase hex HMAC-SHA256 keyed with the app secret.
 */
export function tiktokSignature(appSecret: string, path: string, params: Record<string, string>, body: string): string {
  const pairs = Object.keys(params)
    .filter((key) => key !== "sign" && key !== "access_token")
    .sort()
    .map((key) => `${key}${params[key]}`)
    .join("");
  return createHmac("sha256", appSecret).update(`${appSecret}${path}${pairs}${body}${appSecret}`).digest("hex");
}

/** A webhook's `Authorization`: hex HMAC-SHA256(app secret, app_key + raw body). */
export function tiktokWebhookSignature(appKey: string, appSecret: string, body: string): string {
  return createHmac("sha256", appSecret).update(`${appKey}${body}`).digest("hex");
}
