/**
 * The event path (protocol note §10): store an event, deduplicate it, resume matching waitForEvent
 * waits, cancel runs whose cancelOn matches, and start the functions it triggers. All of it commits
 * in the transaction that accepted the event, so an acknowledged event is never lost.
 */
import type pg from "pg";
import { evalBool } from "../cel.ts";
import { ulid, ulidFromSeed } from "../ids.ts";
import { byteLength } from "../limits.ts";
import { tx } from "../store/db.ts";
import type { EventTrigger, InngestEvent } from "../types.ts";
import type { Engine, FunctionRow, InternalEvent, RunRow } from "./context.ts";
import { triggerFunction, type TriggerOutcome } from "./flow-control.ts";
import { cancelRun, lockRun, maybeDiscover, saveMemo } from "./runs.ts";

const DEDUPE_WINDOW = "24 hours";

export class EventError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

function normalize(raw: unknown, internalId: string, now: number): { event: InngestEvent; userSetId: boolean } {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new EventError("each event must be a JSON object", 400);
  const e = raw as Record<string, unknown>;
  if (typeof e.name !== "string" || e.name === "") throw new EventError("event name is required", 400);
  if (e.name.length > 512) throw new EventError("event name is longer than 512 characters", 400);
  const userSetId = typeof e.id === "string" && e.id !== "";
  const data = e.data && typeof e.data === "object" && !Array.isArray(e.data) ? (e.data as Record<string, unknown>) : {};
  const event: InngestEvent = {
    id: userSetId ? (e.id as string) : internalId,
    name: e.name,
    data,
    ts: typeof e.ts === "number" ? e.ts : now,
    user: e.user && typeof e.user === "object" ? (e.user as Record<string, unknown>) : {},
  };
  if (typeof e.v === "string") event.v = e.v;
  return { event, userSetId };
}

export function matchesTrigger(trigger: EventTrigger, event: InngestEvent): boolean {
  const name = trigger.event;
  const nameMatches = name.endsWith("*") ? event.name.startsWith(name.slice(0, -1)) : event.name === name;
  return nameMatches && evalBool(trigger.expression, { event });
}

/** Accept events from the event API. Returns one internal id per event, in order. */
export async function ingestEvents(eng: Engine, raw: unknown[], seed?: string): Promise<string[]> {
  const now = Date.now();
  const prepared = raw.map((item, index) => {
    const internalId = ulidFromSeed(seed, index) ?? ulid(now);
    const size = byteLength(item);
    if (size > eng.limits.maxEventBytes)
      throw new EventError(`event of ${size} bytes exceeds the maximum event size of ${eng.limits.maxEventBytes} bytes`, 413);
    return { internalId, ...normalize(item, internalId, now) };
  });
  await tx(eng.store, async (c) => {
    for (const p of prepared) await storeAndProcess(eng, c, p.event, p.internalId, p.userSetId);
  });
  return prepared.map((p) => p.internalId);
}

async function storeAndProcess(eng: Engine, c: pg.PoolClient, event: InngestEvent, internalId: string, userSetId: boolean): Promise<void> {
  if (userSetId) {
    // Serialize concurrent sends of the same id so exactly one of them starts functions.
    await c.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`inngest-runner-event:${event.id}`]);
  }
  const inserted = await c.query(
    `INSERT INTO ${eng.store.s}.events (internal_id, id, name, payload, user_set_id) VALUES ($1,$2,$3,$4,$5) ON CONFLICT (internal_id) DO NOTHING`,
    [internalId, event.id, event.name, JSON.stringify(event), userSetId],
  );
  if (!inserted.rowCount) return; // the SDK retried a send we already accepted (same seed)
  if (userSetId) {
    const { rowCount } = await c.query(
      `SELECT 1 FROM ${eng.store.s}.events WHERE id = $1 AND user_set_id AND internal_id <> $2 AND received_at > now() - interval '${DEDUPE_WINDOW}' LIMIT 1`,
      [event.id, internalId],
    );
    if (rowCount) {
      await setOutcomes(eng, c, internalId, [{ function_id: "*", skipped: "duplicate event id within 24h" }]);
      return;
    }
  }
  await processEvent(eng, c, event, internalId);
}

async function setOutcomes(eng: Engine, c: pg.PoolClient, internalId: string, outcomes: unknown[]): Promise<void> {
  if (outcomes.length)
    await c.query(`UPDATE ${eng.store.s}.events SET outcomes = $2 WHERE internal_id = $1`, [internalId, JSON.stringify(outcomes)]);
}

