/**
 * Issue 11 item 4, "nothing grows with history": with a webhook log of 1,000,000 deliveries (and
 * 200,000 tombstones, 100,000 resolved dead letters, 20,000 sync runs) the per-webhook work (the
 * ingress statement, the drain's claim, handlers and settle, a retry, a failure, the minute sweep)
 * and the hourly pruning never plan a sequential scan of a table that grows with history. Every SQL
 * statement the app sends is captured at the pg driver (Prisma's adapter and the raw pool both go
 * through pg.Client#query) while the real functions run in process, then EXPLAINed with its own
 * parameters against the seeded, analysed tables.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { queryRows, testDatabaseUrl } from "./helpers/database";
import { TEST_APP_ENV } from "./helpers/app-server";
import { sign } from "./helpers/webhooks";

vi.hoisted(() => {
  // Before the app's modules read them: the test app's secret, and a runner nobody listens on
  // (the drain's wake-up fails and is logged: this file calls the drain itself).
  process.env.SHOPIFY_API_SECRET = "shopsync-test-secret";
  process.env.SHOPIFY_API_KEY = "shopsync-test-key";
  process.env.INNGEST_DEV = "http://127.0.0.1:9";
  process.env.LOG_LEVEL = "error";
});

const { receiveWebhook } = await import("@/lib/webhooks/receive-webhook");
const { drainWebhookBatch } = await import("@/lib/webhooks/drain-webhooks");
const { forgetDelivery, recordFailedProcessing, retryDeliveryLater, shopsWithWaitingDeliveries } =
  await import("@/lib/webhooks/webhook-queries");
const { PRUNED_TABLES, pruneBatch } = await import("@/lib/retention/prune-history");
const { db } = await import("@/lib/db");
const { pgPool } = await import("@/lib/db-pool");

/** Tables that grow with the app's history (not with the size of the store). */
const GROWING = new Set(["WebhookLog", "FailedSyncItem", "Tombstone", "SyncRun", "SyncStage"]);
const SHOP = "plans.myshopify.com";
const LOG_ROWS = 1_000_000;

interface Captured {
  text: string;
  values: unknown[];
}

let captured: Captured[] | null = null;
const originalQuery = pg.Client.prototype.query;

/** Starts recording every statement sent through pg; returns what was sent until `stop`. */
function capture(): { stop(): Captured[] } {
  captured = [];
  return {
    stop() {
      const statements = captured!;
      captured = null;
      return statements;
    },
  };
}

function installCapture(): void {
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [first, second] = args as [string | { text: string; values?: unknown[] }, unknown];
    const text = typeof first === "string" ? first : first?.text;
    const values =
      typeof first === "string" ? (Array.isArray(second) ? second : []) : (first?.values ?? (Array.isArray(second) ? second : []));
    if (captured && typeof text === "string" && !/^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET|SHOW|DEALLOCATE|EXPLAIN)\b/i.test(text))
      captured.push({ text, values });
    return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pg.Client.prototype.query;
}

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  Plans?: PlanNode[];
}

function seqScans(node: PlanNode, found: string[] = []): string[] {
  if (node["Node Type"] === "Seq Scan" && node["Relation Name"]) found.push(node["Relation Name"]);
  for (const child of node.Plans ?? []) seqScans(child, found);
  return found;
}

/** EXPLAINs each statement with its parameters; returns those whose plan scans a growing table sequentially. */
async function sequentialScansOfGrowingTables(statements: Captured[]): Promise<{ text: string; tables: string[] }[]> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    const offenders: { text: string; tables: string[] }[] = [];
    for (const statement of statements) {
      const explain = originalQuery as (this: pg.Client, text: string, values: unknown[]) => Promise<pg.QueryResult>;
      const { rows } = await explain.call(client, `EXPLAIN (FORMAT JSON) ${statement.text}`, statement.values);
      const plan = (rows as { "QUERY PLAN": { Plan: PlanNode }[] }[])[0]!["QUERY PLAN"][0]!.Plan;
      const tables = seqScans(plan).filter((table) => GROWING.has(table));
      if (tables.length) offenders.push({ text: statement.text.replace(/\s+/g, " ").slice(0, 400), tables });
    }
    return offenders;
  } finally {
    await client.end();
  }
}

