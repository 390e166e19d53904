/**
 * The Inngest client. It reaches Inngest through the SDK's own env vars only: INNGEST_DEV /
 * INNGEST_BASE_URL in development (the local runner or `npx inngest-cli dev`), INNGEST_EVENT_KEY
 * and INNGEST_SIGNING_KEY on Inngest Cloud. Errors in functions go to Sentry when SENTRY_DSN is set
 * (the middleware is inert while Sentry is not initialised), tagged with the shop and, for syncs,
 * the sync kind and run (sentry-tags.ts).
 *
 * Logging: the client is given the app's pino logger, so `ctx.logger` in functions (a child with
 * the Inngest run id, silent while memoized steps replay) and `log` in src/lib write the same
 * lines; LogContextMiddleware adds shop, sync run and step to both.
 */
import { sentryMiddleware } from "@inngest/middleware-sentry";
import { Inngest } from "inngest";
import { log } from "../src/lib/log";
import { LogContextMiddleware } from "./log-context";
import { SentryTagsMiddleware } from "./sentry-tags";

export const inngest = new Inngest({
  id: "shopsync",
  logger: log,
  // SentryTagsMiddleware after sentryMiddleware: it tags the isolation scope that one opens per request.
  middleware: [LogContextMiddleware, sentryMiddleware(), SentryTagsMiddleware],
});
