/**
 * What the metrics say, read from PostgreSQL, where the facts live: any instance answers the same
 * whichever process ran the syncs or took the webhooks.
 */
import { db } from "../db";

/** Upper bounds (seconds) of the webhook latency histogram: Shopify's triggered-at to processed. */
export const WEBHOOK_LATENCY_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600] as const;

export interface MetricsSnapshot {
  syncRuns: { status: string; count: number }[];
  recordsWritten: { resource: string; count: number }[];
  deadLetters: { shop: string; count: number }[];
  syncLag: { shop: string; seconds: number }[];
  webhookLatency: { buckets: number[]; count: number; sumSeconds: number };
}

const toNumber = (value: bigint | number | string | null): number => Number(value ?? 0);

export async function readMetricsSnapshot(): Promise<MetricsSnapshot> {
  const client = db();
  const [syncRuns, recordsWritten, deadLetters, syncLag, latency] = await Promise.all([
    client.$queryRaw<{ status: string; count: bigint }[]>`
      SELECT status::text AS status, count(*) AS count FROM "SyncRun" GROUP BY status`,
    client.$queryRaw<{ resource: string; count: bigint | null }[]>`
      SELECT resource::text AS resource, sum(processed) AS count FROM "SyncStage" GROUP BY resource`,
    client.$queryRaw<{ shop: string; count: bigint }[]>`
      SELECT s.domain AS shop, count(f.id) AS count
      FROM "Shop" s JOIN "FailedSyncItem" f ON f."shopId" = s.id AND f."resolvedAt" IS NULL
      GROUP BY s.domain`,
    // Lag: since the end of the shop's last successful (real) sync; installed shops only.
    client.$queryRaw<{ shop: string; seconds: number }[]>`
      SELECT s.domain AS shop, extract(epoch FROM now() - max(r."finishedAt"))::float8 AS seconds
      FROM "Shop" s JOIN "SyncRun" r ON r."shopId" = s.id AND r.status = 'COMPLETED' AND NOT r."dryRun" AND r."finishedAt" IS NOT NULL
      WHERE s."uninstalledAt" IS NULL
      GROUP BY s.domain`,
    client.$queryRaw<{ le: number[]; count: bigint; sum: number | null }[]>`
      WITH latency AS (
        SELECT greatest(extract(epoch FROM "processedAt" - "triggeredAt"), 0)::float8 AS seconds
        FROM "WebhookLog" WHERE status = 'PROCESSED' AND "processedAt" IS NOT NULL AND "triggeredAt" IS NOT NULL
      )
      SELECT array(SELECT (SELECT count(*) FROM latency WHERE seconds <= b.le)::float8
                   FROM unnest(${[...WEBHOOK_LATENCY_BUCKETS]}::float8[]) WITH ORDINALITY AS b(le, position)
                   ORDER BY b.position) AS le,
             (SELECT count(*) FROM latency) AS count,
             (SELECT sum(seconds) FROM latency) AS sum`,
  ]);
  const row = latency[0];
  return {
    syncRuns: syncRuns.map((r) => ({ status: r.status, count: toNumber(r.count) })),
    recordsWritten: recordsWritten.map((r) => ({ resource: r.resource, count: toNumber(r.count) })),
    deadLetters: deadLetters.map((r) => ({ shop: r.shop, count: toNumber(r.count) })),
    syncLag: syncLag.map((r) => ({ shop: r.shop, seconds: r.seconds })),
    webhookLatency: { buckets: (row?.le ?? []).map(Number), count: toNumber(row?.count ?? 0), sumSeconds: row?.sum ?? 0 },
  };
}
