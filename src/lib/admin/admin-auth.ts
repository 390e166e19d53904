/**
 * Operator sign-in for /admin. The credentials come from ADMIN_EMAIL / ADMIN_PASSWORD
 * (adminCredentials(): development defaults outside production only). ADMIN_PASSWORD may be the
 * password or its scrypt hash (`scrypt$<salt base64>$<key base64>`, printed by hashAdminPassword);
 * either way the comparison is of scrypt keys, in constant time, and the email's too, so neither a
 * wrong email nor a wrong password answers faster. Attempts are counted per client address in
 * PostgreSQL (rate-limiter-flexible), so every app instance shares the limit.
 */
import "server-only";
import { createHash, randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { db } from "../db";
import { adminCredentials } from "../env";
import { AppError } from "../errors";

/** Failed sign-ins per client address per window before sign-in is refused for the window. */
export const SIGN_IN_ATTEMPTS = 5;
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;

const KEY_LENGTH = 32;

export function hashAdminPassword(password: string, salt: Buffer = randomBytes(16)): string {
  return `scrypt$${salt.toString("base64")}$${scryptSync(password, salt, KEY_LENGTH).toString("base64")}`;
}

/** The configured password as a scrypt key and its salt (hashing a plain one once per process). */
let configured: { source: string; salt: Buffer; key: Buffer } | undefined;
function configuredKey(password: string): { salt: Buffer; key: Buffer } {
  if (configured?.source === password) return configured;
  const match = /^scrypt\$([^$]+)\$([^$]+)$/.exec(password);
  const salt = match ? Buffer.from(match[1]!, "base64") : randomBytes(16);
  const key = match ? Buffer.from(match[2]!, "base64") : scryptSync(password, salt, KEY_LENGTH);
  configured = { source: password, salt, key };
  return configured;
}

const digest = (value: string) => createHash("sha256").update(value.trim().toLowerCase()).digest();

/** Whether the email and password are the operator's; both compared in constant time. */
export function isOperator(email: string, password: string): boolean {
  const operator = adminCredentials();
  if (!operator) return false;
  const { salt, key } = configuredKey(operator.password);
  const given = scryptSync(password, salt, KEY_LENGTH);
  const emailMatches = timingSafeEqual(digest(email), digest(operator.email));
  const passwordMatches = given.length === key.length && timingSafeEqual(given, key);
  return emailMatches && passwordMatches;
}

let limiter: RateLimiterPrisma | undefined;
const signInLimiter = () =>
  (limiter ??= new RateLimiterPrisma({
    storeClient: db(),
    tableName: "rateLimit",
    keyPrefix: "admin-sign-in",
    points: SIGN_IN_ATTEMPTS,
    duration: SIGN_IN_WINDOW_SECONDS,
  }));

const tooMany = (rejection: RateLimiterRes) => {
  const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  return new AppError("rate_limited", `Too many sign-in attempts. Try again in ${Math.ceil(seconds / 60)} minutes.`, {
    headers: { "Retry-After": String(seconds) },
    details: { retryAfterSeconds: seconds },
  });
};

/**
 * Signs the operator in, or throws: 503-like config error when no operator is configured, 429
 * after too many failures from this address, 401 for wrong credentials. A success clears the
 * address's failures.
 */
export async function signInOperator(email: string, password: string, clientKey: string): Promise<void> {
  if (!adminCredentials()) throw new AppError("forbidden", "the operator console is not configured (set ADMIN_EMAIL and ADMIN_PASSWORD)");
  const state = await signInLimiter().get(clientKey);
  if (state && state.consumedPoints >= SIGN_IN_ATTEMPTS) throw tooMany(state);
  if (isOperator(email, password)) {
    await signInLimiter().delete(clientKey);
    return;
  }
  try {
    await signInLimiter().consume(clientKey);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw tooMany(rejection);
    throw rejection;
  }
  throw new AppError("unauthorized", "wrong email or password");
}
