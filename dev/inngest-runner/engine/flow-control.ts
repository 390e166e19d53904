/**
 * Flow control applied when an event (or a cron tick, or a debounce expiry) would start a run:
 * debounce, rateLimit, idempotency, singleton, throttle, and the concurrency keys a run's steps count
 * against. Semantics from https://www.inngest.com/docs/guides/flow-control and protocol note §12.
 */
import type pg from "pg";
import { evalKey } from "../cel.ts";
import { parseDuration } from "../time.ts";
import type { ConcurrencyOption, InngestEvent } from "../types.ts";
import type { Engine, FunctionRow } from "./context.ts";
import { cancelRun, createRun, history, lockRun } from "./runs.ts";

const IDEMPOTENCY_MS = 24 * 3600 * 1000;

export type TriggerOutcome =
  { function_id: string; run_id: string } | { function_id: string; skipped: string } | { function_id: string; debounced: string };

/**
 * `limit|scope:value` strings; a call job may be claimed only while fewer than `limit` claimed call
 * jobs share the string. Concurrency counts executing steps, not runs (sleeping runs hold no slot).
 */
export function concurrencyKeys(fn: FunctionRow, event: InngestEvent): string[] {
  const raw = fn.config.concurrency;
  if (raw === undefined) return [];
  const list: ConcurrencyOption[] = typeof raw === "number" ? [{ limit: raw }] : Array.isArray(raw) ? raw : [raw];
  const keys: string[] = [];
  for (const option of list.slice(0, 2)) {
    if (!option.limit || option.limit <= 0) continue;
    const value = option.key ? evalKey(option.key, { event }) : "";
    const scope = option.scope ?? "fn";
    const target = scope === "fn" ? `fn:${fn.id}` : `${scope}:${option.key ?? ""}`;
    keys.push(`${option.limit}|${target}:${value}`);
  }
  return keys;
}

export const limitOfKey = (key: string): number => Number(key.slice(0, key.indexOf("|")));

/**
 * GCRA (generic cell rate algorithm), as Inngest uses for throttle and rateLimit: `limit` per
 * `period`, `burst` extra at once. Returns when the next start is allowed and commits it if asked.
 */
async function gcra(
  eng: Engine,
  c: pg.PoolClient,
  fnId: string,
  kind: string,
  key: string,
  limit: number,
  periodMs: number,
  burst: number,
  queue: boolean,
): Promise<Date | undefined> {
  const now = Date.now();
  const interval = periodMs / Math.max(limit, 1);
  const tolerance = interval * Math.max(limit + burst - 1, 0);
  const { rows } = await c.query<{ value: { tat: number } | null }>(
    `SELECT value FROM ${eng.store.s}.flow_keys WHERE function_id = $1 AND kind = $2 AND key = $3 FOR UPDATE`,
    [fnId, kind, key],
  );
  const tat = rows[0]?.value?.tat ?? now;
  const start = Math.max(now, tat - tolerance);
  if (start > now && !queue) return undefined;
  const next = Math.max(tat, start) + interval;
  await c.query(
    `INSERT INTO ${eng.store.s}.flow_keys (function_id, kind, key, until, value) VALUES ($1,$2,$3,$4,$5)
     ON CONFLICT (function_id, kind, key) DO UPDATE SET until = EXCLUDED.until, value = EXCLUDED.value`,
    [fnId, kind, key, new Date(next), JSON.stringify({ tat: next })],
  );
  return new Date(start);
}

export interface TriggerOptions {
  /** A debounce expiry starts the run it was holding: don't debounce it again. */
  skipDebounce?: boolean;
  replayOf?: string;
}

