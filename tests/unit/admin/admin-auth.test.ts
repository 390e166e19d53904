import { describe, expect, it } from "vitest";
import { hashAdminPassword, isOperator } from "../../../src/lib/admin/admin-auth";
import { decodeAdminSession, encodeAdminSession } from "../../../src/lib/admin/admin-session";
import { adminCredentials, DEV_ADMIN_EMAIL, DEV_ADMIN_PASSWORD, type EnvError, parseEnv } from "../../../src/lib/env";
import { encodeSession } from "../../../src/lib/session";

const SECRET = "a-session-secret-of-at-least-32-characters";

describe("operator credentials", () => {
  it("default to the development operator outside production only", () => {
    expect(adminCredentials(parseEnv({}))).toEqual({ email: DEV_ADMIN_EMAIL, password: DEV_ADMIN_PASSWORD });
    expect(adminCredentials(parseEnv({ NODE_ENV: "test" }))).toEqual({ email: DEV_ADMIN_EMAIL, password: DEV_ADMIN_PASSWORD });
  });

  it("refuses the development operator in production, and one of the two without the other", () => {
    const refused = (source: Record<string, string>) => {
      try {
        parseEnv({ NODE_ENV: "production", ...source });
        return [];
      } catch (error) {
        return (error as EnvError).message.split("\n").map((line) => line.split(":")[0]);
      }
    };
    expect(refused({ ADMIN_EMAIL: DEV_ADMIN_EMAIL, ADMIN_PASSWORD: "another-password-123" })).toContain("ADMIN_EMAIL");
    expect(refused({ ADMIN_EMAIL: "ops@example.com", ADMIN_PASSWORD: DEV_ADMIN_PASSWORD })).toContain("ADMIN_PASSWORD");
    expect(refused({ ADMIN_EMAIL: "ops@example.com" })).toContain("ADMIN_PASSWORD");
    expect(refused({ ADMIN_EMAIL: "ops@example.com", ADMIN_PASSWORD: "another-password-123" })).not.toContain("ADMIN_PASSWORD");
  });

  it("accepts the password or its scrypt hash, and nothing else", () => {
    // outside production, with no ADMIN_* set: the development operator
    expect(isOperator(DEV_ADMIN_EMAIL, DEV_ADMIN_PASSWORD)).toBe(true);
    expect(isOperator(` ${DEV_ADMIN_EMAIL.toUpperCase()} `, DEV_ADMIN_PASSWORD)).toBe(true);
    expect(isOperator(DEV_ADMIN_EMAIL, `${DEV_ADMIN_PASSWORD}x`)).toBe(false);
    expect(isOperator("someone@shopsync.local", DEV_ADMIN_PASSWORD)).toBe(false);
    expect(hashAdminPassword("pw-123456789", Buffer.alloc(16, 1))).toMatch(/^scrypt\$AQEBAQEBAQEBAQEBAQEBAQ==\$[A-Za-z0-9+/=]{44}$/);
  });
});

describe("operator session", () => {
  it("round-trips, expires, and never accepts a merchant's session value", () => {
    const now = Date.parse("2026-11-30T04:00:00Z");
    const value = encodeAdminSession("ops@example.com", now, SECRET);
    expect(decodeAdminSession(value, now, SECRET)).toMatchObject({ role: "operator", email: "ops@example.com" });
    expect(decodeAdminSession(value, now + 9 * 3_600_000, SECRET)).toBeUndefined();
    expect(decodeAdminSession(value, now, `${SECRET}-other`)).toBeUndefined();
    const merchant = encodeSession({ shop: "demo.myshopify.com", iat: Math.floor(now / 1000) }, SECRET);
    expect(decodeAdminSession(merchant, now, SECRET)).toBeUndefined();
  });
});
