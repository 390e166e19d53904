/**
 * Cron triggers as durable jobs: one `cron` job per (function, expression), re-armed after each tick.
 * A runner that was down across several ticks fires once on restart, then resumes the schedule.
 */
import type pg from "pg";
import { jitterMs, nextFireTime } from "../cron.ts";
import { ulid } from "../ids.ts";
import type { CronTrigger, InngestEvent } from "../types.ts";
import type { Engine, FunctionRow } from "./context.ts";
import { storeEventFor } from "./events.ts";
import { enqueueJob } from "./runs.ts";

interface CronPayload {
  function_id: string;
  cron: string;
  jitter?: string;
  scheduled_at: string;
}

const cronKey = (fnId: string, cron: string): string => `cron:${fnId}:${cron}`;

async function armCron(eng: Engine, c: pg.PoolClient, fnId: string, trigger: CronTrigger, after: Date): Promise<void> {
  const next = nextFireTime(trigger.cron, after);
  if (!next) {
    eng.log(`function ${fnId}: invalid or exhausted cron "${trigger.cron}", not scheduled`);
    return;
  }
  const payload: CronPayload = { function_id: fnId, cron: trigger.cron, jitter: trigger.jitter, scheduled_at: next.toISOString() };
  await enqueueJob(eng, c, {
    kind: "cron",
    runAt: new Date(next.getTime() + jitterMs(trigger.jitter)),
    dedupeKey: cronKey(fnId, trigger.cron),
    payload,
  });
}

/** After a sync: arm new cron triggers, drop jobs of removed ones. */
export async function reconcileCrons(eng: Engine, c: pg.PoolClient, functions: FunctionRow[], removedIds: string[]): Promise<void> {
  const keep: string[] = [];
  for (const fn of functions) {
    for (const trigger of fn.config.triggers) {
      if (!("cron" in trigger)) continue;
      keep.push(cronKey(fn.id, trigger.cron));
      await armCron(eng, c, fn.id, trigger, new Date());
    }
  }
  const ids = [...functions.map((f) => f.id), ...removedIds];
  await c.query(
    `DELETE FROM ${eng.store.s}.jobs WHERE kind = 'cron' AND payload->>'function_id' = ANY($1) AND NOT (dedupe_key = ANY($2)) AND claimed_by IS NULL`,
    [ids, keep],
  );
}

export async function fireCron(eng: Engine, c: pg.PoolClient, jobId: string): Promise<void> {
  const { rows } = await c.query<{ payload: CronPayload }>(`DELETE FROM ${eng.store.s}.jobs WHERE id = $1 RETURNING payload`, [jobId]);
  const payload = rows[0]?.payload;
  if (!payload) return;
  const { rows: fns } = await c.query<FunctionRow>(`SELECT id, app_url, name, url, config FROM ${eng.store.s}.functions WHERE id = $1`, [
    payload.function_id,
  ]);
  const fn = fns[0];
  const trigger = fn?.config.triggers.find((t): t is CronTrigger => "cron" in t && t.cron === payload.cron);
  if (!fn || !trigger) return;
  const now = Date.now();
  // inngest/scheduled.timer is the name the v4 SDK accepts for cron triggers (protocol note §4).
  const id = ulid(now);
  const event: InngestEvent = {
    id,
    name: "inngest/scheduled.timer",
    data: { cron: payload.cron, scheduledAt: payload.scheduled_at, fireAt: new Date(now).toISOString() },
    ts: now,
    user: {},
  };
  await storeEventFor(eng, c, fn, event);
  await armCron(eng, c, fn.id, trigger, new Date(Math.max(now, Date.parse(payload.scheduled_at))));
}
