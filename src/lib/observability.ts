/**
 * Error reporting. Sentry is initialised only when SENTRY_DSN is set (sentry.*.config.ts); these
 * calls are no-ops otherwise. The shop is a tag on the request's isolation scope, so every event
 * captured while serving that request says which merchant it concerns.
 */
import * as Sentry from "@sentry/nextjs";
import { env } from "@/lib/env";

/**
 * Starts Sentry when SENTRY_DSN is set (without one, nothing is captured or sent). Called once per
 * server process: by Next's instrumentation (sentry.server.config.ts) and by the lean worker
 * (inngest/node-server.ts), whose function errors would otherwise never reach Sentry.
 */
export function initErrorReporting(): void {
  const { SENTRY_DSN, SENTRY_ENVIRONMENT, NODE_ENV } = env();
  if (SENTRY_DSN) Sentry.init({ dsn: SENTRY_DSN, environment: SENTRY_ENVIRONMENT ?? NODE_ENV, tracesSampleRate: 0 });
}

export function tagShop(shopDomain: string): void {
  Sentry.setTag("shop", shopDomain);
}

/**
 * Tags of an Inngest function run (inngest/sentry-tags.ts): the shop, and for syncs the kind
 * (full, incremental) and the sync run. Only the values present are set.
 */
export function tagFunctionRun(tags: { shop?: string; syncKind?: string; syncRun?: string }): void {
  if (tags.shop) Sentry.setTag("shop", tags.shop);
  if (tags.syncKind) Sentry.setTag("sync_kind", tags.syncKind.toLowerCase());
  if (tags.syncRun) Sentry.setTag("sync_run", tags.syncRun);
}

export function reportError(error: unknown): void {
  Sentry.captureException(error);
}

/** Route handlers may return before Sentry's transport has sent; flush so nothing is lost. */
export async function flushReports(timeoutMs = 2_000): Promise<void> {
  await Sentry.flush(timeoutMs);
}
