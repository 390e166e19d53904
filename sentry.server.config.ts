import * as Sentry from "@sentry/nextjs";
import { env } from "@/lib/env";

const { SENTRY_DSN, SENTRY_ENVIRONMENT, NODE_ENV } = env();

// Without a DSN Sentry stays uninitialised: nothing is captured or sent.
if (SENTRY_DSN) {
  Sentry.init({ dsn: SENTRY_DSN, environment: SENTRY_ENVIRONMENT ?? NODE_ENV, tracesSampleRate: 0 });
}
