/** Shapes exchanged with the inngest@4 SDK (see ../shared/research/inngest-protocol.md §3-§7). */

export interface EventTrigger {
  event: string;
  expression?: string;
}
export interface CronTrigger {
  cron: string;
  jitter?: string;
}
export type Trigger = EventTrigger | CronTrigger;

export interface ConcurrencyOption {
  limit: number;
  key?: string;
  scope?: "fn" | "env" | "account";
}

/** One entry of the register payload's `functions[]`, as `InngestFunction.getConfig` builds it. */
export interface FunctionConfig {
  id: string;
  name?: string;
  triggers: Trigger[];
  steps: Record<string, { id: string; name: string; runtime: { type: string; url: string }; retries?: { attempts?: number } }>;
  idempotency?: string;
  batchEvents?: { maxSize: number; timeout: string; key?: string; if?: string };
  rateLimit?: { limit: number; period: string; key?: string };
  throttle?: { limit: number; period: string; key?: string; burst?: number };
  singleton?: { key?: string; mode: "skip" | "cancel" };
  debounce?: { period: string; key?: string; timeout?: string };
  timeouts?: { start?: string; finish?: string };
  priority?: { run?: string };
  concurrency?: number | ConcurrencyOption | ConcurrencyOption[];
  cancel?: { event: string; if?: string; timeout?: string }[];
}

export interface RegisterPayload {
  url: string;
  appName?: string;
  framework?: string;
  sdk?: string;
  functions?: FunctionConfig[];
}

/** An event as stored and as sent to the SDK. */
export interface InngestEvent {
  id: string;
  name: string;
  data: Record<string, unknown>;
  ts: number;
  user: Record<string, unknown>;
  v?: string;
}

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  [key: string]: unknown;
}

export type OpCode =
  | "StepRun"
  | "Step"
  | "StepPlanned"
  | "StepError"
  | "StepFailed"
  | "Sleep"
  | "WaitForEvent"
  | "InvokeFunction"
  | "RunComplete"
  | "DiscoveryRequest"
  | "WaitForSignal"
  | "Gateway"
  | "AIGateway"
  | "DeferAdd"
  | "DeferAbort"
  | "StepNotFound";

export interface Op {
  id: string;
  op: OpCode;
  name?: string;
  displayName?: string;
  opts?: Record<string, unknown> | null;
  userland?: { id: string; index?: number };
  data?: unknown;
  error?: SerializedError;
  timing?: unknown;
}

export type RunStatus = "queued" | "running" | "completed" | "failed" | "cancelled";
export const ACTIVE_STATUSES: RunStatus[] = ["queued", "running"];
