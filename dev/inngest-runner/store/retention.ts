/**
 * The runner's history is bounded, as Inngest's is (a plan's retention): finished runs (with their
 * steps and history) and events older than the retention are deleted, a batch at a time, by a
 * timer of the runner (runner.ts). Queued and running runs are never touched, and the retention is
 * at least 24 h: event ids dedupe for 24 h (engine/events.ts), so a younger event must stay.
 */
import type { Store } from "./db.ts";

export const MIN_RETENTION_MS = 24 * 3600 * 1000;

export interface PruneResult {
  runs: number;
  events: number;
  flowKeys: number;
}

/** Deletes up to `limit` finished runs and `limit` events older than `retentionMs`. */
export async function pruneRunnerHistory(store: Store, retentionMs: number, limit = 2_000): Promise<PruneResult> {
  const { s, pool } = store;
  const seconds = Math.max(retentionMs, MIN_RETENTION_MS) / 1000;
  const runs = await pool.query(
    `WITH gone AS (
       SELECT id FROM ${s}.runs WHERE ended_at < now() - make_interval(secs => $1::float8) AND status IN ('completed', 'failed', 'cancelled')
       ORDER BY ended_at LIMIT $2),
     steps AS (DELETE FROM ${s}.steps WHERE run_id IN (SELECT id FROM gone)),
     history AS (DELETE FROM ${s}.history WHERE run_id IN (SELECT id FROM gone))
     DELETE FROM ${s}.runs WHERE id IN (SELECT id FROM gone)`,
    [seconds, limit],
  );
  const events = await pool.query(
    `DELETE FROM ${s}.events WHERE internal_id IN (
       SELECT internal_id FROM ${s}.events WHERE received_at < now() - make_interval(secs => $1::float8) ORDER BY received_at LIMIT $2)`,
    [seconds, limit],
  );
  // Expired flow-control keys (rate limits, idempotency windows); debounce keys have no expiry.
  const flowKeys = await pool.query(`DELETE FROM ${s}.flow_keys WHERE until < now() - make_interval(secs => $1::float8)`, [seconds]);
  return { runs: runs.rowCount ?? 0, events: events.rowCount ?? 0, flowKeys: flowKeys.rowCount ?? 0 };
}
