/**
 * Where a webhook's database time goes, statement by statement (a figure, not a test):
 *
 *   npx tsx --import ./dev/server-only/register.mjs bench/webhook-statements.ts
 *
 * On a throwaway PostgreSQL: 2,000 products stored through the ingress and the drain, then one
 * batch of 500 mixed deliveries (product updates and creates, orders created and updated, a few
 * product deletes) drained once while every statement's round trip is timed at the pg driver
 * (Prisma's adapter and the raw pool both go through pg.Client#query); then EXPLAIN ANALYZE of the
 * ingress's one statement.
 */
import { createHmac, randomUUID } from "node:crypto";
import pg from "pg";
import { startEphemeral } from "../dev/db/embedded.ts";
import { applyMigrations } from "../dev/db/migrate.ts";
import { orderPayload, productPayload } from "./lib/webhook-payloads.ts";

const SHOP = "statements.myshopify.com";
const SECRET = "bench-statements-secret";
const cluster = await startEphemeral("webhook-statements");
await applyMigrations(cluster.url);
Object.assign(process.env, {
  DATABASE_URL: cluster.url,
  SHOPIFY_API_SECRET: SECRET,
  SHOPIFY_API_KEY: "bench-key",
  // Nobody listens: the drain's wake-ups fail quietly; this script drains itself.
  INNGEST_DEV: "http://127.0.0.1:9",
  LOG_LEVEL: "error",
});
const sql = new pg.Client({ connectionString: cluster.url });
await sql.connect();
await sql.query(`INSERT INTO "Shop" (id, domain, "installedAt", "updatedAt") VALUES ('statements-shop', $1, now(), now())`, [SHOP]);

interface Timed {
  text: string;
  values: unknown[];
  ms: number;
}
const timed: Timed[] = [];
let recording = false;
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const [first, second] = args as [string | { text: string; values?: unknown[] }, unknown];
  const text = typeof first === "string" ? first : first?.text;
  const values = typeof first === "string" ? (Array.isArray(second) ? second : []) : (first?.values ?? []);
  const started = performance.now();
  const record = () => recording && typeof text === "string" && timed.push({ text, values, ms: performance.now() - started });
  // pg.Pool#query passes a callback; Prisma's adapter awaits the promise.
  const callback = args.at(-1);
  if (typeof callback === "function")
    args[args.length - 1] = (...results: unknown[]) => {
      record();
      return (callback as (...r: unknown[]) => unknown)(...results);
    };
  const result = (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  if (result instanceof Promise) result.then(record, () => {});
  return result;
} as typeof pg.Client.prototype.query;

const { receiveWebhook } = await import("../src/lib/webhooks/receive-webhook");
const { drainWebhookBatch } = await import("../src/lib/webhooks/drain-webhooks");
const { insertIntoInbox } = await import("../src/lib/webhooks/webhook-queries");

async function deliver(topic: string, body: unknown): Promise<void> {
  const raw = JSON.stringify(body);
  const request = new Request("http://localhost/api/webhooks/shopify", {
    method: "POST",
    body: raw,
    headers: {
      "x-shopify-topic": topic,
      "x-shopify-shop-domain": SHOP,
      "x-shopify-webhook-id": randomUUID(),
      "x-shopify-event-id": randomUUID(),
      "x-shopify-triggered-at": new Date().toISOString(),
      "x-shopify-api-version": "2026-10",
      "x-shopify-hmac-sha256": createHmac("sha256", SECRET).update(raw).digest("base64"),
    },
  });
  await receiveWebhook(request, raw);
}

for (let i = 0; i < 2000; i++) await deliver("products/create", productPayload(1_000_000 + i * 10, "2026-02-01T10:00:00Z"));
while ((await drainWebhookBatch(SHOP, { limit: 500 })).claimed) {
  // the 2,000 products stored
}
for (let i = 0; i < 500; i++) {
  if (i % 4 === 0) await deliver("products/update", productPayload(1_000_000 + i * 10, "2026-02-02T10:00:00Z"));
  else if (i % 4 === 1) await deliver("orders/create", orderPayload(5_000_000 + i * 10, "2026-02-02T10:00:00+09:00"));
  else if (i % 4 === 2) await deliver("products/create", productPayload(2_000_000 + i * 10, "2026-02-02T10:00:00Z"));
  else if (i % 20 === 3) await deliver("products/delete", { id: 1_000_000 + (i + 1) * 10 });
  else await deliver("orders/updated", orderPayload(5_000_000 + (i - 2) * 10, "2026-02-02T11:00:00+09:00"));
}
recording = true;
const started = performance.now();
const result = await drainWebhookBatch(SHOP, { limit: 500 });
const drainMs = performance.now() - started;
recording = false;
console.log(`one batch: ${JSON.stringify(result)} in ${drainMs.toFixed(0)} ms; its statements (round trip at the driver):`);
for (const statement of timed.filter((s) => !/^\s*(BEGIN|COMMIT|SAVEPOINT|RELEASE)\b/i.test(s.text)))
  console.log(`${statement.ms.toFixed(1).padStart(8)} ms  ${statement.text.replace(/\s+/g, " ").trim().slice(0, 120)}`);

timed.length = 0;
recording = true;
const delivery = {
  eventId: randomUUID(),
  webhookId: randomUUID(),
  topic: "products/create",
  shopDomain: SHOP,
  shopId: null,
  resourceId: "gid://shopify/Product/1",
  apiVersion: "2026-10",
  triggeredAt: new Date(),
};
await insertIntoInbox(delivery, JSON.stringify(productPayload(1, "2026-02-01T10:00:00Z")), false);
recording = false;
const ingress = timed[0]!;
const values = [randomUUID(), ...ingress.values.slice(1)];
const plan = await sql.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${ingress.text}`, values);
console.log(`\nthe ingress statement, EXPLAIN ANALYZE:\n${plan.rows.map((row) => row["QUERY PLAN"]).join("\n")}`);
await sql.end();
cluster.stop();
// The app's pools (Prisma's and the raw one) keep the event loop alive.
process.exit(0);
