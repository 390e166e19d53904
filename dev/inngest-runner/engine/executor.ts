/**
 * Runs one claimed job: a call request to the app and the handling of its answer (the Go executor's
 * HandleGeneratorResponse, protocol note §8), or a timer (sleep, wait/invoke timeout, run timeouts).
 * A job's effects and its deletion commit in one transaction: a runner killed mid-call leaves the
 * job in the queue, so the step is retried, while a committed step result is never recomputed.
 */
import type pg from "pg";
import { ulid } from "../ids.ts";
import { byteLength, stepLimitError, stepOutputError } from "../limits.ts";
import { callFunction, type CallResult } from "../protocol/call.ts";
import { tx } from "../store/db.ts";
import { backoffMs, parseDuration, parseRetryAfter, parseSleepTarget } from "../time.ts";
import type { Op, SerializedError } from "../types.ts";
import { TERMINAL, type Engine, type FunctionRow, type JobRow, type RunRow } from "./context.ts";
import { fireCron } from "./cron.ts";
import { concurrencyKeys, fireDebounce } from "./flow-control.ts";
import {
  cancelRun,
  completeRun,
  createRun,
  enqueueCall,
  enqueueJob,
  failRun,
  history,
  lockRun,
  maybeDiscover,
  saveMemo,
  upsertStep,
} from "./runs.ts";

const DEFAULT_INVOKE_TIMEOUT_MS = 366 * 24 * 3600 * 1000;

async function deleteJob(eng: Engine, c: pg.PoolClient, job: JobRow): Promise<void> {
  await c.query(`DELETE FROM ${eng.store.s}.jobs WHERE id = $1`, [job.id]);
}

async function loadFunction(eng: Engine, c: pg.PoolClient | pg.Pool, id: string): Promise<FunctionRow | undefined> {
  const { rows } = await c.query<FunctionRow>(`SELECT id, app_url, name, url, config FROM ${eng.store.s}.functions WHERE id = $1`, [id]);
  return rows[0];
}

export async function processJob(eng: Engine, job: JobRow): Promise<void> {
  if (job.kind === "call") return processCall(eng, job);
  if (job.kind === "cron") return tx(eng.store, (c) => fireCron(eng, c, job.id));
  if (job.kind === "debounce") return tx(eng.store, (c) => fireDebounce(eng, c, job.id));
  await tx(eng.store, async (c) => {
    await deleteJob(eng, c, job);
    const run = job.run_id ? await lockRun(eng, c, job.run_id) : undefined;
    if (!run || TERMINAL.has(run.status)) return;
    const stepId = job.step_id ?? "";
    switch (job.kind) {
      case "sleep":
        if (await saveMemo(eng, c, run, stepId, null, { op: "Sleep" })) await maybeDiscover(eng, c, run);
        return;
      case "wait-timeout": {
        const { rowCount } = await c.query(`DELETE FROM ${eng.store.s}.waits WHERE run_id = $1 AND step_id = $2`, [run.id, stepId]);
        if (rowCount && (await saveMemo(eng, c, run, stepId, null, { op: "WaitForEvent" }))) await maybeDiscover(eng, c, run);
        return;
      }
      case "invoke-timeout": {
        const { rowCount } = await c.query(`DELETE FROM ${eng.store.s}.waits WHERE run_id = $1 AND step_id = $2`, [run.id, stepId]);
        const error = { name: "InngestInvokeTimeoutError", message: "Timed out waiting for invoked function to complete" };
        if (rowCount && (await saveMemo(eng, c, run, stepId, { error }, { op: "InvokeFunction", status: "failed", error })))
          await maybeDiscover(eng, c, run);
        return;
      }
      case "timeout-start":
        if (run.status === "queued") await cancelRun(eng, c, run, "timeouts.start exceeded");
        return;
      case "timeout-finish":
        await cancelRun(eng, c, run, "timeouts.finish exceeded");
        return;
    }
  });
}

async function loadState(eng: Engine, runId: string): Promise<{ steps: Record<string, unknown>; stack: string[] }> {
  const { rows } = await eng.store.pool.query<{ id: string; memo: unknown }>(
    `SELECT id, memo FROM ${eng.store.s}.steps WHERE run_id = $1 AND has_memo ORDER BY seq`,
    [runId],
  );
  const steps: Record<string, unknown> = {};
  for (const row of rows) steps[row.id] = row.memo;
  return { steps, stack: rows.map((r) => r.id) };
}

