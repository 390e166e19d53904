/**
 * The one place that reads process.env (lint enforces it). Every variable is validated with zod
 * when first used (and by the dev launcher and instrumentation at start), so a bad value fails
 * fast with one line per variable: its name, what is wrong, and an example.
 *
 * Empty strings count as unset. Development defaults let `npm run dev` run with no env at all;
 * in production the demo secrets are refused.
 */
import { z } from "zod";

/** Demo credentials shared by the app and the Shopify simulator (documented in the README). */
export const DEMO_SHOPIFY_API_KEY = "shopsync-demo-key";
export const DEMO_SHOPIFY_API_SECRET = "shopsync-demo-secret";
/** Development-only encryption key; refused when NODE_ENV=production. */
export const DEV_ENCRYPTION_KEYS = "dev1:c2hvcHN5bmMtZGV2LW9ubHkta2V5LTMyLWJ5dGVzISE=";
const DEV_SESSION_SECRET = "shopsync-dev-session-secret-change-me-in-production";
/** Development-only bearer token of GET /api/metrics; refused when NODE_ENV=production. */
export const DEV_METRICS_TOKEN = "shopsync-dev-metrics-token";
/** Development-only operator credentials of /admin; refused when NODE_ENV=production. */
export const DEV_ADMIN_EMAIL = "admin@shopsync.local";
export const DEV_ADMIN_PASSWORD = "shopsync-dev-admin";

const EXAMPLES: Record<string, string> = {
  NODE_ENV: "production",
  DATABASE_URL: "postgresql://user:pass@host:5432/shopsync",
  APP_URL: "https://shopsync.example.com",
  SHOPIFY_API_KEY: "a1b2c3d4e5f6 (Partner dashboard > App > Client credentials)",
  SHOPIFY_API_SECRET: "shpss_... (Partner dashboard > App > Client credentials)",
  SHOPIFY_SCOPES: "read_products,read_orders,read_all_orders,read_customers,read_inventory,read_locations",
  SHOPIFY_API_ORIGIN: "http://localhost:4100",
  ENCRYPTION_KEYS: "k2:<base64 of 32 random bytes>,k1:<older key> (openssl rand -base64 32)",
  SESSION_SECRET: "<at least 32 random characters> (openssl rand -base64 32)",
  SENTRY_DSN: "https://<key>@o0.ingest.sentry.io/0",
  SENTRY_ENVIRONMENT: "production",
  INNGEST_BASE_URL: "http://localhost:8288",
  INNGEST_DEV: "1",
  INNGEST_EVENT_KEY: "<Inngest Cloud event key>",
  INNGEST_SIGNING_KEY: "signkey-prod-...",
  REFRESH_CRON_TZ: "America/New_York",
  LOG_LEVEL: "info",
  SHOPIFY_REQUEST_TIMEOUT_MS: "30000",
  SHOPIFY_TOKEN_REFRESH_MARGIN_SECONDS: "300",
  METRICS_TOKEN: "<at least 24 random characters> (openssl rand -base64 32); Prometheus sends it as a bearer token",
  ADMIN_EMAIL: "ops@example.com (the operator who signs in at /admin)",
  ADMIN_PASSWORD: "<at least 12 characters> (openssl rand -base64 24), or an scrypt hash: scrypt$<salt base64>$<key base64>",
  SMTP_URL: "smtp://user:pass@smtp.example.com:587 (npm run dev: smtp://localhost:1025, its local SMTP server)",
  NOTIFY_FROM: "ShopSync <notifications@shopsync.example.com>",
  NOTIFY_DEFAULT_EMAIL: "ops@example.com,merchant@example.com",
  NOTIFY_DEFAULT_SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T000/B000/XXXX",
  NOTIFY_THROTTLE_WINDOW_SECONDS: "3600",
  WEBHOOK_LOG_RETENTION_DAYS: "7",
  DEAD_LETTER_RETENTION_DAYS: "30",
  TOMBSTONE_RETENTION_DAYS: "30",
  READINESS_CHECK_TIMEOUT_MS: "2000",
  RECONCILE_WARNING_PERCENT: "0 (a resource whose ids differ by more than this share of Shopify's count is a warning)",
  RECONCILE_CRITICAL_PERCENT: "1 (more than this share differs: critical, and the shop is notified)",
  DEAD_LETTER_NOTIFY_THRESHOLD: "10 (a shop with this many open dead letters is notified, once a day)",
  RECONCILE_HEAL_LIMIT: "1000 (missing records fetched by id per resource and pass; beyond, a full sync is the cheaper cure)",
  SYNC_STRATEGY: "auto (bulk operations for large resources, pagination for small) | paginate | bulk",
  ALLOW_LOCAL_STANDINS: "1 (only for a production build on a loopback APP_URL: tests, benchmarks)",
  AMAZON_SP_API_ORIGIN: "https://sellingpartnerapi-na.amazon.com",
  AMAZON_LWA_ORIGIN: "https://api.amazon.com",
  SHIPSTATION_API_ORIGIN: "https://api.shipstation.com",
  CHANNEL_REQUEST_TIMEOUT_MS: "30000",
  CHANNEL_CIRCUIT_THRESHOLD: "3",
  CHANNEL_REQUEST_ATTEMPTS: "5",
  CHANNEL_CIRCUIT_COOLDOWN_SECONDS: "60",
  AMAZON_FEED_THRESHOLD: "2000 (an Amazon push of this many pending SKUs or more goes as JSON_LISTINGS_FEEDs)",
  AMAZON_FEED_POLL_SECONDS: "30 (wait between getFeed polls of a submitted listings feed)",
};

const emptyAsUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const optionalUrl = z.preprocess(emptyAsUndefined, z.url().optional());

const encryptionKeys = z.string().superRefine((value, ctx) => {
  const entries = value.split(",").map((entry) => entry.trim());
  const ids = new Set<string>();
  for (const entry of entries) {
    const match = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/=_-]+)$/.exec(entry);
    if (!match) {
      ctx.addIssue({ code: "custom", message: `"${entry.slice(0, 12)}..." is not <keyId>:<base64 key>` });
      return;
    }
    const [, id, key] = match as unknown as [string, string, string];
    if (Buffer.from(key, "base64").length !== 32) {
      ctx.addIssue({ code: "custom", message: `key "${id}" must decode to 32 bytes (AES-256)` });
      return;
    }
    if (ids.has(id)) ctx.addIssue({ code: "custom", message: `key id "${id}" appears twice` });
    ids.add(id);
  }
});

const variables = z.object({
  NODE_ENV: z.preprocess(emptyAsUndefined, z.enum(["development", "test", "production"]).default("development")),
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
      .optional(),
  ),
  APP_URL: z.preprocess(emptyAsUndefined, z.url().default("http://localhost:3000")),
  SHOPIFY_API_KEY: z.preprocess(emptyAsUndefined, z.string().min(1).default(DEMO_SHOPIFY_API_KEY)),
  SHOPIFY_API_SECRET: z.preprocess(emptyAsUndefined, z.string().min(1).default(DEMO_SHOPIFY_API_SECRET)),
  SHOPIFY_SCOPES: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[a-z_]+(,[a-z_]+)*$/, "must be comma-separated scope names")
      .default("read_products,read_orders,read_all_orders,read_customers,read_inventory,read_locations"),
  ),
  SHOPIFY_API_ORIGIN: optionalUrl,
  ENCRYPTION_KEYS: z.preprocess(emptyAsUndefined, encryptionKeys.default(DEV_ENCRYPTION_KEYS)),
  SESSION_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, "must be at least 32 characters").default(DEV_SESSION_SECRET)),
  METRICS_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16, "must be at least 16 characters").default(DEV_METRICS_TOKEN)),
  /** Unset: the development operator outside production (adminCredentials()), no console in production. */
  ADMIN_EMAIL: z.preprocess(emptyAsUndefined, z.email().optional()),
  ADMIN_PASSWORD: z.preprocess(emptyAsUndefined, z.string().min(12, "must be at least 12 characters").optional()),
  SMTP_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
      .optional(),
  ),
  NOTIFY_FROM: z.preprocess(emptyAsUndefined, z.string().min(3).default("ShopSync <notifications@shopsync.local>")),
  NOTIFY_DEFAULT_EMAIL: optionalString,
  NOTIFY_DEFAULT_SLACK_WEBHOOK_URL: optionalUrl,
  READINESS_CHECK_TIMEOUT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(100).max(60_000).default(2_000)),
  NOTIFY_THROTTLE_WINDOW_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(86_400).default(3_600)),
  RECONCILE_WARNING_PERCENT: z.preprocess(emptyAsUndefined, z.coerce.number().min(0).max(100).default(0)),
  RECONCILE_CRITICAL_PERCENT: z.preprocess(emptyAsUndefined, z.coerce.number().min(0).max(100).default(1)),
  DEAD_LETTER_NOTIFY_THRESHOLD: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(1_000_000).default(10)),
  RECONCILE_HEAL_LIMIT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(100_000).default(1_000)),
  /** Handled webhook deliveries (WebhookLog) are deleted this many days after they arrived (prune-history). */
  WEBHOOK_LOG_RETENTION_DAYS: z.preprocess(emptyAsUndefined, z.coerce.number().min(0.01).max(3_650).default(7)),
  /** Resolved dead letters are deleted this many days after they were resolved; open ones never are. */
  DEAD_LETTER_RETENTION_DAYS: z.preprocess(emptyAsUndefined, z.coerce.number().min(0.01).max(3_650).default(30)),
  /** A tombstone is kept at least this many days, and while anything could still bring its record back (docs/webhooks.md). */
  TOMBSTONE_RETENTION_DAYS: z.preprocess(emptyAsUndefined, z.coerce.number().min(1).max(3_650).default(30)),
  SENTRY_DSN: optionalUrl,
  SENTRY_ENVIRONMENT: optionalString,
  INNGEST_BASE_URL: optionalUrl,
  INNGEST_DEV: optionalString,
  INNGEST_EVENT_KEY: optionalString,
  INNGEST_SIGNING_KEY: optionalString,
  REFRESH_CRON_TZ: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat("en", { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, "must be an IANA time zone")
      .default("UTC"),
  ),
  LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(["debug", "info", "warn", "error"]).default("info")),
  SYNC_STRATEGY: z.preprocess(emptyAsUndefined, z.enum(["auto", "paginate", "bulk"]).default("auto")),
  SHOPIFY_REQUEST_TIMEOUT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(100).max(120_000).default(30_000)),
  SHOPIFY_TOKEN_REFRESH_MARGIN_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(3_000).default(300)),
  /**
   * A production build (`next start`) run against the offline stand-ins by the tests and benchmarks:
   * lifts the guards that keep development wiring out of a deployment. Honoured only when APP_URL is
   * a loopback address, so a leaked flag cannot open a public deployment.
   */
  ALLOW_LOCAL_STANDINS: z.preprocess(emptyAsUndefined, z.enum(["1"]).optional()),
  /** Channel origins: unset means the real host in production and the local simulator otherwise (channelOrigins()). */
  AMAZON_SP_API_ORIGIN: optionalUrl,
  AMAZON_LWA_ORIGIN: optionalUrl,
  SHIPSTATION_API_ORIGIN: optionalUrl,
  /** Marketplace origins (Shopee Open Platform; TikTok Shop's API and authorization hosts), as above. */
  SHOPEE_API_ORIGIN: optionalUrl,
  TIKTOK_API_ORIGIN: optionalUrl,
  TIKTOK_AUTH_ORIGIN: optionalUrl,
  /** The app's marketplace credentials (Shopee partner, TikTok Shop app); development defaults are the simulators' demo apps. */
  SHOPEE_PARTNER_ID: z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().optional()),
  SHOPEE_PARTNER_KEY: optionalString,
  TIKTOK_APP_KEY: optionalString,
  TIKTOK_APP_SECRET: optionalString,
  /**
   * The platform category a listing without its own is published in (a listing's category is set on
   * its product page). Unset in production: such a listing is not sent, and says why. Development
   * defaults are the simulators' demo categories.
   */
  SHOPEE_DEFAULT_CATEGORY_ID: z.preprocess(emptyAsUndefined, z.string().regex(/^\d+$/, "must be a Shopee category id (digits)").optional()),
  TIKTOK_DEFAULT_CATEGORY_ID: z.preprocess(
    emptyAsUndefined,
    z.string().regex(/^\d+$/, "must be a TikTok Shop category id (digits)").optional(),
  ),
  CHANNEL_REQUEST_TIMEOUT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(100).max(120_000).default(30_000)),
  /** Attempts per channel request (429, 5xx and timeouts are retried with backoff) before a batch counts as failed. */
  CHANNEL_REQUEST_ATTEMPTS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(20).default(5)),
  /** Consecutive failed push attempts that open a channel's circuit. */
  CHANNEL_CIRCUIT_THRESHOLD: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(100).default(3)),
  /** How long an open circuit waits before a half-open probe push. */
  CHANNEL_CIRCUIT_COOLDOWN_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(86_400).default(60)),
  /**
   * Pending SKUs from which an Amazon push goes as JSON_LISTINGS_FEEDs instead of one
   * patchListingsItem each (5/s): 2,000 patches take about 400 s, about what Amazon needs to
   * process a feed, so above it the feed is the faster path and spends a handful of requests.
   */
  AMAZON_FEED_THRESHOLD: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(1_000_000).default(2000)),
  /** Wait between polls of a submitted feed (getFeed allows 2/s; Amazon takes minutes). */
  AMAZON_FEED_POLL_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(3600).default(30)),
});

