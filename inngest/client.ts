/**
 * The Inngest client. It reaches Inngest through the SDK's own env vars only: INNGEST_DEV /
 * INNGEST_BASE_URL in development (the local runner or `npx inngest-cli dev`), INNGEST_EVENT_KEY
 * and INNGEST_SIGNING_KEY on Inngest Cloud. Errors in functions go to Sentry when SENTRY_DSN is set
 * (the middleware is inert while Sentry is not initialised).
 */
import { sentryMiddleware } from "@inngest/middleware-sentry";
import { Inngest } from "inngest";

export const inngest = new Inngest({
  id: "shopsync",
  middleware: [sentryMiddleware()],
});
