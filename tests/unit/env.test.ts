import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { channelOrigins, DEMO_SHOPIFY_API_KEY, DEV_ENCRYPTION_KEYS, EnvError, parseEnv } from "@/lib/env";

const linesOf = (source: Record<string, string>): string[] => {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.lines;
    throw error;
  }
  throw new Error("expected parseEnv to fail");
};

/** A production environment that passes every guard. */
const PRODUCTION = {
  NODE_ENV: "production",
  DATABASE_URL: "postgresql://u:p@db:5432/shopsync",
  APP_URL: "https://shopsync.example.com",
  ENCRYPTION_KEYS: `prod1:${randomBytes(32).toString("base64")}`,
  SESSION_SECRET: randomBytes(32).toString("hex"),
  SHOPIFY_API_SECRET: "shpss_real",
  INNGEST_SIGNING_KEY: "signkey-prod-0123456789abcdef",
  METRICS_TOKEN: randomBytes(24).toString("base64"),
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
      "APP_URL",
      "DATABASE_URL",
      "ENCRYPTION_KEYS",
      "INNGEST_SIGNING_KEY",
      "METRICS_TOKEN",
      "SESSION_SECRET",
      "SHOPIFY_API_SECRET",
    ]);
    const ok = parseEnv(PRODUCTION);
    expect(ok.NODE_ENV).toBe("production");
  });

  it("refuses the development encryption key in production under any key id, first or older", () => {
    const devKey = DEV_ENCRYPTION_KEYS.split(":")[1]!;
    const other = randomBytes(32).toString("base64");
    for (const keys of [`prod:${devKey}`, `k2:${other},k1:${devKey}`, `x:${Buffer.from(devKey, "base64").toString("base64url")}`]) {
      expect(linesOf({ ...PRODUCTION, ENCRYPTION_KEYS: keys }).map((line) => line.split(":")[0])).toEqual(["ENCRYPTION_KEYS"]);
    }
  });

  it("refuses development wiring in production: INNGEST_DEV, SHOPIFY_API_ORIGIN, an http APP_URL, no signing key", () => {
    const names = (extra: Record<string, string>) => linesOf({ ...PRODUCTION, ...extra }).map((line) => line.split(":")[0]);
    expect(names({ INNGEST_DEV: "1" })).toEqual(["INNGEST_DEV"]);
    expect(names({ SHOPIFY_API_ORIGIN: "http://localhost:4100" })).toEqual(["SHOPIFY_API_ORIGIN"]);
    expect(names({ APP_URL: "http://shopsync.example.com" })).toEqual(["APP_URL"]);
    expect(names({ INNGEST_SIGNING_KEY: "" })).toEqual(["INNGEST_SIGNING_KEY"]);
    // The same values are fine in development.
    expect(parseEnv({ INNGEST_DEV: "1", SHOPIFY_API_ORIGIN: "http://localhost:4100" }).INNGEST_DEV).toBe("1");
  });

  it("refuses channel origins in production: they would send channel credentials and tokens to another host", () => {
    const names = (extra: Record<string, string>) => linesOf({ ...PRODUCTION, ...extra }).map((line) => line.split(":")[0]);
    expect(names({ AMAZON_SP_API_ORIGIN: "http://localhost:4200" })).toEqual(["AMAZON_SP_API_ORIGIN"]);
    expect(names({ AMAZON_LWA_ORIGIN: "http://localhost:4200" })).toEqual(["AMAZON_LWA_ORIGIN"]);
    expect(names({ SHIPSTATION_API_ORIGIN: "https://api.shipstation.example" })).toEqual(["SHIPSTATION_API_ORIGIN"]);
    expect(names({ AMAZON_SP_API_ORIGIN: "https://sellingpartnerapi-eu.amazon.com.evil.example" })).toEqual(["AMAZON_SP_API_ORIGIN"]);
    expect(names({ SHOPEE_API_ORIGIN: "http://localhost:4500" })).toEqual(["SHOPEE_API_ORIGIN"]);
    expect(names({ TIKTOK_API_ORIGIN: "http://localhost:4600" })).toEqual(["TIKTOK_API_ORIGIN"]);
    expect(names({ TIKTOK_AUTH_ORIGIN: "https://auth.tiktok-shops.com.evil.example" })).toEqual(["TIKTOK_AUTH_ORIGIN"]);
    // The marketplaces' own hosts (live and their test environments) are fine.
    for (const fine of [
      { SHOPEE_API_ORIGIN: "https://partner.shopeemobile.com" },
      { SHOPEE_API_ORIGIN: "https://partner.test-stable.shopeemobile.com/" },
      { TIKTOK_API_ORIGIN: "https://open-api-sandbox.tiktokglobalshop.com", TIKTOK_AUTH_ORIGIN: "https://auth.tiktok-shops.com" },
    ])
      expect(() => parseEnv({ ...PRODUCTION, ...fine })).not.toThrow();
    // The platforms' own hosts are fine: an EU seller's SP-API region, Amazon's UK token endpoint.
    const eu = parseEnv({
      ...PRODUCTION,
      AMAZON_SP_API_ORIGIN: "https://sellingpartnerapi-eu.amazon.com/",
      AMAZON_LWA_ORIGIN: "https://api.amazon.co.uk",
    });
    expect(channelOrigins(eu)).toMatchObject({
      amazonSpApi: "https://sellingpartnerapi-eu.amazon.com",
      amazonLwa: "https://api.amazon.co.uk",
    });
    // Unset, production reaches the real hosts; in development and on loopback stand-ins the origins are allowed.
    expect(channelOrigins(parseEnv(PRODUCTION)).amazonSpApi).toBe("https://sellingpartnerapi-na.amazon.com");
    expect(parseEnv({ AMAZON_SP_API_ORIGIN: "http://localhost:4200" }).AMAZON_SP_API_ORIGIN).toBe("http://localhost:4200");
    const local = { ...PRODUCTION, ALLOW_LOCAL_STANDINS: "1", INNGEST_DEV: "http://127.0.0.1:8288", APP_URL: "http://127.0.0.1:3000" };
    expect(parseEnv({ ...local, SHIPSTATION_API_ORIGIN: "http://127.0.0.1:4300" }).SHIPSTATION_API_ORIGIN).toBe("http://127.0.0.1:4300");
  });

  it("lets a production build use the local stand-ins only on a loopback APP_URL (tests, benchmarks)", () => {
    const local = { ...PRODUCTION, ALLOW_LOCAL_STANDINS: "1", INNGEST_DEV: "http://127.0.0.1:8288", INNGEST_SIGNING_KEY: "" };
    expect(parseEnv({ ...local, SHOPIFY_API_ORIGIN: "http://127.0.0.1:4100", APP_URL: "http://127.0.0.1:3000" }).INNGEST_DEV).toBe(
      "http://127.0.0.1:8288",
    );
    expect(linesOf({ ...local, APP_URL: "https://shopsync.example.com" }).map((line) => line.split(":")[0])).toEqual([
      "ALLOW_LOCAL_STANDINS",
    ]);
    // The flag never lets the development key through.
    expect(
      linesOf({ ...local, APP_URL: "http://localhost:3000", ENCRYPTION_KEYS: DEV_ENCRYPTION_KEYS }).map((line) => line.split(":")[0]),
    ).toEqual(["ENCRYPTION_KEYS"]);
  });
});
