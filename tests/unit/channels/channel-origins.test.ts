import { describe, expect, it } from "vitest";
import { channelOrigins, marketplaceApps, parseEnv } from "@/lib/env";

/** A production environment that passes every guard of src/lib/env.ts. */
const production = {
  NODE_ENV: "production",
  DATABASE_URL: "postgresql://u:p@h/db",
  APP_URL: "https://shopsync.example.com",
  ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString("base64")}`,
  SESSION_SECRET: "x".repeat(40),
  SHOPIFY_API_SECRET: "real-secret",
  INNGEST_SIGNING_KEY: "signkey-prod-0123456789abcdef",
  METRICS_TOKEN: "metrics-token-for-production-0123456789",
};

describe("channel origins", () => {
  it("are the real hosts in production and the simulators in development", () => {
    expect(channelOrigins(parseEnv(production))).toEqual({
      amazonSpApi: "https://sellingpartnerapi-na.amazon.com",
      amazonLwa: "https://api.amazon.com",
      shipStation: "https://api.shipstation.com",
      shopee: "https://partner.shopeemobile.com",
      tiktok: "https://open-api.tiktokglobalshop.com",
      tiktokAuth: "https://auth.tiktok-shops.com",
    });
    expect(channelOrigins(parseEnv({}))).toEqual({
      amazonSpApi: "http://localhost:4200",
      amazonLwa: "http://localhost:4200",
      shipStation: "http://localhost:4300",
      shopee: "http://localhost:4500",
      tiktok: "http://localhost:4600",
      tiktokAuth: "http://localhost:4600",
    });
  });

  it("follow the env variables when set, in one place", () => {
    // Loopback origins in a production build need the local stand-ins switch (tests, benchmarks).
    const env = parseEnv({
      ...production,
      ALLOW_LOCAL_STANDINS: "1",
      APP_URL: "http://127.0.0.1:3000",
      INNGEST_DEV: "http://127.0.0.1:8288",
      AMAZON_SP_API_ORIGIN: "https://sellingpartnerapi-eu.amazon.com/",
      AMAZON_LWA_ORIGIN: "https://api.amazon.co.uk",
      SHIPSTATION_API_ORIGIN: "http://127.0.0.1:9",
      SHOPEE_API_ORIGIN: "https://partner.test-stable.shopeemobile.com/",
      TIKTOK_API_ORIGIN: "http://127.0.0.1:10",
      TIKTOK_AUTH_ORIGIN: "http://127.0.0.1:11",
    });
    expect(channelOrigins(env)).toEqual({
      amazonSpApi: "https://sellingpartnerapi-eu.amazon.com",
      amazonLwa: "https://api.amazon.co.uk",
      shipStation: "http://127.0.0.1:9",
      shopee: "https://partner.test-stable.shopeemobile.com",
      tiktok: "http://127.0.0.1:10",
      tiktokAuth: "http://127.0.0.1:11",
    });
  });

  it("marketplace app credentials: the simulators' demo apps in development, off in production until set", () => {
    expect(marketplaceApps(parseEnv({}))).toEqual({
      shopee: { partnerId: 2001234, partnerKey: "shopee-demo-partner-key" },
      tiktok: { appKey: "6demoappkey", appSecret: "tiktok-demo-app-secret" },
    });
    expect(marketplaceApps(parseEnv(production))).toEqual({ shopee: undefined, tiktok: undefined });
    expect(marketplaceApps(parseEnv({ ...production, SHOPEE_PARTNER_ID: "42", SHOPEE_PARTNER_KEY: "k" })).shopee).toEqual({
      partnerId: 42,
      partnerKey: "k",
    });
  });

  it("refuse a value that is not a URL", () => {
    expect(() => parseEnv({ SHIPSTATION_API_ORIGIN: "api.shipstation.com" })).toThrow(/SHIPSTATION_API_ORIGIN/);
  });
});