export async function loadFunctions(eng: Engine, c: pg.PoolClient | pg.Pool): Promise<FunctionRow[]> {
  const { rows } = await c.query<FunctionRow>(`SELECT id, app_url, name, url, config FROM ${eng.store.s}.functions ORDER BY id`);
  return rows;
}

async function processEvent(eng: Engine, c: pg.PoolClient, event: InngestEvent, internalId: string): Promise<void> {
  // 1. waitForEvent: `event` is the waiting run's trigger, `async` the incoming event.
  const waits = await c.query<{ run_id: string; step_id: string; expr: string | null; trigger: InngestEvent }>(
    `SELECT w.run_id, w.step_id, w.expr, r.event AS trigger FROM ${eng.store.s}.waits w JOIN ${eng.store.s}.runs r ON r.id = w.run_id
     WHERE w.kind = 'event' AND w.event_name = $1 AND (w.expires_at IS NULL OR w.expires_at > now()) ORDER BY w.created_at FOR UPDATE OF w`,
    [event.name],
  );
  for (const wait of waits.rows) {
    if (!evalBool(wait.expr ?? undefined, { event: wait.trigger, async: event })) continue;
    await c.query(`DELETE FROM ${eng.store.s}.waits WHERE run_id = $1 AND step_id = $2`, [wait.run_id, wait.step_id]);
    await c.query(`DELETE FROM ${eng.store.s}.jobs WHERE dedupe_key = $1`, [`wait-timeout:${wait.run_id}:${wait.step_id}`]);
    const run = await lockRun(eng, c, wait.run_id);
    if (!run || run.status === "completed" || run.status === "failed" || run.status === "cancelled") continue;
    // Go stores the matched event itself as the memo; the SDK re-validates its name.
    if (await saveMemo(eng, c, run, wait.step_id, event, { op: "WaitForEvent" })) await maybeDiscover(eng, c, run);
  }

  // 2. cancelOn.
  const cancels = await c.query<{ run_id: string; expr: string | null; trigger: InngestEvent }>(
    `SELECT c.run_id, c.expr, r.event AS trigger FROM ${eng.store.s}.cancels c JOIN ${eng.store.s}.runs r ON r.id = c.run_id
     WHERE c.event_name = $1 AND (c.expires_at IS NULL OR c.expires_at > now()) AND r.status IN ('queued','running')`,
    [event.name],
  );
  const cancelled = new Set<string>();
  for (const cancel of cancels.rows) {
    if (cancelled.has(cancel.run_id) || !evalBool(cancel.expr ?? undefined, { event: cancel.trigger, async: event })) continue;
    const run: RunRow | undefined = await lockRun(eng, c, cancel.run_id);
    if (run) await cancelRun(eng, c, run, `cancelOn: ${event.name} ${event.id}`);
    cancelled.add(cancel.run_id);
  }

  // 3. triggers: each function at most once per event.
  const outcomes: TriggerOutcome[] = [];
  for (const fn of await loadFunctions(eng, c)) {
    const triggers = fn.config.triggers.filter((t): t is EventTrigger => "event" in t);
    if (triggers.some((t) => matchesTrigger(t, event))) outcomes.push(await triggerFunction(eng, c, fn, event));
  }
  await setOutcomes(eng, c, internalId, outcomes);
}

/** Lifecycle events (inngest/function.failed, .finished, .cancelled) emitted inside a run's transaction. */
export async function emitInternalEvents(eng: Engine, c: pg.PoolClient, events: InternalEvent[]): Promise<void> {
  const now = Date.now();
  for (const e of events) {
    const internalId = ulid(now);
    const event: InngestEvent = { id: e.id ?? internalId, name: e.name, data: e.data, ts: now, user: {} };
    await c.query(`INSERT INTO ${eng.store.s}.events (internal_id, id, name, payload) VALUES ($1,$2,$3,$4)`, [
      internalId,
      event.id,
      event.name,
      JSON.stringify(event),
    ]);
    await processEvent(eng, c, event, internalId);
  }
}

/** Store an event the runner generated for one function (cron tick) and start that function. */
export async function storeEventFor(eng: Engine, c: pg.PoolClient, fn: FunctionRow, event: InngestEvent): Promise<void> {
  await c.query(`INSERT INTO ${eng.store.s}.events (internal_id, id, name, payload) VALUES ($1,$2,$3,$4)`, [
    event.id,
    event.id,
    event.name,
    JSON.stringify(event),
  ]);
  const outcome = await triggerFunction(eng, c, fn, event);
  await setOutcomes(eng, c, event.id, [outcome]);
}
