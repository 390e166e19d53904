/**
 * Request signing for apps in cloud mode (protocol note §11): the body is sent as RFC 8785 (JCS)
 * canonical JSON, and signed as HMAC-SHA256(key = signing key minus `signkey-<env>-`, body + t).
 * Apps in dev mode (INNGEST_DEV=1) ignore the signature.
 */
import { createHmac } from "node:crypto";

/** RFC 8785 canonical JSON: sorted keys, ECMAScript number formatting, no whitespace. */
export function canonicalize(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (value === undefined) return "null";
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalize(v))).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalize(v)}`).join(",")}}`;
}

export function signatureHeader(body: string, signingKey: string, now = Date.now()): string {
  const t = Math.floor(now / 1000);
  const key = signingKey.replace(/^signkey-\w+-/, "");
  const s = createHmac("sha256", key)
    .update(body + String(t))
    .digest("hex");
  return `t=${t}&s=${s}`;
}
