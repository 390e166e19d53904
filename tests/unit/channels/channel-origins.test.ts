import { describe, expect, it } from "vitest";
import { channelOrigins, parseEnv } from "@/lib/env";

/** A production environment that passes every guard of src/lib/env.ts. */
const production = {
  NODE_ENV: "production",
  DATABASE_URL: "postgresql://u:p@h/db",
  APP_URL: "https://shopsync.example.com",
  ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString("base64")}`,
  SESSION_SECRET: "x".repeat(40),
  SHOPIFY_API_SECRET: "real-secret",
  INNGEST_SIGNING_KEY: "signkey-prod-0123456789abcdef",
};

describe("channel origins", () => {
  it("are the real hosts in production and the simulators in development", () => {
    expect(channelOrigins(parseEnv(production))).toEqual({
      amazonSpApi: "https://sellingpartnerapi-na.amazon.com",
      amazonLwa: "https://api.amazon.com",
      shipStation: "https://api.shipstation.com",
    });
    expect(channelOrigins(parseEnv({}))).toEqual({
      amazonSpApi: "http://localhost:4200",
      amazonLwa: "http://localhost:4200",
      shipStation: "http://localhost:4300",
    });
  });

  it("follow the env variables when set, in one place", () => {
    const env = parseEnv({
      ...production,
      AMAZON_SP_API_ORIGIN: "https://sellingpartnerapi-eu.amazon.com/",
      AMAZON_LWA_ORIGIN: "https://api.amazon.co.uk",
      SHIPSTATION_API_ORIGIN: "http://127.0.0.1:9",
    });
    expect(channelOrigins(env)).toEqual({
      amazonSpApi: "https://sellingpartnerapi-eu.amazon.com",
      amazonLwa: "https://api.amazon.co.uk",
      shipStation: "http://127.0.0.1:9",
    });
  });

  it("refuse a value that is not a URL", () => {
    expect(() => parseEnv({ SHIPSTATION_API_ORIGIN: "api.shipstation.com" })).toThrow(/SHIPSTATION_API_ORIGIN/);
  });
});