export async function triggerFunction(
  eng: Engine,
  c: pg.PoolClient,
  fn: FunctionRow,
  event: InngestEvent,
  opts: TriggerOptions = {},
): Promise<TriggerOutcome> {
  const cfg = fn.config;
  const vars = { event };
  const skipped = (reason: string): TriggerOutcome => ({ function_id: fn.id, skipped: reason });

  if (cfg.debounce && !opts.skipDebounce) {
    const key = evalKey(cfg.debounce.key, vars);
    const period = parseDuration(cfg.debounce.period) ?? 0;
    const timeout = cfg.debounce.timeout ? parseDuration(cfg.debounce.timeout) : undefined;
    const now = Date.now();
    const { rows } = await c.query<{ value: { first: number } }>(
      `INSERT INTO ${eng.store.s}.flow_keys (function_id, kind, key, value) VALUES ($1,'debounce',$2,$3)
       ON CONFLICT (function_id, kind, key) DO UPDATE SET value = ${eng.store.s}.flow_keys.value RETURNING value`,
      [fn.id, key, JSON.stringify({ first: now })],
    );
    const first = rows[0]?.value.first ?? now;
    const due = timeout === undefined ? now + period : Math.min(now + period, first + timeout);
    await c.query(
      `INSERT INTO ${eng.store.s}.jobs (kind, run_at, dedupe_key, payload) VALUES ('debounce',$1,$2,$3)
       ON CONFLICT (dedupe_key) DO UPDATE SET run_at = EXCLUDED.run_at, payload = EXCLUDED.payload`,
      [new Date(due), `debounce:${fn.id}:${key}`, JSON.stringify({ function_id: fn.id, key, event })],
    );
    eng.kick();
    return { function_id: fn.id, debounced: key };
  }

  if (cfg.rateLimit) {
    const key = evalKey(cfg.rateLimit.key, vars);
    const allowed = await gcra(eng, c, fn.id, "rateLimit", key, cfg.rateLimit.limit, parseDuration(cfg.rateLimit.period) ?? 0, 0, false);
    if (!allowed) return skipped("rateLimit");
  }

  if (cfg.idempotency) {
    const key = evalKey(cfg.idempotency, vars);
    // Inserted, or an expired window renewed: this event starts a run. A live key: skip.
    const { rowCount } = await c.query(
      `INSERT INTO ${eng.store.s}.flow_keys AS k (function_id, kind, key, until) VALUES ($1,'idempotency',$2,$3)
       ON CONFLICT (function_id, kind, key) DO UPDATE SET until = EXCLUDED.until WHERE k.until <= now() RETURNING 1`,
      [fn.id, key, new Date(Date.now() + IDEMPOTENCY_MS)],
    );
    if (!rowCount) return skipped("idempotency");
  }

  let singletonKey: string | null = null;
  if (cfg.singleton) {
    singletonKey = evalKey(cfg.singleton.key, vars);
    const { rows } = await c.query<{ id: string }>(
      `SELECT id FROM ${eng.store.s}.runs WHERE function_id = $1 AND singleton_key = $2 AND status IN ('queued','running') FOR UPDATE`,
      [fn.id, singletonKey],
    );
    if (rows.length > 0) {
      if (cfg.singleton.mode !== "cancel") return skipped("singleton");
      for (const row of rows) {
        const run = await lockRun(eng, c, row.id);
        if (run) await cancelRun(eng, c, run, "singleton: replaced by a newer run");
      }
    }
  }

  let startAt: Date | undefined;
  if (cfg.throttle) {
    const key = evalKey(cfg.throttle.key, vars);
    startAt = await gcra(
      eng,
      c,
      fn.id,
      "throttle",
      key,
      cfg.throttle.limit,
      parseDuration(cfg.throttle.period) ?? 0,
      cfg.throttle.burst ?? 0,
      true,
    );
    if (startAt && startAt.getTime() <= Date.now()) startAt = undefined;
  }

  const runId = await createRun(eng, c, {
    fn,
    events: [event],
    concurrencyKeys: concurrencyKeys(fn, event),
    singletonKey,
    startAt,
    replayOf: opts.replayOf,
  });
  if (startAt) await history(eng, c, runId, "run.throttled", { start_at: startAt.toISOString() });
  return { function_id: fn.id, run_id: runId };
}

/** A debounce job is due: start the run with the last event it held, unless it was pushed back. */
export async function fireDebounce(eng: Engine, c: pg.PoolClient, jobId: string): Promise<void> {
  const { rows } = await c.query<{ payload: { function_id: string; key: string; event: InngestEvent } }>(
    `DELETE FROM ${eng.store.s}.jobs WHERE id = $1 AND run_at <= now() RETURNING payload`,
    [jobId],
  );
  const payload = rows[0]?.payload;
  if (!payload) {
    // A newer event moved the deadline while this job was claimed: release it.
    await c.query(`UPDATE ${eng.store.s}.jobs SET claimed_by = NULL, claimed_at = NULL WHERE id = $1`, [jobId]);
    return;
  }
  await c.query(`DELETE FROM ${eng.store.s}.flow_keys WHERE function_id = $1 AND kind = 'debounce' AND key = $2`, [
    payload.function_id,
    payload.key,
  ]);
  const { rows: fns } = await c.query<FunctionRow>(`SELECT id, app_url, name, url, config FROM ${eng.store.s}.functions WHERE id = $1`, [
    payload.function_id,
  ]);
  const fn = fns[0];
  if (fn) await triggerFunction(eng, c, fn, payload.event, { skipDebounce: true });
}
