/**
 * Run lifecycle inside a transaction: create, memoize step results, enqueue discovery, finish, cancel.
 * Mirrors the Go executor (protocol note §8, §10.4, §10.5).
 */
import type pg from "pg";
import { byteLength, stateLimitError } from "../limits.ts";
import { ulid } from "../ids.ts";
import { parseDuration } from "../time.ts";
import type { InngestEvent, RunStatus, SerializedError } from "../types.ts";
import { TERMINAL, type Engine, type FunctionRow, type JobKind, type RunRow } from "./context.ts";

/**
 * Step states that are unfinished until something else (a call, a timer, an event) completes them.
 * Discovery waits for all of them: a discovery call while a planned step is still executing would make
 * the SDK run that step inline a second time (protocol note §8).
 */
export const PENDING_STATUSES = ["planned", "running", "retrying", "sleeping", "waiting", "invoking"];

export interface CreateRunOptions {
  fn: FunctionRow;
  events: InngestEvent[];
  concurrencyKeys?: string[];
  singletonKey?: string | null;
  parent?: { runId: string; stepId: string };
  replayOf?: string;
  startAt?: Date;
}

export function maxAttempts(fn: FunctionRow): number {
  const retries = fn.config.steps.step?.retries?.attempts;
  // `retries` is the number of retries (default 4, max 20); attempts = retries + 1.
  return Math.min(typeof retries === "number" ? retries : 4, 20) + 1;
}

export async function history(
  eng: Engine,
  c: pg.PoolClient,
  runId: string,
  type: string,
  detail: Record<string, unknown> = {},
  stepId?: string,
  attempt?: number,
): Promise<void> {
  await c.query(`INSERT INTO ${eng.store.s}.history (run_id, type, step_id, attempt, detail) VALUES ($1,$2,$3,$4,$5)`, [
    runId,
    type,
    stepId ?? null,
    attempt ?? null,
    JSON.stringify(detail),
  ]);
}

export async function enqueueJob(
  eng: Engine,
  c: pg.PoolClient,
  job: {
    kind: JobKind;
    runId?: string | null;
    stepId?: string | null;
    runAt?: Date;
    dedupeKey?: string;
    payload?: unknown;
    concurrencyKeys?: string[];
  },
): Promise<void> {
  await c.query(
    `INSERT INTO ${eng.store.s}.jobs (kind, run_id, step_id, run_at, dedupe_key, payload, concurrency_keys)
     VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (dedupe_key) DO NOTHING`,
    [
      job.kind,
      job.runId ?? null,
      job.stepId ?? null,
      job.runAt ?? new Date(),
      job.dedupeKey ?? null,
      job.payload === undefined ? null : JSON.stringify(job.payload),
      job.concurrencyKeys ?? [],
    ],
  );
  eng.kick();
}

export async function enqueueCall(
  eng: Engine,
  c: pg.PoolClient,
  run: Pick<RunRow, "id" | "concurrency_keys">,
  stepId: string,
  runAt?: Date,
): Promise<void> {
  await enqueueJob(eng, c, {
    kind: "call",
    runId: run.id,
    stepId,
    runAt,
    dedupeKey: `call:${run.id}:${stepId}`,
    concurrencyKeys: run.concurrency_keys,
  });
}

