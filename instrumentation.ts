import * as Sentry from "@sentry/nextjs";

export async function register() {
  // Validate the environment at boot: a bad variable stops the server with one line per problem.
  const { env } = await import("@/lib/env");
  env();
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./sentry.server.config");
  if (process.env.NEXT_RUNTIME === "edge") await import("./sentry.edge.config");
}

export const onRequestError = Sentry.captureRequestError;