async function processCall(eng: Engine, job: JobRow): Promise<void> {
  const runId = job.run_id as string;
  const stepId = job.step_id ?? "step";
  // Mark the run started (and arm timeouts.finish) before calling out.
  const prepared = await tx(eng.store, async (c) => {
    const run = await lockRun(eng, c, runId);
    if (!run || TERMINAL.has(run.status)) {
      await deleteJob(eng, c, job);
      return undefined;
    }
    const fn = await loadFunction(eng, c, run.function_id);
    if (!fn) {
      await failRun(eng, c, run, { name: "Error", message: `function ${run.function_id} is no longer registered` });
      return undefined;
    }
    if (run.step_count >= eng.limits.maxSteps) {
      await failRun(eng, c, run, stepLimitError(eng.limits.maxSteps));
      return undefined;
    }
    if (run.status === "queued") {
      await c.query(`UPDATE ${eng.store.s}.runs SET status = 'running', started_at = now() WHERE id = $1`, [run.id]);
      run.status = "running";
      const finish = fn.config.timeouts?.finish ? parseDuration(fn.config.timeouts.finish) : undefined;
      if (finish !== undefined)
        await enqueueJob(eng, c, {
          kind: "timeout-finish",
          runId: run.id,
          runAt: new Date(Date.now() + finish),
          dedupeKey: `timeout-finish:${run.id}`,
        });
      await history(eng, c, run.id, "run.started");
    }
    if (stepId !== "step") {
      await c.query(
        `UPDATE ${eng.store.s}.steps SET status = 'running', attempts = $3, started_at = COALESCE(started_at, now()) WHERE run_id = $1 AND id = $2 AND NOT has_memo`,
        [run.id, stepId, job.attempt + 1],
      );
    }
    await history(eng, c, run.id, "call.started", {}, stepId, job.attempt);
    return { run, fn };
  });
  if (!prepared) return;
  const { run, fn } = prepared;
  const state = await loadState(eng, run.id);
  const startedAt = new Date();
  const result = await callFunction({
    functionUrl: fn.url,
    stepId,
    runId: run.id,
    event: run.event,
    events: run.events,
    steps: state.steps,
    stack: state.stack,
    attempt: job.attempt,
    maxAttempts: run.max_attempts,
    disableImmediateExecution: run.force_step_plan,
    signingKey: eng.signingKey,
    timeoutMs: eng.callTimeoutMs,
  });
  await tx(eng.store, async (c) => {
    const current = await lockRun(eng, c, run.id);
    const { rowCount } = await c.query(`SELECT 1 FROM ${eng.store.s}.jobs WHERE id = $1`, [job.id]);
    // Cancelled (or finished by a timeout) while the call was in flight: drop the answer.
    if (!current || TERMINAL.has(current.status) || !rowCount) {
      await deleteJob(eng, c, job);
      return;
    }
    await handleResult(eng, c, current, job, stepId, result, startedAt);
  });
}

async function retryOrFail(
  eng: Engine,
  c: pg.PoolClient,
  run: RunRow,
  job: JobRow,
  error: SerializedError,
  final: boolean,
  retryAfter: string | null,
  stepId: string,
  op?: Op,
): Promise<void> {
  const attemptsLeft = job.attempt + 1 < run.max_attempts;
  if (!final && attemptsLeft) {
    const now = Date.now();
    const delay = (parseRetryAfter(retryAfter, now) ?? backoffMs(job.attempt)) * eng.timeScale;
    await c.query(`UPDATE ${eng.store.s}.jobs SET attempt = attempt + 1, run_at = $2, claimed_by = NULL, claimed_at = NULL WHERE id = $1`, [
      job.id,
      new Date(now + delay),
    ]);
    if (op)
      await upsertStep(eng, c, run.id, op.id, { op: "StepRun", name: op.name, displayName: op.displayName, opts: op.opts }, "retrying");
    if (op)
      await c.query(`UPDATE ${eng.store.s}.steps SET error = $3, attempts = $4 WHERE run_id = $1 AND id = $2`, [
        run.id,
        op.id,
        JSON.stringify(error),
        job.attempt + 1,
      ]);
    await history(eng, c, run.id, "call.retry", { error, delay_ms: delay, retry_after: retryAfter }, op?.id ?? stepId, job.attempt);
    eng.kick();
    return;
  }
  await deleteJob(eng, c, job);
  if (op) {
    // The step's final error becomes its memo; the function decides (try/catch) whether the run fails.
    if (
      await saveMemo(
        eng,
        c,
        run,
        op.id,
        { error },
        { op: op.op, name: op.name, displayName: op.displayName, opts: op.opts, status: "failed", error, attempts: job.attempt + 1 },
      )
    ) {
      await maybeDiscover(eng, c, run);
    }
    return;
  }
  await failRun(eng, c, run, error);
}

