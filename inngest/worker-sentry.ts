/**
 * @sentry/nextjs as the lean worker (inngest/node-server.ts) sees it. The worker is bundled with
 * its packages external and run on plain node, where `import * as Sentry from "@sentry/nextjs"`
 * loads the package's CommonJS build and Node's CommonJS interop finds none of its named exports:
 * `Sentry.setTag` was undefined and every function run failed in SentryTagsMiddleware. The bundle
 * aliases @sentry/nextjs to this module (package.json, build:worker), which takes the functions
 * from the CommonJS module object itself. A name the app uses that is not re-exported here fails
 * the bundle at build time, not a run.
 */
import { createRequire } from "node:module";
import type * as SentryNext from "@sentry/nextjs";

const Sentry = createRequire(import.meta.url)("@sentry/nextjs") as typeof SentryNext;

export const { setTag, captureException, flush, init } = Sentry;
