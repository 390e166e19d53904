/**
 * The same Inngest functions as /api/inngest (src/app/api/inngest/route.ts), served by a plain Node
 * HTTP server: no Next.js, no React, no page or route code in the process that runs the steps.
 *
 * When to use which (docs/performance.md, "Memory"):
 * - /api/inngest inside Next: serverless hosting (Vercel), and any deployment where one process is
 *   simpler than two. A step then shares its heap with the web server's runtime.
 * - this server: long-running hosts. Point Inngest (or the local runner's --app-url) at
 *   http://<host>:<port>/api/inngest; Next keeps serving pages, webhooks and the API, and sends
 *   events exactly as before. Both processes stay small and flat through a full bulk sync.
 * Only one of the two should be registered with Inngest as the app's URL at a time.
 *
 *   npm run worker -- [--port 3100] [--hostname 127.0.0.1]   (bundles it with esbuild, then runs it on plain node)
 * It reads the same environment as the app (DATABASE_URL, INNGEST_*, SHOPIFY_*, ...).
 */
import fs from "node:fs";
import http from "node:http";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { serve } from "inngest/node";
import { log } from "../src/lib/log";
import { initErrorReporting } from "../src/lib/observability";
import { BULK_CHUNK_WORKER_FILE, setBulkChunkWorkerFile } from "../src/lib/sync/ingest/chunk-source";
import { inngest } from "./client";
import { functions } from "./index";

const SERVE_PATH = "/api/inngest";

const { values } = parseArgs({
  options: { port: { type: "string", default: "3100" }, hostname: { type: "string", default: "127.0.0.1" } },
});

// As Next's instrumentation does: the environment is validated at boot, and function errors go to Sentry when SENTRY_DSN is set.
initErrorReporting();

// Bulk chunks are parsed in a worker thread whose file build:worker writes beside this bundle (whatever the working directory).
const chunkWorker = fileURLToPath(new URL(`./${BULK_CHUNK_WORKER_FILE}`, import.meta.url));
if (fs.existsSync(chunkWorker)) setBulkChunkWorkerFile(chunkWorker);

// One handler for every request (inngest/node's createServer builds a new one per request).
const handler = serve({ client: inngest, functions, servePath: SERVE_PATH });
const server = http.createServer((req, res) => {
  if (new URL(req.url ?? "/", "http://localhost").pathname === SERVE_PATH) return void handler(req, res);
  res.writeHead(404).end();
});
server.listen(Number(values.port), values.hostname, () =>
  log.info({ url: `http://${values.hostname}:${values.port}${SERVE_PATH}`, functions: functions.length }, "Inngest functions served"),
);
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
