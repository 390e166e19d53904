/**
 * The merchant's session: a cookie naming the installed shop, signed with HMAC-SHA256 under
 * SESSION_SECRET and checked in constant time. It carries no Shopify token (tokens stay encrypted
 * in the database); it only proves that this browser completed OAuth for this shop.
 */
import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "./env";

export const SESSION_COOKIE = "shopsync_session";
export const SESSION_MAX_AGE_SECONDS = 60 * 60 * 24 * 7;

export interface Session {
  shop: string;
  /** Issued at, seconds since the epoch. */
  iat: number;
}

const sign = (payload: string, secret: string) => createHmac("sha256", secret).update(payload).digest("base64url");

export function encodeSession(session: Session, secret = env().SESSION_SECRET): string {
  const payload = Buffer.from(JSON.stringify(session)).toString("base64url");
  return `${payload}.${sign(payload, secret)}`;
}

export function decodeSession(value: string | undefined, secret = env().SESSION_SECRET, now = Date.now()): Session | undefined {
  if (!value) return undefined;
  const [payload, signature] = value.split(".");
  if (!payload || !signature) return undefined;
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const session = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Partial<Session>;
    if (typeof session.shop !== "string" || typeof session.iat !== "number") return undefined;
    if (now / 1000 - session.iat > SESSION_MAX_AGE_SECONDS) return undefined;
    return { shop: session.shop, iat: session.iat };
  } catch {
    return undefined;
  }
}

/** Reads the session from a request's Cookie header. */
export function sessionFromRequest(request: Request): Session | undefined {
  const cookies = request.headers.get("cookie") ?? "";
  const match = cookies.split(/;\s*/).find((part) => part.startsWith(`${SESSION_COOKIE}=`));
  return decodeSession(match?.slice(SESSION_COOKIE.length + 1));
}

export function sessionCookie(shop: string, secure: boolean): string {
  const value = encodeSession({ shop, iat: Math.floor(Date.now() / 1000) });
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_MAX_AGE_SECONDS}${secure ? "; Secure" : ""}`;
}
