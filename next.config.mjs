import { withSentryConfig } from "@sentry/nextjs/config";

/** @type {import("next").NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // A separate build directory lets two checkouts' test runs share a working tree without
  // rebuilding under each other (NEXT_DIST_DIR=.next-mine npm test).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // NEXT_BUILD_FS_CACHE=0 builds without Turbopack's filesystem cache: a clean clone's only build
  // (CI, tests/integration/global-setup.ts) would spend a fifth of its CPU writing a cache nobody reads.
  experimental: { turbopackFileSystemCacheForBuild: process.env.NEXT_BUILD_FS_CACHE !== "0" },
  // Runner, simulator and embedded database live in dev/ and are never bundled into the app.
  serverExternalPackages: ["pg", "@prisma/adapter-pg"],
  // The webhook ingress is a Pages API route (src/pages/api/webhooks/shopify.ts), which Next builds
  // without the react-server condition and with node_modules external: `server-only` would then be
  // Node's require of its throwing entry. Bundled, Next resolves it as for any server code (empty).
  transpilePackages: ["server-only"],
  // `npm run typecheck` (part of `npm test` and CI) type-checks the whole repo, dev/ and tests/
  // included; repeating it inside every `next build` costs 20 s on two cores and adds nothing.
  typescript: { ignoreBuildErrors: true },
  // Readiness compares the migration directories with `_prisma_migrations`: ship them with the route.
  outputFileTracingIncludes: { "/api/health/ready": ["./prisma/migrations/**/*"] },
  // ShopSync is not an embedded app (shopify.app.toml: embedded = false): no page may be framed
  // (clickjacking), no response sniffed into another type, and no URL leaks to other origins.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
    ];
  },
};

// Inert without SENTRY_DSN / SENTRY_AUTH_TOKEN: no upload, no telemetry (the machine is offline).
export default withSentryConfig(nextConfig, {
  silent: true,
  telemetry: false,
  sourcemaps: { disable: true },
});