/** A signed delivery; each call of the result is one POST of it (the same event id every time). */
function webhook(topic: string, body: unknown, shop = SHOP): () => Request {
  const raw = JSON.stringify(body);
  const headers = {
    "content-type": "application/json",
    "x-shopify-topic": topic,
    "x-shopify-shop-domain": shop,
    "x-shopify-webhook-id": crypto.randomUUID(),
    "x-shopify-event-id": crypto.randomUUID(),
    "x-shopify-triggered-at": new Date().toISOString(),
    "x-shopify-api-version": "2026-10",
    "x-shopify-hmac-sha256": sign(raw, TEST_APP_ENV.SHOPIFY_API_SECRET),
  };
  return () => new Request("http://localhost/api/webhooks/shopify", { method: "POST", headers, body: raw });
}

const restProduct = (id: number, updatedAt: string) => ({
  id,
  admin_graphql_api_id: `gid://shopify/Product/${id}`,
  title: `Plan ${id}`,
  handle: `plan-${id}`,
  status: "active",
  vendor: "Plans",
  product_type: "Mug",
  tags: "a, b",
  created_at: "2026-01-01T00:00:00-05:00",
  updated_at: updatedAt,
  variants: [
    { id: id + 1, title: "Default", sku: `P-${id}`, price: "5.00", position: 1, created_at: "2026-01-01T00:00:00Z", updated_at: updatedAt },
  ],
});

const restOrder = (id: number, updatedAt: string) => ({
  id,
  name: `#${id}`,
  email: null,
  currency: "USD",
  total_price: "5.00",
  created_at: "2026-01-01T00:00:00+09:00",
  updated_at: updatedAt,
  line_items: [{ id: id + 1, title: "Line", quantity: 1, price: "5.00" }],
});

async function receive(delivery: () => Request): Promise<string> {
  const request = delivery();
  const { receipt } = await receiveWebhook(request, await delivery().text());
  return receipt.outcome;
}

