/**
 * The one logger of app code: pino, JSON lines on stdout, level from LOG_LEVEL. The Inngest client
 * is given this same instance (inngest/client.ts), so `ctx.logger` in functions and `log` in
 * src/lib write the same lines.
 *
 * Context: every line carries the fields of the surrounding `withLogContext` scope (shop, sync run,
 * Inngest run, step; set once per function run and step by inngest/log-context.ts), so src/lib code
 * logs a decision without threading a logger through every call.
 *
 * Secrets never reach the output, by two independent layers:
 * - key redaction: fields named like a token or secret (accessToken, refresh_token, apiSecret,
 *   authorization, ...) are replaced wherever pino's paths reach;
 * - value scrubbing: each finished line is scanned for Shopify token shapes (shpat_, shprt_, shpss_,
 *   ...) and for the configured secrets' values (SHOPIFY_API_SECRET, SESSION_SECRET, the
 *   ENCRYPTION_KEYS keys, Inngest keys, the database password), which catches a secret inside an
 *   error message or a URL that no key name gives away.
 */
import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type Logger } from "pino";
import { env, envVar } from "./env";

export type { Logger } from "pino";

/** Fields every line of a scope carries. */
export interface LogContext {
  shop?: string;
  /** The sync run (SyncRun.id). */
  syncRun?: string;
  /** The Inngest run. */
  run?: string;
  /** The Inngest function. */
  fn?: string;
  /** The Inngest step. */
  step?: string;
  /** The sync stage (resource) being worked on. */
  stage?: string;
}

const REDACTED = "[Redacted]";

const SECRET_KEYS = [
  "accessToken",
  "access_token",
  "refreshToken",
  "refresh_token",
  "token",
  "apiSecret",
  "apiSecretKey",
  "secret",
  "password",
  "authorization",
  "cookie",
  "sessionSecret",
  "encryptionKeys",
  "signingKey",
  "eventKey",
  '"x-shopify-access-token"',
];

/** pino's paths match exact depths: the keys at the top, one and two levels down. */
const REDACT_PATHS = SECRET_KEYS.flatMap((key) => {
  const segment = key.startsWith('"') ? `[${key}]` : `.${key}`;
  const top = key.startsWith('"') ? `[${key}]` : key;
  return [top, `*${segment}`, `*.*${segment}`];
});

/** Shopify's token and secret prefixes: access (shpat, shpca, shppa, shpua), refresh (shprt), app secret (shpss). */
const SHOPIFY_TOKEN = /\bshp(?:at|ca|pa|ua|rt|ss)_[A-Za-z0-9]+/g;

const logContext = new AsyncLocalStorage<LogContext>();

/** Runs `work` with `fields` added to every line logged inside it (nested scopes merge). */
export function withLogContext<T>(fields: LogContext, work: () => T): T {
  const merged = { ...logContext.getStore(), ...definedOnly(fields) };
  return logContext.run(merged, work);
}

function definedOnly(fields: LogContext): LogContext {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== ""));
}

let secretValues: string[] | undefined;

/**
 * The configured secrets, read once. Before the environment is complete (next build) there are
 * none to know yet; the token patterns still apply.
 */
function configuredSecrets(): string[] {
  if (secretValues) return secretValues;
  try {
    const config = env();
    const databasePassword = config.DATABASE_URL ? decodeURIComponent(new URL(config.DATABASE_URL).password) : "";
    const encryptionKeys = config.ENCRYPTION_KEYS.split(",").map((entry) => entry.trim().split(":")[1] ?? "");
    secretValues = [
      config.SHOPIFY_API_SECRET,
      config.SESSION_SECRET,
      ...encryptionKeys,
      config.INNGEST_SIGNING_KEY ?? "",
      config.INNGEST_EVENT_KEY ?? "",
      databasePassword,
    ]
      // A very short value would blank out ordinary words; real secrets are long.
      .filter((value) => value.length >= 8)
      .sort((a, b) => b.length - a.length);
  } catch {
    return [];
  }
  return secretValues;
}

/** Removes token-shaped strings and configured secret values from a finished line. */
export function scrubSecrets(line: string, secrets: readonly string[] = configuredSecrets()): string {
  let clean = line.replace(SHOPIFY_TOKEN, REDACTED);
  for (const secret of secrets) {
    if (clean.includes(secret)) clean = clean.split(secret).join(REDACTED);
  }
  return clean;
}

export interface LogDestination {
  write(line: string): void;
}

export interface CreateLoggerOptions {
  level?: string;
  /** Where finished lines go (default stdout). Every line is scrubbed before it gets there. */
  destination?: LogDestination;
  /** Secret values to scrub (default: the configured ones). */
  secrets?: readonly string[];
  /** Fixed fields on every line (a process name, for the dev stand-ins). */
  base?: Record<string, unknown>;
}

export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const destination = options.destination ?? process.stdout;
  return pino(
    {
      level: options.level ?? envVar("LOG_LEVEL"),
      base: options.base ?? null,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      mixin: () => logContext.getStore() ?? {},
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    { write: (line: string) => destination.write(scrubSecrets(line, options.secrets)) },
  );
}

/** The app's logger. */
export const log: Logger = createLogger();