/** The key bytes of every ENCRYPTION_KEYS entry (the format was validated before this runs). */
const keyBytes = (keys: string): Buffer[] =>
  keys.split(",").map((entry) => Buffer.from(entry.trim().slice(entry.trim().indexOf(":") + 1), "base64"));

const DEV_KEY_BYTES = keyBytes(DEV_ENCRYPTION_KEYS)[0]!;

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
const isLoopbackUrl = (url: string) => LOOPBACK_HOSTS.has(new URL(url).hostname);

/** The hosts a channel origin may name in production: the platform's documented endpoints. */
const PRODUCTION_CHANNEL_HOSTS = {
  // SP-API regions (North America, Europe, Far East) and their sandboxes.
  AMAZON_SP_API_ORIGIN: ["na", "eu", "fe"].flatMap((region) => [
    `https://sellingpartnerapi-${region}.amazon.com`,
    `https://sandbox.sellingpartnerapi-${region}.amazon.com`,
  ]),
  // Login with Amazon's token endpoints.
  AMAZON_LWA_ORIGIN: ["https://api.amazon.com", "https://api.amazon.co.uk", "https://api.amazon.co.jp"],
  SHIPSTATION_API_ORIGIN: ["https://api.shipstation.com"],
  // Shopee Open Platform: live, and the test environments seen in partners' code (unverified list).
  SHOPEE_API_ORIGIN: [
    "https://partner.shopeemobile.com",
    "https://partner.test-stable.shopeemobile.com",
    "https://partner.uat.shopeemobile.com",
  ],
  // TikTok Shop's Open API (live, sandbox) and its authorization host.
  TIKTOK_API_ORIGIN: ["https://open-api.tiktokglobalshop.com", "https://open-api-sandbox.tiktokglobalshop.com"],
  TIKTOK_AUTH_ORIGIN: ["https://auth.tiktok-shops.com"],
} as const;

