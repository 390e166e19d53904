/**
 * Prometheus text exposition (prom-client) of the database snapshot plus this process's own
 * counters. A fresh registry per scrape: every value comes from the snapshot just read, so a
 * shop or status that disappeared does not linger with a stale value.
 */
import { Gauge, Registry, type Metric } from "prom-client";
import { type MetricsSnapshot, readMetricsSnapshot, WEBHOOK_LATENCY_BUCKETS } from "./metrics-queries";
import { processMetrics } from "./process-counters";

/** prom-client's Histogram only observes; this one reports buckets already counted in SQL. */
function webhookLatencyHistogram(latency: MetricsSnapshot["webhookLatency"]): Metric {
  const name = "shopsync_webhook_latency_seconds";
  const buckets = WEBHOOK_LATENCY_BUCKETS.map((le, index) => ({
    metricName: `${name}_bucket`,
    labels: { le: String(le) },
    value: latency.buckets[index] ?? 0,
  }));
  const values = [
    ...buckets,
    { metricName: `${name}_bucket`, labels: { le: "+Inf" }, value: latency.count },
    { metricName: `${name}_sum`, labels: {}, value: latency.sumSeconds },
    { metricName: `${name}_count`, labels: {}, value: latency.count },
  ];
  const metric = {
    name,
    help: "Webhook delivery latency: Shopify's X-Shopify-Triggered-At to processed, over the webhook log",
    type: "histogram",
    aggregator: "sum",
    get: async () => ({ name, help: metric.help, type: "histogram", aggregator: "sum", values }),
  };
  return metric as unknown as Metric;
}

function gauge<L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[]): Gauge<L> {
  return new Gauge({ name, help, labelNames, registers: [registry] });
}

export function buildRegistry(snapshot: MetricsSnapshot): Registry {
  const registry = new Registry();
  const runs = gauge(registry, "shopsync_sync_runs", "Sync runs recorded, by status", ["status"]);
  for (const { status, count } of snapshot.syncRuns) runs.set({ status }, count);
  const written = gauge(registry, "shopsync_sync_records_written", "Records written by sync runs, by resource", ["resource"]);
  for (const { resource, count } of snapshot.recordsWritten) written.set({ resource }, count);
  const dead = gauge(registry, "shopsync_dead_letters_open", "Dead letters not yet resolved, by shop", ["shop"]);
  for (const { shop, count } of snapshot.deadLetters) dead.set({ shop }, count);
  const lag = gauge(registry, "shopsync_shop_sync_lag_seconds", "Seconds since the shop's last successful sync finished", ["shop"]);
  for (const { shop, seconds } of snapshot.syncLag) lag.set({ shop }, seconds);
  registry.registerMetric(webhookLatencyHistogram(snapshot.webhookLatency));
  return Registry.merge([registry, processMetrics().registry]);
}

export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const registry = buildRegistry(await readMetricsSnapshot());
  return { body: await registry.metrics(), contentType: registry.contentType };
}
