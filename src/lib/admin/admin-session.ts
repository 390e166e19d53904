/**
 * The operator's session: its own cookie (`shopsync_admin`, SameSite=Strict, path /), signed with a
 * key derived from SESSION_SECRET for this purpose only, so a merchant's session cookie (or its
 * value copied into this cookie) never verifies as an operator's.
 */
import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "../env";
import { AppError } from "../errors";

export const ADMIN_COOKIE = "shopsync_admin";
export const ADMIN_SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

interface AdminSession {
  role: "operator";
  email: string;
  iat: number;
}

const signingKey = (secret: string) => createHmac("sha256", secret).update("shopsync operator session v1").digest();
const sign = (payload: string, secret: string) => createHmac("sha256", signingKey(secret)).update(payload).digest("base64url");

export function encodeAdminSession(email: string, now = Date.now(), secret = env().SESSION_SECRET): string {
  const session: AdminSession = { role: "operator", email, iat: Math.floor(now / 1000) };
  const payload = Buffer.from(JSON.stringify(session)).toString("base64url");
  return `${payload}.${sign(payload, secret)}`;
}

export function decodeAdminSession(value: string | undefined, now = Date.now(), secret = env().SESSION_SECRET): AdminSession | undefined {
  if (!value) return undefined;
  const [payload, signature] = value.split(".");
  if (!payload || !signature) return undefined;
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  try {
    const session = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Partial<AdminSession>;
    if (session.role !== "operator" || typeof session.email !== "string" || typeof session.iat !== "number") return undefined;
    if (now / 1000 - session.iat > ADMIN_SESSION_MAX_AGE_SECONDS) return undefined;
    return { role: "operator", email: session.email, iat: session.iat };
  } catch {
    return undefined;
  }
}

export function adminCookie(email: string, secure: boolean): string {
  return `${ADMIN_COOKIE}=${encodeAdminSession(email)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${ADMIN_SESSION_MAX_AGE_SECONDS}${secure ? "; Secure" : ""}`;
}

export const clearedAdminCookie = `${ADMIN_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;

export function adminSessionFromCookieHeader(header: string | null): AdminSession | undefined {
  const match = (header ?? "").split(/;\s*/).find((part) => part.startsWith(`${ADMIN_COOKIE}=`));
  return decodeAdminSession(match?.slice(ADMIN_COOKIE.length + 1));
}

/** The operator's session, or a 401 (a merchant's session is not one). */
export function requireOperator(request: Request): AdminSession {
  const session = adminSessionFromCookieHeader(request.headers.get("cookie"));
  if (!session) throw new AppError("unauthorized", "sign in at /admin as an operator");
  return session;
}