describe("per-webhook query plans on a 1M-row webhook log", { timeout: 900_000 }, () => {
  beforeAll(async () => {
    // Seeded in SQL (seconds, not minutes): two shops, the log mostly handled deliveries of the
    // other shop's and this one's, spread over a year.
    await queryRows(
      `INSERT INTO "Shop" (id, domain, "installedAt", "updatedAt") VALUES
         ('plan-shop', $1, now() - interval '400 days', now()), ('other-shop', 'other.myshopify.com', now() - interval '400 days', now())`,
      [SHOP],
    );
    await queryRows(
      `INSERT INTO "WebhookLog" (id, "eventId", "webhookId", topic, "shopDomain", "shopId", "resourceId", "apiVersion", "triggeredAt", "receivedAt", "processedAt", status, attempts)
       SELECT 'seed-' || g, 'seed-event-' || g, 'seed-webhook-' || g,
              (ARRAY['products/update', 'orders/updated', 'customers/update', 'inventory_levels/update', 'products/delete'])[1 + g % 5],
              CASE WHEN g % 4 = 0 THEN $1 ELSE 'other.myshopify.com' END, CASE WHEN g % 4 = 0 THEN 'plan-shop' ELSE 'other-shop' END,
              'gid://shopify/Product/' || (g % 300000), '2026-10', ts, ts, ts,
              (CASE WHEN g % 100 = 0 THEN 'IGNORED' WHEN g % 333 = 0 THEN 'FAILED' ELSE 'PROCESSED' END)::"WebhookStatus", 1
       FROM generate_series(1, $2::int) g, LATERAL (SELECT now() - interval '365 days' * g / $2::int AS ts) t`,
      [SHOP, LOG_ROWS],
    );
    await queryRows(
      `INSERT INTO "Tombstone" ("shopId", "shopifyId", resource, "deletedAt")
       SELECT CASE WHEN g % 2 = 0 THEN 'plan-shop' ELSE 'other-shop' END, 'gid://shopify/Product/' || (5000000 + g), 'Product', now() - interval '1 hour' * (g % 9000)
       FROM generate_series(1, 200000) g`,
    );
    await queryRows(
      `INSERT INTO "FailedSyncItem" (id, "shopId", "entityType", "shopifyId", "rawPayload", "errorMessage", "resolvedAt", resolution, "isOpen", "createdAt", "updatedAt", "lastSeenAt")
       SELECT 'seed-letter-' || g, CASE WHEN g % 2 = 0 THEN 'plan-shop' ELSE 'other-shop' END, 'Product', 'gid://shopify/Product/' || g, '{}', 'seeded',
              CASE WHEN g % 100 = 0 THEN NULL ELSE now() - interval '1 hour' * (g % 9000) END,
              CASE WHEN g % 100 = 0 THEN NULL ELSE 'RETRIED'::"DeadLetterResolution" END,
              CASE WHEN g % 100 = 0 THEN true ELSE NULL END, now(), now(), now()
       FROM generate_series(1, 100000) g`,
    );
    await queryRows(
      `INSERT INTO "SyncRun" (id, "shopId", kind, trigger, status, "createdAt", "updatedAt")
       SELECT 'seed-run-' || g, CASE WHEN g % 2 = 0 THEN 'plan-shop' ELSE 'other-shop' END, 'INCREMENTAL', 'cron', 'COMPLETED', now() - interval '1 hour' * g, now()
       FROM generate_series(1, 20000) g`,
    );
    await queryRows(`ANALYZE`);
    installCapture();
  });
  afterAll(async () => {
    pg.Client.prototype.query = originalQuery;
    // The app's pools, before the file's database is dropped.
    await db().$disconnect();
    await pgPool().end();
  });

  it("the webhook path (ingress, drain, retry, failure, sweep) never scans a growing table", async () => {
    expect(await queryRows(`SELECT count(*)::int AS n FROM "WebhookLog"`)).toEqual([{ n: LOG_ROWS }]);
    const recording = capture();
    // Ingress: new deliveries, a duplicate, an unknown shop, an invalid payload, a late update of a deleted product.
    const created = webhook("products/create", restProduct(910_000_000, "2026-11-01T10:00:00-05:00"));
    expect(await receive(created)).toBe("accepted");
    expect(await receive(created)).toBe("duplicate");
    expect(await receive(webhook("orders/updated", restOrder(920_000_000, "2026-11-01T10:00:00+09:00")))).toBe("accepted");
    expect(await receive(webhook("products/delete", { id: 910_000_000 }))).toBe("accepted");
    expect(await receive(webhook("products/update", restProduct(5_000_002, "2026-11-01T11:00:00Z")))).toBe("accepted");
    expect(await receive(webhook("products/update", restProduct(930_000_000, "2026-11-01T10:00:00Z"), "unknown.myshopify.com"))).toBe(
      "ignored",
    );
    expect(await receive(webhook("products/update", { id: "not a number" }))).toBe("dead-lettered");
    // The drain applies them.
    const drained = await drainWebhookBatch(SHOP, { limit: 200 });
    expect(drained).toMatchObject({ claimed: 4, failed: 0, retrying: 0 });
    // A retry's backoff, a final failure, a delivery forgotten after a failed send, the minute sweep.
    await retryDeliveryLater("seed-event-8", "boom", 10_000);
    await recordFailedProcessing({ eventId: "seed-event-12", shopDomain: SHOP, topic: "products/update", error: "boom" });
    await forgetDelivery("seed-event-16");
    await shopsWithWaitingDeliveries(30_000);
    const statements = recording.stop();

    expect(statements.length).toBeGreaterThan(10);
    expect(statements.some((s) => /INSERT INTO "WebhookLog"/.test(s.text))).toBe(true);
    expect(statements.some((s) => /FOR UPDATE SKIP LOCKED/.test(s.text))).toBe(true);
    expect(statements.some((s) => /"Tombstone"/.test(s.text))).toBe(true);
    expect(await sequentialScansOfGrowingTables(statements)).toEqual([]);
    // The late update of the tombstoned product stayed out; the others are stored.
    expect(await queryRows(`SELECT "shopifyId" FROM "Product" ORDER BY 1`)).toEqual([]);
    expect(await queryRows(`SELECT "shopifyId" FROM "Order"`)).toEqual([{ shopifyId: "gid://shopify/Order/920000000" }]);
  });

  it("the hourly pruning deletes by index ranges, and keeps what still matters", async () => {
    const recording = capture();
    const pruned: Record<string, number> = {};
    for (const table of PRUNED_TABLES) pruned[table] = await pruneBatch(table, { limit: 5_000 });
    const statements = recording.stop();
    expect(pruned).toEqual({ webhookLog: 5_000, deadLetters: 5_000, tombstones: 5_000 });
    expect(await sequentialScansOfGrowingTables(statements)).toEqual([]);
    // Waiting deliveries and open dead letters are never pruned.
    expect(await queryRows(`SELECT count(*)::int AS n FROM "FailedSyncItem" WHERE "isOpen"`)).toEqual([{ n: 1_001 }]);
  });
});