const UNFINISHED_OPS = new Set(["StepPlanned", "Sleep", "WaitForEvent", "InvokeFunction", "WaitForSignal", "Gateway", "AIGateway"]);

async function handleResult(
  eng: Engine,
  c: pg.PoolClient,
  run: RunRow,
  job: JobRow,
  stepId: string,
  result: CallResult,
  startedAt: Date,
): Promise<void> {
  switch (result.kind) {
    case "transport":
      await history(eng, c, run.id, "call.transport-error", { error: result.error }, stepId, job.attempt);
      return retryOrFail(eng, c, run, job, result.error, false, null, stepId);
    case "error":
      await history(eng, c, run.id, "call.error", { status: result.status, error: result.error }, stepId, job.attempt);
      return retryOrFail(eng, c, run, job, result.error, result.noRetry, result.retryAfter, stepId);
    case "complete":
      await deleteJob(eng, c, job);
      if (byteLength(result.output) > eng.limits.maxStepOutputBytes)
        return failRun(eng, c, run, stepOutputError(eng.limits.maxStepOutputBytes));
      return completeRun(eng, c, run, result.output);
    case "ops":
      return handleOps(eng, c, run, job, stepId, result, startedAt);
  }
}

async function handleOps(
  eng: Engine,
  c: pg.PoolClient,
  run: RunRow,
  job: JobRow,
  stepId: string,
  result: Extract<CallResult, { kind: "ops" }>,
  startedAt: Date,
): Promise<void> {
  const ops = result.ops.filter((op) => op.op !== "DeferAdd" && op.op !== "DeferAbort");
  // A retriable step error retries this same job (same stepId, attempt + 1); nothing else in the answer applies.
  const stepError = ops.find((op) => op.op === "StepError");
  if (stepError) {
    const error = stepError.error ?? { name: "Error", message: "step failed" };
    return retryOrFail(eng, c, run, job, error, result.noRetry, result.retryAfter, stepId, stepError);
  }
  await deleteJob(eng, c, job);
  if (ops.length > 1 && !run.force_step_plan) {
    run.force_step_plan = true;
    await c.query(`UPDATE ${eng.store.s}.runs SET force_step_plan = true WHERE id = $1`, [run.id]);
  }
  // Register every unfinished op before handling completions, so discovery waits for all of them.
  for (const op of ops) {
    if (!UNFINISHED_OPS.has(op.op)) continue;
    const status =
      op.op === "Sleep" ? "sleeping" : op.op === "WaitForEvent" ? "waiting" : op.op === "InvokeFunction" ? "invoking" : "planned";
    await upsertStep(
      eng,
      c,
      run.id,
      op.id,
      { op: op.op, name: op.name, displayName: op.displayName ?? op.userland?.id, opts: op.opts },
      status,
    );
  }
  const now = Date.now();
  for (const op of ops) {
    if (TERMINAL.has(run.status)) return;
    const info = { op: op.op, name: op.name, displayName: op.displayName ?? op.userland?.id, opts: op.opts };
    switch (op.op) {
      case "StepRun":
      case "Step": {
        if (byteLength(op.data ?? null) > eng.limits.maxStepOutputBytes)
          return failRun(eng, c, run, stepOutputError(eng.limits.maxStepOutputBytes));
        await upsertStep(eng, c, run.id, op.id, info, "running", startedAt);
        if (await saveMemo(eng, c, run, op.id, { data: op.data ?? null }, { ...info, attempts: job.attempt + 1 }))
          await maybeDiscover(eng, c, run);
        break;
      }
      case "StepFailed": {
        const error = op.error ?? { name: "Error", message: "step failed" };
        await upsertStep(eng, c, run.id, op.id, info, "running", startedAt);
        if (await saveMemo(eng, c, run, op.id, { error }, { ...info, status: "failed", error, attempts: job.attempt + 1 }))
          await maybeDiscover(eng, c, run);
        break;
      }
      case "StepPlanned":
        await enqueueCall(eng, c, run, op.id);
        break;
      case "Sleep": {
        const target = parseSleepTarget(op.name ?? String(op.opts?.duration ?? ""), now);
        if (target === undefined) return failRun(eng, c, run, { name: "Error", message: `invalid sleep duration: ${op.name ?? ""}` });
        if (target - now > eng.limits.maxSleepMs)
          return failRun(eng, c, run, { name: "Error", message: "sleep exceeds the maximum of 1 year" });
        await enqueueJob(eng, c, {
          kind: "sleep",
          runId: run.id,
          stepId: op.id,
          runAt: new Date(target),
          dedupeKey: `sleep:${run.id}:${op.id}`,
        });
        break;
      }
      case "WaitForEvent": {
        const timeout = parseDuration(String(op.opts?.timeout ?? "")) ?? eng.limits.maxSleepMs;
        const expires = new Date(now + Math.min(timeout, eng.limits.maxSleepMs) * eng.waitScale);
        const inserted = await c.query(
          `INSERT INTO ${eng.store.s}.waits (run_id, step_id, kind, event_name, expr, expires_at) VALUES ($1,$2,'event',$3,$4,$5) ON CONFLICT DO NOTHING`,
          [run.id, op.id, op.name ?? String(op.opts?.event ?? ""), typeof op.opts?.if === "string" ? op.opts.if : null, expires],
        );
        if (inserted.rowCount)
          await enqueueJob(eng, c, {
            kind: "wait-timeout",
            runId: run.id,
            stepId: op.id,
            runAt: expires,
            dedupeKey: `wait-timeout:${run.id}:${op.id}`,
          });
        break;
      }
      case "InvokeFunction":
        await startInvoke(eng, c, run, op, now);
        break;
      case "RunComplete":
        return completeRun(eng, c, run, op.data ?? null);
      case "DiscoveryRequest":
        await maybeDiscover(eng, c, run);
        break;
      default: {
        // WaitForSignal, Gateway (step.fetch), AIGateway (step.ai.infer): not implemented by this runner.
        const error = { name: "Error", message: `the local Inngest runner does not implement the ${op.op} op` };
        if (await saveMemo(eng, c, run, op.id, { error }, { ...info, status: "failed", error })) await maybeDiscover(eng, c, run);
      }
    }
  }
}

