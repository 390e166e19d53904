import { initErrorReporting } from "@/lib/observability";

// Without a DSN Sentry stays uninitialised: nothing is captured or sent.
initErrorReporting();