const schema = variables.superRefine((env, ctx) => {
  if (env.NODE_ENV !== "production") return;
  const refuse = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
  if (!env.DATABASE_URL) refuse("DATABASE_URL", "is required in production");
  // Compared by key bytes: the development key is as public under any id, or as an older key.
  if (keyBytes(env.ENCRYPTION_KEYS).some((key) => key.equals(DEV_KEY_BYTES)))
    refuse("ENCRYPTION_KEYS", "holds the development key; set your own in production");
  if (env.SESSION_SECRET === DEV_SESSION_SECRET) refuse("SESSION_SECRET", "is the development secret; set your own in production");
  if (env.METRICS_TOKEN === DEV_METRICS_TOKEN) refuse("METRICS_TOKEN", "is the development token; set your own in production");
  if (env.ADMIN_EMAIL === DEV_ADMIN_EMAIL) refuse("ADMIN_EMAIL", "is the development operator; set your own in production");
  if (env.ADMIN_PASSWORD === DEV_ADMIN_PASSWORD) refuse("ADMIN_PASSWORD", "is the development password; set your own in production");
  if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD))
    refuse(env.ADMIN_EMAIL ? "ADMIN_PASSWORD" : "ADMIN_EMAIL", "is needed with the other: the operator console signs in with both");
  if (env.SHOPIFY_API_SECRET === DEMO_SHOPIFY_API_SECRET)
    refuse("SHOPIFY_API_SECRET", "is the demo secret; set your app's secret in production");

  const local = env.ALLOW_LOCAL_STANDINS === "1";
  if (local) {
    if (!isLoopbackUrl(env.APP_URL)) refuse("ALLOW_LOCAL_STANDINS", "is only honoured with a loopback APP_URL (localhost, 127.0.0.1)");
    return;
  }
  // Development wiring that must never reach a deployment: INNGEST_DEV switches off the signature
  // check of /api/inngest (anyone could run functions), SHOPIFY_API_ORIGIN would send the client
  // secret and shop tokens to another host, and an http APP_URL sends the session cookie in clear.
  if (env.INNGEST_DEV) refuse("INNGEST_DEV", "switches off Inngest's request signing; unset it in production");
  if (!env.INNGEST_SIGNING_KEY) refuse("INNGEST_SIGNING_KEY", "is required in production (Inngest dashboard > Manage > Signing key)");
  if (env.SHOPIFY_API_ORIGIN)
    refuse("SHOPIFY_API_ORIGIN", "redirects Shopify calls (and their secrets) to another host; unset it in production");
  // Likewise the channel origins (Amazon's refresh token and client secret, ShipStation's API key,
  // the marketplaces' partner keys and shop tokens):
  // in production only the platforms' own hosts, such as Amazon's regional endpoints.
  for (const [name, hosts] of Object.entries(PRODUCTION_CHANNEL_HOSTS) as [keyof typeof PRODUCTION_CHANNEL_HOSTS, readonly string[]][]) {
    const origin = env[name];
    if (origin && !hosts.includes(origin.replace(/\/+$/, "")))
      refuse(
        name,
        `redirects channel calls (and the channel's credentials) to another host; in production use one of ${hosts.join(", ")} or unset it`,
      );
  }
  if (new URL(env.APP_URL).protocol !== "https:") refuse("APP_URL", "must be an https:// URL in production");
});

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  constructor(readonly lines: string[]) {
    super(`Invalid environment:\n${lines.join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses an environment; throws EnvError with one line per bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "environment");
    const example = EXAMPLES[name];
    return `${name}: ${issue.message}${example ? ` (example: ${name}=${example})` : ""}`;
  });
  throw new EnvError([...new Set(lines)]);
}

let cached: Env | undefined;

/** The validated process environment (parsed once). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For the rare caller that must see a new environment (tests). */
export function resetEnvCache(): void {
  cached = undefined;
}

/**
 * One variable, validated on its own: for values needed when modules load (cron schedules), where
 * the rest of the environment (secrets) may legitimately be absent, as during `next build`.
 */
export function envVar<K extends keyof Env>(name: K): Env[K] {
  const result = variables.shape[name].safeParse(process.env[name]);
  if (result.success) return result.data as Env[K];
  throw new EnvError([
    `${name}: ${result.error.issues[0]?.message ?? "invalid"}${EXAMPLES[name] ? ` (example: ${name}=${EXAMPLES[name]})` : ""}`,
  ]);
}

/** Where each channel platform is reached; the one place channel origins are decided. */
export interface ChannelOrigins {
  amazonSpApi: string;
  amazonLwa: string;
  shipStation: string;
  shopee: string;
  tiktok: string;
  tiktokAuth: string;
}

/** Real hosts in production, the simulators of `npm run dev` (dev/amazon-sim, dev/shipstation-sim) otherwise. */
export function channelOrigins(source: Env = env()): ChannelOrigins {
  const production = source.NODE_ENV === "production";
  const origin = (value: string | undefined, real: string, simulator: string) =>
    (value ?? (production ? real : simulator)).replace(/\/+$/, "");
  return {
    amazonSpApi: origin(source.AMAZON_SP_API_ORIGIN, "https://sellingpartnerapi-na.amazon.com", "http://localhost:4200"),
    amazonLwa: origin(source.AMAZON_LWA_ORIGIN, "https://api.amazon.com", "http://localhost:4200"),
    shipStation: origin(source.SHIPSTATION_API_ORIGIN, "https://api.shipstation.com", "http://localhost:4300"),
    shopee: origin(source.SHOPEE_API_ORIGIN, "https://partner.shopeemobile.com", "http://localhost:4500"),
    tiktok: origin(source.TIKTOK_API_ORIGIN, "https://open-api.tiktokglobalshop.com", "http://localhost:4600"),
    tiktokAuth: origin(source.TIKTOK_AUTH_ORIGIN, "https://auth.tiktok-shops.com", "http://localhost:4600"),
  };
}

/** The app's marketplace credentials, or undefined when that marketplace is not configured (production without them). */
export interface MarketplaceApps {
  shopee?: { partnerId: number; partnerKey: string };
  tiktok?: { appKey: string; appSecret: string };
}

/** Development and tests fall back to the simulators' demo apps (dev/shopee-sim, dev/tiktok-sim). */
export function marketplaceApps(source: Env = env()): MarketplaceApps {
  const production = source.NODE_ENV === "production";
  const partnerId = source.SHOPEE_PARTNER_ID ?? (production ? undefined : 2001234);
  const partnerKey = source.SHOPEE_PARTNER_KEY ?? (production ? undefined : "shopee-demo-partner-key");
  const appKey = source.TIKTOK_APP_KEY ?? (production ? undefined : "6demoappkey");
  const appSecret = source.TIKTOK_APP_SECRET ?? (production ? undefined : "tiktok-demo-app-secret");
  return {
    shopee: partnerId && partnerKey ? { partnerId, partnerKey } : undefined,
    tiktok: appKey && appSecret ? { appKey, appSecret } : undefined,
  };
}

/** Each marketplace's default listing category: the env's, or outside production the simulators' demo categories. */
export function defaultListingCategories(source: Env = env()): { shopee: string | undefined; tiktok: string | undefined } {
  const production = source.NODE_ENV === "production";
  return {
    shopee: source.SHOPEE_DEFAULT_CATEGORY_ID ?? (production ? undefined : "100001"),
    tiktok: source.TIKTOK_DEFAULT_CATEGORY_ID ?? (production ? undefined : "600001"),
  };
}

export function requireDatabaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url)
    throw new EnvError([
      "DATABASE_URL: is not set (npm run dev sets it to the embedded database; example: DATABASE_URL=" + EXAMPLES.DATABASE_URL + ")",
    ]);
  return url;
}

/**
 * The operator of /admin: ADMIN_EMAIL / ADMIN_PASSWORD, or outside production the development
 * operator (admin@shopsync.local / shopsync-dev-admin). Production without them has no console.
 */
export function adminCredentials(source: Env = env()): { email: string; password: string } | undefined {
  if (source.ADMIN_EMAIL && source.ADMIN_PASSWORD) return { email: source.ADMIN_EMAIL, password: source.ADMIN_PASSWORD };
  if (source.NODE_ENV === "production") return undefined;
  return { email: DEV_ADMIN_EMAIL, password: DEV_ADMIN_PASSWORD };
}
