import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, TEST_APP_ENV, type RunningApp } from "./helpers/app-server";
import { queryRows, truncateAppTables } from "./helpers/database";

/**
 * The Prometheus text format 0.0.4, line by line: HELP and TYPE comments, then samples
 * `name{label="value",...} number`. Returns the samples; throws on any line that is neither.
 */
function parsePrometheusText(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
  const typed = new Map<string, string>();
  const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
  for (const [index, line] of text.split("\n").entries()) {
    if (line === "") continue;
    const where = `line ${index + 1}: ${line}`;
    if (line.startsWith("# HELP ")) {
      expect(line.split(" ")[2], where).toMatch(metricName);
      continue;
    }
    if (line.startsWith("# TYPE ")) {
      const [, , name, type] = line.split(" ");
      expect(name, where).toMatch(metricName);
      expect(["counter", "gauge", "histogram", "summary", "untyped"], where).toContain(type);
      expect(typed.has(name!), `${where} (TYPE twice)`).toBe(false);
      typed.set(name!, type!);
      continue;
    }
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    expect(match, where).not.toBeNull();
    const [, name, labelText, raw] = match!;
    const labels: Record<string, string> = {};
    if (labelText) {
      const pair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"(,|$)/y;
      let consumed = 0;
      while (consumed < labelText.length) {
        pair.lastIndex = consumed;
        const hit = pair.exec(labelText);
        expect(hit, `${where} (labels)`).not.toBeNull();
        labels[hit![1]!] = hit![2]!;
        consumed = pair.lastIndex;
      }
    }
    const value = raw === "+Inf" ? Infinity : raw === "-Inf" ? -Infinity : Number(raw);
    expect(raw === "NaN" || !Number.isNaN(value), `${where} (value)`).toBe(true);
    const family = [...typed.keys()].find((base) => name === base || /^_(bucket|sum|count|total)$/.test(name!.slice(base.length)));
    expect(family, `${where} (sample before its TYPE)`).toBeDefined();
    samples.push({ name: name!, labels, value });
  }
  return samples;
}

describe("Prometheus metrics", () => {
  let app: RunningApp;
  const url = () => `${app.url}/api/metrics`;

  beforeAll(async () => {
    await truncateAppTables();
    await queryRows(`INSERT INTO "Shop" (id, domain, "installedAt", "updatedAt") VALUES ('shop_m', 'metrics.myshopify.com', now(), now())`);
    await queryRows(
      `INSERT INTO "SyncRun" (id, "shopId", kind, trigger, status, "startedAt", "finishedAt", "updatedAt") VALUES
         ('run_ok', 'shop_m', 'FULL', 'install', 'COMPLETED', now() - interval '2 hours', now() - interval '1 hour', now()),
         ('run_bad', 'shop_m', 'INCREMENTAL', 'cron', 'FAILED', now() - interval '30 minutes', now() - interval '29 minutes', now())`,
    );
    await queryRows(
      `INSERT INTO "SyncStage" (id, "syncRunId", resource, status, processed, "updatedAt") VALUES
         ('st_p', 'run_ok', 'products', 'COMPLETED', 120, now()), ('st_o', 'run_ok', 'orders', 'COMPLETED', 300, now())`,
    );
    await queryRows(
      `INSERT INTO "WebhookLog" (id, "eventId", "webhookId", topic, "shopDomain", "shopId", "triggeredAt", "processedAt", status) VALUES
         ('wh1', 'ev1', 'w1', 'products/update', 'metrics.myshopify.com', 'shop_m', now() - interval '3 seconds', now() - interval '2.7 seconds', 'PROCESSED'),
         ('wh2', 'ev2', 'w2', 'orders/create', 'metrics.myshopify.com', 'shop_m', now() - interval '40 seconds', now(), 'PROCESSED')`,
    );
    await queryRows(
      `INSERT INTO "FailedSyncItem" (id, "shopId", "entityType", "rawPayload", "errorMessage", "updatedAt") VALUES
         ('dl1', 'shop_m', 'product', '{}', 'bad', now()), ('dl2', 'shop_m', 'order', '{}', 'bad', now())`,
    );
    app = await startApp();
  });

  afterAll(async () => {
    await app?.stop();
    await truncateAppTables();
  });

  it("refuses a scrape without the bearer token, or with a wrong one", async () => {
    const none = await fetch(url());
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    expect(await none.text()).not.toContain("shopsync_");
    const wrong = await fetch(url(), { headers: { Authorization: "Bearer not-the-token" } });
    expect(wrong.status).toBe(401);
  });

  it("answers Prometheus text with the token, with the values read from the database", async () => {
    const res = await fetch(url(), { headers: { Authorization: `Bearer ${TEST_APP_ENV.METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const text = await res.text();
    const samples = parsePrometheusText(text);
    const value = (name: string, labels: Record<string, string> = {}) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

    expect(value("shopsync_sync_runs", { status: "COMPLETED" })).toBe(1);
    expect(value("shopsync_sync_runs", { status: "FAILED" })).toBe(1);
    expect(value("shopsync_sync_records_written", { resource: "products" })).toBe(120);
    expect(value("shopsync_sync_records_written", { resource: "orders" })).toBe(300);
    expect(value("shopsync_dead_letters_open", { shop: "metrics.myshopify.com" })).toBe(2);
    // The last successful sync finished an hour ago (the failed one after it does not count).
    expect(value("shopsync_shop_sync_lag_seconds", { shop: "metrics.myshopify.com" })).toBeGreaterThanOrEqual(3600);
    // One delivery took 0.3 s, the other 40 s.
    expect(value("shopsync_webhook_latency_seconds_bucket", { le: "0.25" })).toBe(0);
    expect(value("shopsync_webhook_latency_seconds_bucket", { le: "0.5" })).toBe(1);
    expect(value("shopsync_webhook_latency_seconds_bucket", { le: "30" })).toBe(1);
    expect(value("shopsync_webhook_latency_seconds_bucket", { le: "60" })).toBe(2);
    expect(value("shopsync_webhook_latency_seconds_bucket", { le: "+Inf" })).toBe(2);
    expect(value("shopsync_webhook_latency_seconds_count")).toBe(2);
    expect(value("shopsync_webhook_latency_seconds_sum")).toBeCloseTo(40.3, 1);
    // This process's own counter is declared even before any request was throttled.
    expect(text).toContain("# TYPE shopsync_shopify_throttled_requests_total counter");
  });
});
