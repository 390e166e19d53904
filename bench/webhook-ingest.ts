/**
 * Webhook ingest on loopback: autocannon POSTs signed products/create webhooks (each a new event
 * id) at the real app (`next start` on the production build), with the Inngest runner processing
 * them into a throwaway PostgreSQL. Prints the endpoint's p50/p99 latency and requests per second,
 * then the time until every delivery is processed. A figure, not a pass/fail test.
 *   npm run bench:webhooks [-- --requests 2000 --connections 20]
 * Needs a production build (`npx next build`).
 */
import { spawn } from "node:child_process";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { freePort, startEphemeral } from "../dev/db/embedded.ts";
import { applyMigrations } from "../dev/db/migrate.ts";
import { startInngestRunner } from "../dev/inngest-runner/index.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const SECRET = "shopsync-bench-secret";
const SHOP = "bench.myshopify.com";

const { values } = parseArgs({
  options: { requests: { type: "string", default: "2000" }, connections: { type: "string", default: "20" } },
});
const total = Number(values.requests);
const connections = Number(values.connections);
if (!fs.existsSync(path.join(ROOT, ".next/BUILD_ID"))) throw new Error("no production build: run `npx next build` first");

const cluster = await startEphemeral("bench");
const stops: (() => Promise<void> | void)[] = [() => cluster.stop()];
try {
  await applyMigrations(cluster.url);
  const db = new pg.Client({ connectionString: cluster.url });
  await db.connect();
  stops.unshift(() => db.end());
  await db.query(`INSERT INTO "Shop" (id, domain, "installedAt", "updatedAt") VALUES ('bench-shop', $1, now(), now())`, [SHOP]);

  const runner = await startInngestRunner({ port: 0, databaseUrl: cluster.url, schema: "runner_bench", appUrls: [], log: () => undefined });
  stops.unshift(() => runner.stop());
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const app = spawn(
    process.execPath,
    [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "--port", String(port), "--hostname", "127.0.0.1"],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: cluster.url,
        APP_URL: appUrl,
        SHOPIFY_API_KEY: "shopsync-bench-key",
        SHOPIFY_API_SECRET: SECRET,
        ENCRYPTION_KEYS: `bench1:${randomBytes(32).toString("base64")}`,
        SESSION_SECRET: "bench-session-secret-with-at-least-32-chars",
        METRICS_TOKEN: "bench-metrics-token-0123456789",
        INNGEST_DEV: runner.url,
        ALLOW_LOCAL_STANDINS: "1", // a production build on loopback, against the stand-ins
      },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  stops.unshift(
    () => new Promise<void>((resolve) => (app.exitCode !== null ? resolve() : (app.once("exit", () => resolve()), app.kill("SIGTERM")))),
  );
  for (const deadline = Date.now() + 30_000; ;) {
    if (
      await fetch(`${appUrl}/api/inngest`).then(
        (r) => r.status < 500,
        () => false,
      )
    )
      break;
    if (app.exitCode !== null) throw new Error(`next start exited (${app.exitCode})`);
    if (Date.now() > deadline) throw new Error("next start did not answer within 30 s");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await runner.syncApps(`${appUrl}/api/inngest`);

  // Every request a distinct, correctly signed delivery of a new product with one variant.
  const deliveries = Array.from({ length: total }, (_, i) => {
    const id = 500_000_000 + i * 10;
    const body = JSON.stringify({
      id,
      admin_graphql_api_id: `gid://shopify/Product/${id}`,
      title: `Bench product ${i}`,
      handle: `bench-${i}`,
      status: "active",
      vendor: "Bench",
      product_type: "Mug",
      tags: "bench",
      created_at: "2026-01-01T00:00:00Z",
      updated_at: "2026-01-01T00:00:00Z",
      variants: [
        {
          id: id + 1,
          title: "Default Title",
          sku: `B-${i}`,
          barcode: null,
          price: "9.99",
          compare_at_price: null,
          position: 1,
          created_at: "2026-01-01T00:00:00Z",
          updated_at: "2026-01-01T00:00:00Z",
          inventory_item_id: id + 2,
        },
      ],
    });
    const headers = {
      "content-type": "application/json",
      "x-shopify-topic": "products/create",
      "x-shopify-shop-domain": SHOP,
      "x-shopify-webhook-id": randomUUID(),
      "x-shopify-event-id": randomUUID(),
      "x-shopify-triggered-at": new Date().toISOString(),
      "x-shopify-api-version": "2026-10",
      "x-shopify-hmac-sha256": createHmac("sha256", SECRET).update(body, "utf8").digest("base64"),
    };
    return { body, headers };
  });

  let next = 0;
  const started = Date.now();
  const result = await autocannon({
    url: appUrl,
    connections,
    amount: total,
    requests: [
      {
        method: "POST",
        path: "/api/webhooks/shopify",
        setupRequest: (request) => {
          const delivery = deliveries[next++ % deliveries.length]!;
          return { ...request, headers: delivery.headers, body: delivery.body };
        },
      },
    ],
  });
  const answeredMs = Date.now() - started;

  let processed = 0;
  for (const deadline = Date.now() + 15 * 60_000; ;) {
    const { rows } = await db.query<{ done: number }>(`SELECT count(*)::int AS done FROM "WebhookLog" WHERE status <> 'RECEIVED'`);
    processed = rows[0]!.done;
    if (processed >= total || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const processedMs = Date.now() - started;
  const { rows } = await db.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM "WebhookLog" GROUP BY status ORDER BY status`,
  );

  console.log(`webhook ingest: ${total} signed products/create deliveries, ${connections} connections, loopback`);
  console.log(`  endpoint latency  p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`);
  console.log(
    `  throughput        ${result.requests.average.toFixed(0)} requests/s (average), all answered in ${(answeredMs / 1000).toFixed(1)} s`,
  );
  console.log(`  answers           ${result["2xx"]} 2xx, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  console.log(
    `  processed         ${processed}/${total} after ${(processedMs / 1000).toFixed(1)} s (${((processed / processedMs) * 1000).toFixed(0)} webhooks/s end to end)`,
  );
  console.log(`  WebhookLog        ${rows.map((row) => `${row.status} ${row.n}`).join(", ")}`);
} finally {
  for (const stop of stops) await stop();
}