export async function createRun(eng: Engine, c: pg.PoolClient, opts: CreateRunOptions): Promise<string> {
  const { fn, events } = opts;
  const event = events[0];
  if (!event) throw new Error("a run needs at least one event");
  const id = ulid();
  const stateBytes = byteLength(events);
  await c.query(
    `INSERT INTO ${eng.store.s}.runs (id, function_id, status, event, events, max_attempts, parent_run_id, parent_step_id, singleton_key, concurrency_keys, replay_of, state_bytes)
     VALUES ($1,$2,'queued',$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
    [
      id,
      fn.id,
      JSON.stringify(event),
      JSON.stringify(events),
      maxAttempts(fn),
      opts.parent?.runId ?? null,
      opts.parent?.stepId ?? null,
      opts.singletonKey ?? null,
      opts.concurrencyKeys ?? [],
      opts.replayOf ?? null,
      stateBytes,
    ],
  );
  const now = Date.now();
  for (const [idx, cancel] of (fn.config.cancel ?? []).entries()) {
    const timeout = cancel.timeout ? parseDuration(cancel.timeout) : undefined;
    await c.query(`INSERT INTO ${eng.store.s}.cancels (run_id, idx, event_name, expr, expires_at) VALUES ($1,$2,$3,$4,$5)`, [
      id,
      idx,
      cancel.event,
      cancel.if ?? null,
      timeout === undefined ? null : new Date(now + timeout),
    ]);
  }
  const startTimeout = fn.config.timeouts?.start ? parseDuration(fn.config.timeouts.start) : undefined;
  if (startTimeout !== undefined) {
    await enqueueJob(eng, c, {
      kind: "timeout-start",
      runId: id,
      runAt: new Date((opts.startAt?.getTime() ?? now) + startTimeout),
      dedupeKey: `timeout-start:${id}`,
    });
  }
  await history(eng, c, id, "run.created", {
    event_id: event.id,
    event_name: event.name,
    start_at: opts.startAt?.toISOString(),
    replay_of: opts.replayOf,
  });
  await enqueueCall(eng, c, { id, concurrency_keys: opts.concurrencyKeys ?? [] }, "step", opts.startAt);
  return id;
}

export async function lockRun(eng: Engine, c: pg.PoolClient, runId: string): Promise<RunRow | undefined> {
  const { rows } = await c.query<RunRow>(`SELECT * FROM ${eng.store.s}.runs WHERE id = $1 FOR UPDATE`, [runId]);
  return rows[0];
}

export interface StepInfo {
  op: string;
  name?: string;
  displayName?: string;
  opts?: unknown;
}

export async function upsertStep(
  eng: Engine,
  c: pg.PoolClient,
  runId: string,
  stepId: string,
  info: StepInfo,
  status: string,
  startedAt?: Date,
): Promise<void> {
  await c.query(
    `INSERT INTO ${eng.store.s}.steps (run_id, id, name, display_name, op, status, opts, started_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
     ON CONFLICT (run_id, id) DO UPDATE SET status = CASE WHEN ${eng.store.s}.steps.has_memo THEN ${eng.store.s}.steps.status ELSE EXCLUDED.status END,
       name = COALESCE(EXCLUDED.name, ${eng.store.s}.steps.name), display_name = COALESCE(EXCLUDED.display_name, ${eng.store.s}.steps.display_name),
       op = EXCLUDED.op, opts = COALESCE(EXCLUDED.opts, ${eng.store.s}.steps.opts), started_at = COALESCE(${eng.store.s}.steps.started_at, EXCLUDED.started_at)`,
    [
      runId,
      stepId,
      info.name ?? null,
      info.displayName ?? null,
      info.op,
      status,
      info.opts === undefined ? null : JSON.stringify(info.opts),
      startedAt ?? new Date(),
    ],
  );
}

/**
 * Store a step's result under its hashed id and append it to the stack (completion order). Returns
 * false when the run had to fail instead (state size limit). A second result for the same id is ignored.
 */
export async function saveMemo(
  eng: Engine,
  c: pg.PoolClient,
  run: RunRow,
  stepId: string,
  memo: unknown,
  info: StepInfo & { status?: "completed" | "failed"; error?: SerializedError; attempts?: number },
): Promise<boolean> {
  const { rows } = await c.query<{ has_memo: boolean }>(`SELECT has_memo FROM ${eng.store.s}.steps WHERE run_id = $1 AND id = $2`, [
    run.id,
    stepId,
  ]);
  if (rows[0]?.has_memo) return true;
  const size = byteLength(memo);
  const stateBytes = Number(run.state_bytes) + size;
  if (stateBytes > eng.limits.maxStateBytes) {
    await failRun(eng, c, run, stateLimitError(eng.limits.maxStateBytes));
    return false;
  }
  const seq = run.next_seq;
  await upsertStep(eng, c, run.id, stepId, info, info.status ?? "completed");
  await c.query(
    `UPDATE ${eng.store.s}.steps SET memo = $3, has_memo = true, seq = $4, status = $5, error = $6, ended_at = now(),
       attempts = GREATEST(attempts, $7) WHERE run_id = $1 AND id = $2`,
    [
      run.id,
      stepId,
      JSON.stringify(memo ?? null),
      seq,
      info.status ?? "completed",
      info.error ? JSON.stringify(info.error) : null,
      info.attempts ?? 0,
    ],
  );
  await c.query(`UPDATE ${eng.store.s}.runs SET next_seq = next_seq + 1, step_count = step_count + 1, state_bytes = $2 WHERE id = $1`, [
    run.id,
    stateBytes,
  ]);
  run.next_seq = seq + 1;
  run.step_count += 1;
  run.state_bytes = stateBytes;
  await history(
    eng,
    c,
    run.id,
    info.status === "failed" ? "step.failed" : "step.completed",
    { op: info.op, name: info.displayName ?? info.name, bytes: size },
    stepId,
  );
  return true;
}

/** Enqueue the next discovery call once no planned step, sleep, wait or invoke is outstanding. */
export async function maybeDiscover(eng: Engine, c: pg.PoolClient, run: RunRow): Promise<void> {
  if (TERMINAL.has(run.status)) return;
  const { rows } = await c.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM ${eng.store.s}.steps WHERE run_id = $1 AND NOT has_memo AND status = ANY($2)`,
    [run.id, PENDING_STATUSES],
  );
  if (Number(rows[0]?.n ?? 0) > 0) return;
  if (run.force_step_plan) {
    await c.query(`UPDATE ${eng.store.s}.runs SET force_step_plan = false WHERE id = $1`, [run.id]);
    run.force_step_plan = false;
  }
  await enqueueCall(eng, c, run, "step");
}

async function clearRunWork(eng: Engine, c: pg.PoolClient, runId: string): Promise<void> {
  await c.query(`DELETE FROM ${eng.store.s}.jobs WHERE run_id = $1`, [runId]);
  await c.query(`DELETE FROM ${eng.store.s}.waits WHERE run_id = $1`, [runId]);
  await c.query(`DELETE FROM ${eng.store.s}.cancels WHERE run_id = $1`, [runId]);
  await c.query(
    `UPDATE ${eng.store.s}.steps SET status = 'cancelled', ended_at = now() WHERE run_id = $1 AND NOT has_memo AND status <> 'cancelled'`,
    [runId],
  );
}

const isLifecycleEvent = (name: string): boolean => name.startsWith("inngest/function.");

async function finishRun(
  eng: Engine,
  c: pg.PoolClient,
  run: RunRow,
  status: RunStatus,
  result: { output?: unknown; error?: SerializedError; reason?: string },
): Promise<void> {
  if (TERMINAL.has(run.status)) return;
  run.status = status;
  await c.query(`UPDATE ${eng.store.s}.runs SET status = $2, output = $3, error = $4, cancel_reason = $5, ended_at = now() WHERE id = $1`, [
    run.id,
    status,
    result.output === undefined ? null : JSON.stringify(result.output),
    result.error ? JSON.stringify(result.error) : null,
    result.reason ?? null,
  ]);
  await clearRunWork(eng, c, run.id);
  await history(eng, c, run.id, `run.${status}`, { error: result.error, reason: result.reason });
  eng.log(`run ${run.id} (${run.function_id}) ${status}${result.error ? `: ${result.error.message}` : ""}`);

  if (run.parent_run_id && run.parent_step_id) await resumeInvoker(eng, c, run, status, result);

  if (isLifecycleEvent(run.event.name)) return;
  const base = {
    function_id: run.function_id,
    run_id: run.id,
    event: run.event,
    events: run.events,
    ...(run.parent_run_id ? { correlation_id: `${run.parent_run_id}.${run.parent_step_id ?? ""}` } : {}),
  };
  if (status === "cancelled") {
    await eng.emitEvents(c, [
      {
        name: "inngest/function.cancelled",
        data: { ...base, error: { name: "Error", message: "function cancelled" }, _inngest: { status } },
      },
    ]);
    return;
  }
  const outcome = status === "completed" ? { result: result.output ?? null } : { error: result.error };
  const events = [{ name: "inngest/function.finished", data: { ...base, ...outcome, _inngest: { status } } }];
  if (status === "failed")
    events.unshift({
      name: "inngest/function.failed",
      data: { ...base, ...outcome, _inngest: { status } },
      id: run.id,
    } as (typeof events)[number]);
  await eng.emitEvents(c, events);
}

async function resumeInvoker(
  eng: Engine,
  c: pg.PoolClient,
  child: RunRow,
  status: RunStatus,
  result: { output?: unknown; error?: SerializedError },
): Promise<void> {
  const parentId = child.parent_run_id as string;
  const stepId = child.parent_step_id as string;
  const { rowCount } = await c.query(`DELETE FROM ${eng.store.s}.waits WHERE run_id = $1 AND step_id = $2 AND kind = 'invoke'`, [
    parentId,
    stepId,
  ]);
  if (!rowCount) return;
  await c.query(`DELETE FROM ${eng.store.s}.jobs WHERE dedupe_key = $1`, [`invoke-timeout:${parentId}:${stepId}`]);
  const parent = await lockRun(eng, c, parentId);
  if (!parent || TERMINAL.has(parent.status)) return;
  const error: SerializedError | undefined =
    status === "completed"
      ? undefined
      : status === "cancelled"
        ? { name: "Error", message: "Invoked function was cancelled" }
        : (result.error ?? { name: "Error", message: "Invoked function failed" });
  const memo = error ? { error } : { data: result.output ?? null };
  if (await saveMemo(eng, c, parent, stepId, memo, { op: "InvokeFunction", status: error ? "failed" : "completed", error }))
    await maybeDiscover(eng, c, parent);
}

export const completeRun = (eng: Engine, c: pg.PoolClient, run: RunRow, output: unknown): Promise<void> =>
  finishRun(eng, c, run, "completed", { output });

export const failRun = (eng: Engine, c: pg.PoolClient, run: RunRow, error: SerializedError): Promise<void> =>
  finishRun(eng, c, run, "failed", { error });

export const cancelRun = (eng: Engine, c: pg.PoolClient, run: RunRow, reason: string): Promise<void> =>
  finishRun(eng, c, run, "cancelled", { reason });
