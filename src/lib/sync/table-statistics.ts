/**
 * Fresh planner statistics while a sync fills empty tables. PostgreSQL caches the plans of the
 * foreign-key checks each insert fires; made while a table was empty, they scan it, and every
 * batch gets slower as it grows (measured: 0.5 s -> 4.4 s per 2,000 variants at 10,000 products),
 * long before autovacuum's analyze catches up. ANALYZE (sampled, seconds at most) invalidates
 * those plans, so the stage analyses its tables when its row count crosses each threshold.
 * Only the key columns those checks and the merge's parent probes look up: the table's size and
 * their statistics are what the plans need, and per-column statistics of every wide text column
 * were most of ANALYZE's cost (measured: 3.7 s of a 19 s demo ingest under load, docs/performance.md).
 * Autovacuum's analyze fills in the rest later.
 */
import { db } from "../db";
import { RESOURCE_REGISTRY, type SyncResourceName } from "./resources";

const THRESHOLDS = [1_000, 10_000, 100_000, 1_000_000];

/** Analyses the resource's tables if `processed` went from `before` past a threshold. */
export async function analyzeIfGrown(resource: SyncResourceName, before: number, after: number): Promise<boolean> {
  if (!THRESHOLDS.some((threshold) => before < threshold && after >= threshold)) return false;
  for (const { table } of RESOURCE_REGISTRY[resource].tables) await db().$executeRawUnsafe(`ANALYZE "${table}" ("shopId", "shopifyId")`);
  return true;
}
