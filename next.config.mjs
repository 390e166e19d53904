import { withSentryConfig } from "@sentry/nextjs/config";

/** @type {import("next").NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Runner, simulator and embedded database live in dev/ and are never bundled into the app.
  serverExternalPackages: ["pg", "@prisma/adapter-pg"],
  typedRoutes: false,
};

// Inert without SENTRY_DSN / SENTRY_AUTH_TOKEN: no upload, no telemetry (the machine is offline).
export default withSentryConfig(nextConfig, {
  silent: true,
  telemetry: false,
  sourcemaps: { disable: true },
});
