import * as Sentry from "@sentry/nextjs";

// The browser bundle only sees NEXT_PUBLIC_* variables; without a DSN nothing is initialised.
const dsn = process.env.NEXT_PUBLIC_SENTRY_DSN;
if (dsn) Sentry.init({ dsn, tracesSampleRate: 0 });

export const onRouterTransitionStart = Sentry.captureRouterTransitionStart;
