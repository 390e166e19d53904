import { describe, expect, it } from "vitest";
import type { GetStepTools } from "inngest";
import type { inngest } from "../../../inngest/client";
import {
  FIRST_POLL_MS,
  MAX_POLL_MS,
  pollTimeoutMs,
  stepsToWaitFor,
  waitForBulkOperation,
} from "../../../inngest/steps/wait-for-bulk-operation";
import type { ShopifyAdmin } from "../../../src/lib/shopify/admin-client";
import { RUN_HEARTBEAT_STALE_MS } from "../../../src/lib/sync/sync-runs";

const HOUR = 3_600_000;
/** Inngest's limit of steps per run. */
const STEP_LIMIT = 1_000;

/**
 * A stand-in for Inngest's step tools with a simulated clock: a wait times out (no webhook, the
 * worst case) after its timeout, and a poll answers RUNNING until the export's duration has passed.
 * It counts every step the helper takes.
 */
function fakeSteps(exportMs: number) {
  let now = 0;
  const ids: string[] = [];
  const step = {
    run: async (id: string) => {
      ids.push(id);
      return {
        id: "gid://shopify/BulkOperation/1",
        status: now >= exportMs ? "COMPLETED" : "RUNNING",
        errorCode: null,
        objectCount: 0,
        rootObjectCount: 0,
        url: null,
        partialDataUrl: null,
      };
    },
    waitForEvent: async (id: string, options: { timeout: string }) => {
      ids.push(id);
      now += Number(/^(\d+)s$/.exec(options.timeout)![1]) * 1000;
      return null;
    },
  };
  return { step: step as unknown as GetStepTools<typeof inngest>, ids, elapsed: () => now };
}

describe("the bulk-export wait schedule", () => {
  it("backs off from 30 s, doubling, to 10 minutes", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 40].map(pollTimeoutMs)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 600_000, 600_000, 600_000]);
    expect(pollTimeoutMs(1)).toBe(FIRST_POLL_MS);
  });

  it("polls often enough to keep the sync run's heartbeat alive", () => {
    expect(MAX_POLL_MS).toBeLessThan(RUN_HEARTBEAT_STALE_MS);
  });

  it("keeps a 6-hour export far inside Inngest's 1,000-step limit", () => {
    expect(stepsToWaitFor(6 * HOUR)).toBe(81);
    expect(stepsToWaitFor(72 * HOUR)).toBeLessThan(STEP_LIMIT);
  });

  it("waits for a 6-hour export with no webhook in the steps the schedule says", async () => {
    const fake = fakeSteps(6 * HOUR);
    const operation = await waitForBulkOperation(fake.step, {
      admin: {} as ShopifyAdmin,
      operationId: "gid://shopify/BulkOperation/1",
      stepPrefix: "bulk-1",
    });
    expect(operation.status).toBe("COMPLETED");
    expect(fake.elapsed()).toBeGreaterThanOrEqual(6 * HOUR);
    expect(fake.ids).toHaveLength(stepsToWaitFor(6 * HOUR));
    expect(new Set(fake.ids).size).toBe(fake.ids.length); // every step id unique, as Inngest requires
    expect(fake.ids.slice(0, 3)).toEqual(["bulk-1-poll-0", "bulk-1-wait-1", "bulk-1-poll-1"]);
  });
});