async function startInvoke(eng: Engine, c: pg.PoolClient, run: RunRow, op: Op, now: number): Promise<void> {
  const opts = (op.opts ?? {}) as { function_id?: string; payload?: { data?: Record<string, unknown>; v?: string }; timeout?: string };
  const timeout = parseDuration(opts.timeout ?? "") ?? DEFAULT_INVOKE_TIMEOUT_MS;
  const expires = new Date(now + Math.min(timeout, DEFAULT_INVOKE_TIMEOUT_MS));
  const correlationId = `${run.id}.${op.id}`;
  const inserted = await c.query(
    `INSERT INTO ${eng.store.s}.waits (run_id, step_id, kind, correlation_id, expires_at) VALUES ($1,$2,'invoke',$3,$4) ON CONFLICT DO NOTHING`,
    [run.id, op.id, correlationId, expires],
  );
  if (!inserted.rowCount) return; // re-reported by a later discovery: the child already exists
  const target = opts.function_id ? await loadFunction(eng, c, opts.function_id) : undefined;
  if (!target) {
    await c.query(`DELETE FROM ${eng.store.s}.waits WHERE run_id = $1 AND step_id = $2`, [run.id, op.id]);
    const error = { name: "Error", message: `could not find function ${opts.function_id ?? "(none)"} to invoke` };
    if (await saveMemo(eng, c, run, op.id, { error }, { op: op.op, name: op.name, displayName: op.displayName, status: "failed", error }))
      await maybeDiscover(eng, c, run);
    return;
  }
  await enqueueJob(eng, c, {
    kind: "invoke-timeout",
    runId: run.id,
    stepId: op.id,
    runAt: expires,
    dedupeKey: `invoke-timeout:${run.id}:${op.id}`,
  });
  const event = {
    id: ulid(),
    name: "inngest/function.invoked",
    data: { ...(opts.payload?.data ?? {}), _inngest: { fn_id: target.id, correlation_id: correlationId } },
    ts: now,
    user: {},
    ...(opts.payload?.v ? { v: opts.payload.v } : {}),
  };
  const childId = await createRun(eng, c, {
    fn: target,
    events: [event],
    parent: { runId: run.id, stepId: op.id },
    concurrencyKeys: concurrencyKeys(target, event),
  });
  await history(eng, c, run.id, "invoke.started", { child_run_id: childId, function_id: target.id }, op.id);
}
