/**
 * The durable queue's worker: claims due jobs with FOR UPDATE SKIP LOCKED, respecting concurrency
 * keys (a call job may start only while its keys have free slots among claimed call jobs), and runs
 * them. Each runner process registers a worker row with a heartbeat; jobs claimed by a worker that
 * died (stale heartbeat, or a dead pid on this host) go back to the queue, so in-flight steps retry.
 */
import os from "node:os";
import { randomUUID } from "node:crypto";
import type { Engine, JobRow } from "./context.ts";
import { processJob } from "./executor.ts";
import { limitOfKey } from "./flow-control.ts";
import { tx } from "../store/db.ts";

export interface SchedulerOptions {
  /** Jobs processed at once by this runner (call requests in flight). */
  maxInFlight: number;
  pollMs: number;
  heartbeatMs: number;
  /** A worker whose heartbeat is older than this is dead. */
  staleMs: number;
}

const CLAIM_LOCK = "inngest-runner-claim";

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export class Scheduler {
  readonly workerId = randomUUID();
  private inFlight = 0;
  private stopped = false;
  private wake: (() => void) | undefined;
  private timers: NodeJS.Timeout[] = [];
  private loopDone: Promise<void> | undefined;
  private readonly active = new Set<Promise<void>>();
  /**
   * Jobs that failed while PostgreSQL was unreachable and could not be put back then: still claimed
   * by this (live) worker, so no reaper frees them. Each heartbeat retries until the database is back.
   */
  private readonly unreleased = new Set<string>();

  constructor(
    private readonly eng: Engine,
    private readonly opts: SchedulerOptions,
  ) {}

  kick(): void {
    this.wake?.();
  }

  async start(): Promise<void> {
    const { s } = this.eng.store;
    await this.eng.store.pool.query(`INSERT INTO ${s}.workers (id, host, pid) VALUES ($1,$2,$3)`, [
      this.workerId,
      os.hostname(),
      process.pid,
    ]);
    await this.reap();
    this.timers.push(
      setInterval(() => {
        void this.heartbeat().catch((err: Error) => this.eng.log(`heartbeat failed: ${err.message}`));
      }, this.opts.heartbeatMs),
    );
    this.loopDone = this.loop();
  }

  /**
   * Stop claiming, give in-flight jobs up to `graceMs` to finish, then release what is left to the
   * queue (a step still executing in the app is retried by the next runner, as after a crash).
   */
  async stop(graceMs = 5000): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.kick();
    await this.loopDone;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.active]), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    const { s } = this.eng.store;
    await this.eng.store.pool
      .query(`UPDATE ${s}.jobs SET claimed_by = NULL, claimed_at = NULL WHERE claimed_by = $1`, [this.workerId])
      .catch(() => undefined);
    await this.eng.store.pool.query(`DELETE FROM ${s}.workers WHERE id = $1`, [this.workerId]).catch(() => undefined);
  }

  private async heartbeat(): Promise<void> {
    const { s, pool } = this.eng.store;
    // The worker row may have been reaped while the database was away (a stale heartbeat): come back.
    await pool.query(`INSERT INTO ${s}.workers (id, host, pid) VALUES ($1,$2,$3) ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()`, [
      this.workerId,
      os.hostname(),
      process.pid,
    ]);
    await this.releaseStranded();
    await this.reap();
  }

  /** Puts back the jobs whose release failed (see `unreleased`). */
  private async releaseStranded(): Promise<void> {
    if (this.unreleased.size === 0) return;
    const ids = [...this.unreleased];
    await this.eng.store.pool.query(
      `UPDATE ${this.eng.store.s}.jobs SET claimed_by = NULL, claimed_at = NULL, run_at = now() WHERE id = ANY($1::bigint[]) AND claimed_by = $2`,
      [ids, this.workerId],
    );
    for (const id of ids) this.unreleased.delete(id);
    this.eng.log(`put back ${ids.length} job(s) stranded while the database was unreachable: ${ids.join(",")}`);
    this.kick();
  }

  /** Release jobs held by dead workers. */
  private async reap(): Promise<void> {
    const { s, pool } = this.eng.store;
    const { rows } = await pool.query<{ id: string; host: string; pid: number; stale: boolean }>(
      `SELECT id, host, pid, heartbeat_at < now() - make_interval(secs => $2::float8 / 1000) AS stale FROM ${s}.workers WHERE id <> $1`,
      [this.workerId, this.opts.staleMs],
    );
    const dead = rows.filter((w) => w.stale || (w.host === os.hostname() && !pidAlive(w.pid))).map((w) => w.id);
    if (dead.length) {
      await pool.query(`DELETE FROM ${s}.workers WHERE id = ANY($1)`, [dead]);
      this.eng.log(`released the jobs of ${dead.length} dead runner(s)`);
    }
    const released = await pool.query(
      `UPDATE ${s}.jobs SET claimed_by = NULL, claimed_at = NULL WHERE claimed_by IS NOT NULL AND claimed_by NOT IN (SELECT id FROM ${s}.workers)`,
    );
    if (released.rowCount) this.kick();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let claimed: JobRow[] = [];
      try {
        const free = this.opts.maxInFlight - this.inFlight;
        if (free > 0) claimed = await this.claim(free);
      } catch (err) {
        this.eng.log(`claim failed: ${(err as Error).message}`);
      }
      for (const job of claimed) this.run(job);
      if (claimed.length === 0 || this.inFlight >= this.opts.maxInFlight) await this.sleep(this.opts.pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private run(job: JobRow): void {
    this.inFlight++;
    const p = processJob(this.eng, job)
      .catch(async (err: Error) => {
        this.eng.log(`job ${job.id} (${job.kind} ${job.run_id ?? ""} ${job.step_id ?? ""}) failed: ${err.stack ?? err.message}`);
        // Put it back a little later rather than losing it. When the database itself is what failed,
        // the heartbeat keeps trying (the job would otherwise stay claimed by this live worker forever).
        await this.eng.store.pool
          .query(
            `UPDATE ${this.eng.store.s}.jobs SET claimed_by = NULL, claimed_at = NULL, run_at = now() + interval '1 second' WHERE id = $1`,
            [job.id],
          )
          .catch(() => this.unreleased.add(String(job.id)));
      })
      .finally(() => {
        this.inFlight--;
        this.active.delete(p);
        this.kick();
      });
    this.active.add(p);
  }

  private async claim(max: number): Promise<JobRow[]> {
    const { s } = this.eng.store;
    return tx(this.eng.store, async (c) => {
      // One claimer at a time, so concurrency counts cannot race between runners.
      await c.query("SELECT pg_advisory_xact_lock(hashtext($1))", [CLAIM_LOCK]);
      const { rows } = await c.query<JobRow & { concurrency_keys: string[] }>(
        `SELECT id, kind, run_id, step_id, attempt, run_at, payload, concurrency_keys FROM ${s}.jobs
         WHERE claimed_by IS NULL AND run_at <= now() ORDER BY run_at, id LIMIT 200 FOR UPDATE SKIP LOCKED`,
      );
      const picked: JobRow[] = [];
      const usage = new Map<string, number>();
      for (const job of rows) {
        if (picked.length >= max) break;
        if (job.kind === "call" && job.concurrency_keys.length) {
          let blocked = false;
          for (const key of job.concurrency_keys) {
            if (!usage.has(key)) {
              const { rows: n } = await c.query<{ n: number }>(
                `SELECT count(*)::int AS n FROM ${s}.jobs WHERE claimed_by IS NOT NULL AND kind = 'call' AND $1 = ANY(concurrency_keys)`,
                [key],
              );
              usage.set(key, n[0]?.n ?? 0);
            }
            if ((usage.get(key) ?? 0) >= limitOfKey(key)) blocked = true;
          }
          if (blocked) continue;
          for (const key of job.concurrency_keys) usage.set(key, (usage.get(key) ?? 0) + 1);
        }
        picked.push(job);
      }
      if (picked.length) {
        await c.query(`UPDATE ${s}.jobs SET claimed_by = $1, claimed_at = now() WHERE id = ANY($2)`, [
          this.workerId,
          picked.map((j) => j.id),
        ]);
      }
      return picked;
    });
  }
}
