/**
 * Waiting for a Shopify bulk export to finish, shared by sync-resource and reconcile-shop.
 *
 * The bulk_operations/finish webhook is the primary signal: it wakes the wait at once. Polling is
 * the fallback for a lost or early webhook, and it backs off because every wait and poll is an
 * Inngest step and a run has at most 1,000: 30 s doubling to 10 min, then every 10 min. A 6-hour
 * export costs 81 steps (stepsToWaitFor), where a fixed 30 s poll needed 1,441; a stage's waits fit
 * its 1,000 steps up to about 80 hours of export.
 *
 * The interval stops growing at 10 minutes because each poll is also the sync run's heartbeat: a
 * run silent for RUN_HEARTBEAT_STALE_MS (15 min, sync-runs.ts) is taken for dead and replaced.
 */
import type { GetStepTools } from "inngest";
import type { inngest } from "../client";
import { shopifyBulkOperationFinished } from "../events";
import { runShopifyStep } from "./run-shopify-step";
import type { ShopifyAdmin } from "../../src/lib/shopify/admin-client";
import { getBulkOperation, isFinished, type BulkOperationState } from "../../src/lib/sync/bulk-sync";

export const FIRST_POLL_MS = 30_000;
/** The longest wait: below the heartbeat's staleness limit (see above). */
export const MAX_POLL_MS = 10 * 60_000;

/**
 * How long the n-th wait (n >= 1) waits for the finish webhook before polling again. A function of
 * n alone, not the clock, so a replayed run plans the same steps.
 */
export function pollTimeoutMs(wait: number): number {
  return Math.min(MAX_POLL_MS, FIRST_POLL_MS * 2 ** Math.max(0, wait - 1));
}

/**
 * Steps a wait for an export that finishes after `durationMs` takes when no webhook arrives (the
 * worst case): the first poll, then a wait and a poll each until the waits cover the duration.
 */
export function stepsToWaitFor(durationMs: number): number {
  let waited = 0;
  let waits = 0;
  while (waited < durationMs) waited += pollTimeoutMs(++waits);
  return 1 + 2 * waits;
}

type StepTools = GetStepTools<typeof inngest>;

export interface WaitForBulkOperationOptions {
  admin: ShopifyAdmin;
  operationId: string;
  /** Prefix of the step ids, unique within the run (e.g. the operation id, or the resource). */
  stepPrefix: string;
  /** The sync run waiting: each poll is its heartbeat (sync-runs.ts, RUN_HEARTBEAT_STALE_MS). */
  syncRunId?: string;
}

/** Polls (and waits for the finish webhook) until the operation is finished; returns its final state. */
export async function waitForBulkOperation(step: StepTools, options: WaitForBulkOperationOptions): Promise<BulkOperationState> {
  const { admin, operationId, stepPrefix, syncRunId } = options;
  const poll = (n: number) =>
    step.run(`${stepPrefix}-poll-${n}`, () =>
      runShopifyStep(() => getBulkOperation(admin, operationId, syncRunId)),
    ) as Promise<BulkOperationState>;
  let operation = await poll(0);
  for (let n = 1; !isFinished(operation.status); n++) {
    await step.waitForEvent(`${stepPrefix}-wait-${n}`, {
      event: shopifyBulkOperationFinished,
      timeout: `${pollTimeoutMs(n) / 1000}s`,
      if: `async.data.bulkOperationId == ${JSON.stringify(operationId)}`,
    });
    operation = await poll(n);
  }
  return operation;
}
