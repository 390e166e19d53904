/** Read models and actions behind the JSON API and the runs view. */
import { tx } from "../store/db.ts";
import type { RunStatus } from "../types.ts";
import { TERMINAL, type Engine, type FunctionRow, type RunRow } from "./context.ts";
import { concurrencyKeys } from "./flow-control.ts";
import { cancelRun, createRun, lockRun } from "./runs.ts";

export interface RunSummary {
  id: string;
  function_id: string;
  function_name: string | null;
  status: RunStatus;
  event_name: string;
  event_id: string;
  output: unknown;
  error: unknown;
  cancel_reason: string | null;
  replay_of: string | null;
  parent_run_id: string | null;
  step_count: number;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
}

export interface StepView {
  id: string;
  name: string | null;
  display_name: string | null;
  op: string;
  status: string;
  output: unknown;
  error: unknown;
  attempts: number;
  seq: number | null;
  opts: unknown;
  started_at: string | null;
  ended_at: string | null;
}

export interface RunDetail extends RunSummary {
  event: unknown;
  events: unknown[];
  steps: StepView[];
  history: { at: string; type: string; step_id: string | null; attempt: number | null; detail: unknown }[];
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

type RunJoin = RunRow & { function_name: string | null; output: unknown; cancel_reason: string | null };

function summary(r: RunJoin): RunSummary {
  return {
    id: r.id,
    function_id: r.function_id,
    function_name: r.function_name,
    status: r.status,
    event_name: r.event.name,
    event_id: r.event.id,
    output: r.output,
    error: r.error,
    cancel_reason: r.cancel_reason,
    replay_of: r.replay_of,
    parent_run_id: r.parent_run_id,
    step_count: r.step_count,
    created_at: r.created_at.toISOString(),
    started_at: iso(r.started_at),
    ended_at: iso(r.ended_at),
  };
}

export interface RunFilter {
  status?: string;
  functionId?: string;
  eventName?: string;
  limit?: number;
}

export async function listRuns(eng: Engine, filter: RunFilter = {}): Promise<RunSummary[]> {
  const { s, pool } = eng.store;
  const { rows } = await pool.query<RunJoin>(
    `SELECT r.*, f.name AS function_name FROM ${s}.runs r LEFT JOIN ${s}.functions f ON f.id = r.function_id
     WHERE ($1::text IS NULL OR r.status = $1) AND ($2::text IS NULL OR r.function_id = $2) AND ($3::text IS NULL OR r.event->>'name' = $3)
     ORDER BY r.created_at DESC, r.id DESC LIMIT $4`,
    [filter.status ?? null, filter.functionId ?? null, filter.eventName ?? null, Math.min(filter.limit ?? 100, 1000)],
  );
  return rows.map(summary);
}

export async function getRun(eng: Engine, id: string): Promise<RunDetail | undefined> {
  const { s, pool } = eng.store;
  const { rows } = await pool.query<RunJoin>(
    `SELECT r.*, f.name AS function_name FROM ${s}.runs r LEFT JOIN ${s}.functions f ON f.id = r.function_id WHERE r.id = $1`,
    [id],
  );
  const run = rows[0];
  if (!run) return undefined;
  const steps = await pool.query<{
    id: string;
    name: string | null;
    display_name: string | null;
    op: string;
    status: string;
    memo: unknown;
    has_memo: boolean;
    error: unknown;
    attempts: number;
    seq: number | null;
    opts: unknown;
    started_at: Date | null;
    ended_at: Date | null;
  }>(`SELECT * FROM ${s}.steps WHERE run_id = $1 ORDER BY COALESCE(started_at, now()), seq NULLS LAST`, [id]);
  const hist = await pool.query<{ at: Date; type: string; step_id: string | null; attempt: number | null; detail: unknown }>(
    `SELECT at, type, step_id, attempt, detail FROM ${s}.history WHERE run_id = $1 ORDER BY id`,
    [id],
  );
  return {
    ...summary(run),
    event: run.event,
    events: run.events,
    steps: steps.rows.map((st) => {
      const memo = st.memo as { data?: unknown } | null;
      const output =
        st.has_memo && memo && typeof memo === "object" && "data" in memo ? memo.data : st.has_memo && st.status !== "failed" ? memo : null;
      return {
        id: st.id,
        name: st.name,
        display_name: st.display_name,
        op: st.op,
        status: st.status,
        output,
        error: st.error,
        attempts: st.attempts,
        seq: st.seq,
        opts: st.opts,
        started_at: iso(st.started_at),
        ended_at: iso(st.ended_at),
      };
    }),
    history: hist.rows.map((h) => ({ ...h, at: h.at.toISOString() })),
  };
}

export async function listEvents(eng: Engine, opts: { name?: string; limit?: number } = {}): Promise<unknown[]> {
  const { s, pool } = eng.store;
  const { rows } = await pool.query(
    `SELECT internal_id, id, name, payload, outcomes, received_at FROM ${s}.events WHERE ($1::text IS NULL OR name = $1) ORDER BY received_at DESC, internal_id DESC LIMIT $2`,
    [opts.name ?? null, Math.min(opts.limit ?? 100, 1000)],
  );
  return rows;
}

export async function listFunctions(eng: Engine): Promise<FunctionRow[]> {
  const { rows } = await eng.store.pool.query<FunctionRow>(
    `SELECT id, app_url, name, url, config FROM ${eng.store.s}.functions ORDER BY id`,
  );
  return rows;
}

export async function listApps(eng: Engine): Promise<unknown[]> {
  const { rows } = await eng.store.pool.query(`SELECT url, app_id, sdk, framework, synced_at FROM ${eng.store.s}.apps ORDER BY url`);
  return rows;
}

export async function cancelRunById(eng: Engine, id: string): Promise<"cancelled" | "not-found" | "already-finished"> {
  return tx(eng.store, async (c) => {
    const run = await lockRun(eng, c, id);
    if (!run) return "not-found";
    if (TERMINAL.has(run.status)) return "already-finished";
    await cancelRun(eng, c, run, "cancelled from the runner's API");
    return "cancelled";
  });
}

/** Start a fresh run of the same function with the same events (flow control other than concurrency is bypassed). */
export async function replayRun(eng: Engine, id: string): Promise<string | undefined> {
  return tx(eng.store, async (c) => {
    const { rows } = await c.query<RunRow>(`SELECT * FROM ${eng.store.s}.runs WHERE id = $1`, [id]);
    const run = rows[0];
    if (!run) return undefined;
    const { rows: fns } = await c.query<FunctionRow>(`SELECT id, app_url, name, url, config FROM ${eng.store.s}.functions WHERE id = $1`, [
      run.function_id,
    ]);
    const fn = fns[0];
    if (!fn) return undefined;
    return createRun(eng, c, { fn, events: run.events, concurrencyKeys: concurrencyKeys(fn, run.event), replayOf: run.id });
  });
}
