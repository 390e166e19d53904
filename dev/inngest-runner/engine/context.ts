/** What every engine module needs: the store, limits, knobs, and hooks back into the event path. */
import type pg from "pg";
import type { Limits } from "../limits.ts";
import type { Store } from "../store/db.ts";
import type { FunctionConfig, InngestEvent, RunStatus, SerializedError } from "../types.ts";

export interface Engine {
  store: Store;
  limits: Limits;
  /**
   * Multiplies retry backoff and Retry-After delays (default 1 = Inngest's timing). Tests set it
   * small; sleeps, cron, debounce and throttle always use real time, waits unless waitScale says.
   */
  timeScale: number;
  /**
   * Multiplies waitForEvent timeouts (default 1). Tests of long waits set it small: a bulk export
   * that "takes 6 hours" on this clock takes seconds, with the same step ids and counts.
   */
  waitScale: number;
  signingKey?: string;
  /** How long one call request may take (Inngest's MaxFunctionTimeout is 2 h). */
  callTimeoutMs: number;
  log: (message: string) => void;
  /** Wake the scheduler: a job became due. */
  kick: () => void;
  /** Ingest internal events (lifecycle, cron) inside the caller's transaction. */
  emitEvents: (client: pg.PoolClient, events: InternalEvent[]) => Promise<void>;
}

export interface FunctionRow {
  id: string;
  app_url: string;
  name: string;
  url: string;
  config: FunctionConfig;
}

export interface RunRow {
  id: string;
  function_id: string;
  status: RunStatus;
  event: InngestEvent;
  events: InngestEvent[];
  max_attempts: number;
  force_step_plan: boolean;
  output: unknown;
  error: SerializedError | null;
  parent_run_id: string | null;
  parent_step_id: string | null;
  singleton_key: string | null;
  concurrency_keys: string[];
  replay_of: string | null;
  step_count: number;
  state_bytes: string | number;
  next_seq: number;
  created_at: Date;
  started_at: Date | null;
  ended_at: Date | null;
}

export interface JobRow {
  id: string;
  kind: JobKind;
  run_id: string | null;
  step_id: string | null;
  attempt: number;
  run_at: Date;
  payload: Record<string, unknown> | null;
}

/**
 * call: one call request (stepId "step" = discover, else a planned step); sleep: a Sleep op elapsed;
 * wait-timeout / invoke-timeout: a waitForEvent / invoke deadline; debounce: a debounced run is due;
 * cron: a cron trigger fires; timeout-start / timeout-finish: the function's `timeouts`.
 */
export type JobKind = "call" | "sleep" | "wait-timeout" | "invoke-timeout" | "debounce" | "cron" | "timeout-start" | "timeout-finish";

export const TERMINAL = new Set(["completed", "failed", "cancelled"]);

/** An event the runner itself sends (lifecycle, cron); `id` defaults to a fresh ULID. */
export interface InternalEvent {
  name: string;
  data: Record<string, unknown>;
  id?: string;
}
