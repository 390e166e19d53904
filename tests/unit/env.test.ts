import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEMO_SHOPIFY_API_KEY, DEV_ENCRYPTION_KEYS, EnvError, parseEnv } from "@/lib/env";

const linesOf = (source: Record<string, string>): string[] => {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.lines;
    throw error;
  }
  throw new Error("expected parseEnv to fail");
};

describe("env", () => {
  it("runs with no variables at all on development defaults", () => {
    const env = parseEnv({});
    expect(env.NODE_ENV).toBe("development");
    expect(env.SHOPIFY_API_KEY).toBe(DEMO_SHOPIFY_API_KEY);
    expect(env.ENCRYPTION_KEYS).toBe(DEV_ENCRYPTION_KEYS);
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ SHOPIFY_API_ORIGIN: "", ENCRYPTION_KEYS: " " }).ENCRYPTION_KEYS).toBe(DEV_ENCRYPTION_KEYS);
  });

  it("names a malformed ENCRYPTION_KEYS in one line with an example", () => {
    const lines = linesOf({ ENCRYPTION_KEYS: "not-a-key" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ENCRYPTION_KEYS: .*keyId.*example: ENCRYPTION_KEYS=/);
  });

  it("rejects a key of the wrong length and duplicate key ids", () => {
    expect(linesOf({ ENCRYPTION_KEYS: `k1:${randomBytes(8).toString("base64")}` })[0]).toMatch(/32 bytes/);
    const k = randomBytes(32).toString("base64");
    expect(linesOf({ ENCRYPTION_KEYS: `k1:${k},k1:${k}` })[0]).toMatch(/appears twice/);
  });

  it("reports every bad variable, one line each", () => {
    const lines = linesOf({ DATABASE_URL: "mysql://x", APP_URL: "not a url", LOG_LEVEL: "loud", REFRESH_CRON_TZ: "Mars/Base" });
    expect(lines.map((line) => line.split(":")[0]).sort()).toEqual(["APP_URL", "DATABASE_URL", "LOG_LEVEL", "REFRESH_CRON_TZ"]);
  });

  it("refuses development secrets in production", () => {
    const lines = linesOf({ NODE_ENV: "production" });
    expect(lines.map((line) => line.split(":")[0]).sort()).toEqual([
      "DATABASE_URL",
      "ENCRYPTION_KEYS",
      "SESSION_SECRET",
      "SHOPIFY_API_SECRET",
    ]);
    const ok = parseEnv({
      NODE_ENV: "production",
      DATABASE_URL: "postgresql://u:p@db:5432/shopsync",
      ENCRYPTION_KEYS: `prod1:${randomBytes(32).toString("base64")}`,
      SESSION_SECRET: randomBytes(32).toString("hex"),
      SHOPIFY_API_SECRET: "shpss_real",
    });
    expect(ok.NODE_ENV).toBe("production");
  });
});
