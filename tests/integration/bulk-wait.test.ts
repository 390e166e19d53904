/**
 * Issue 9 item 7: waiting for a bulk export of any length stays far inside Inngest's 1,000 steps per
 * run. Every export here stays CREATED for 15 s and the bulk_operations/finish webhook is never
 * delivered, so the stages can only poll; the runner's wait clock is scaled so that those 15 s are
 * 6 hours of waitForEvent timeouts. With a fixed 30 s poll a stage needs ~1,441 steps for that
 * (the runner fails it at 1,000); with the backing-off schedule it needs at most 81
 * (inngest/steps/wait-for-bulk-operation.ts), and the sync completes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyncStatusDto } from "@/lib/sync/sync-status";
import type { RunDetail, RunSummary } from "../../dev/inngest-runner/index";
import { stepsToWaitFor } from "../../inngest/steps/wait-for-bulk-operation";
import { queryRows, truncateAppTables } from "./helpers/database";
import { browse, BROWSER_UA, CookieJar, startStack, waitFor, type Stack } from "./helpers/stack";

const EXPORT_MS = 15_000;
const SCALED_EXPORT_MS = 6 * 3_600_000;

describe("a 6-hour bulk export with no finish webhook", { timeout: 240_000 }, () => {
  let stack: Stack;
  beforeAll(async () => {
    await truncateAppTables();
    stack = await startStack({
      runnerSchema: "runner_bulk_wait",
      runnerWaitScale: EXPORT_MS / SCALED_EXPORT_MS,
      sim: { bulkStartDelayMs: EXPORT_MS },
      appEnv: { SYNC_STRATEGY: "bulk" },
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("is polled on the backing-off schedule, far inside the step limit, and the sync completes", async () => {
    const domain = `bulk-wait-${process.pid}.myshopify.com`;
    stack.sim.control.addShop(domain, { size: "tiny", seed: 7 });
    stack.sim.control.setFaults(domain, { webhookDropRate: 1 });
    const jar = new CookieJar();
    const hops = await browse(`${stack.app.url}/api/auth/shopify/install?shop=${domain}`, jar);
    expect(hops.at(-1)!.url).toMatch(/\/syncing$/);
    const final = await waitFor(
      async () => {
        const res = await fetch(`${stack.app.url}/api/sync/status`, {
          headers: { cookie: jar.header(stack.app.url), "user-agent": BROWSER_UA },
        });
        const status = (await res.json()) as SyncStatusDto;
        return status.status === "COMPLETED" || status.status === "FAILED" ? status : undefined;
      },
      180_000,
      `the sync of ${domain}`,
    );
    expect(final.error).toBeNull();
    expect(final.status).toBe("COMPLETED");
    const [row] = await queryRows<{ n: string }>(
      `SELECT count(*) AS n FROM "Product" p JOIN "Shop" s ON s.id = p."shopId" WHERE s.domain = $1`,
      [domain],
    );
    expect(Number(row!.n)).toBe(stack.sim.control.shop(domain).store.products.size);

    // Every stage is its own run: count its steps and its waits per bulk operation.
    const stageRuns = ((await (await fetch(`${stack.runner.url}/v1/runs?limit=50`)).json()) as { data: RunSummary[] }).data.filter((run) =>
      run.function_id.endsWith("sync-resource"),
    );
    expect(stageRuns.map((run) => run.status)).toEqual(["completed", "completed", "completed", "completed"]);
    const waitsPerOperation: number[] = [];
    for (const run of stageRuns) {
      const detail = ((await (await fetch(`${stack.runner.url}/v1/runs/${run.id}`)).json()) as { data: RunDetail }).data;
      const names = detail.steps.map((step) => step.display_name ?? step.name ?? step.id);
      expect(names.length).toBeLessThan(100);
      const waits = new Map<string, number>();
      for (const name of names) {
        const operation = /^bulk-(.+)-wait-\d+$/.exec(name)?.[1];
        if (operation) waits.set(operation, (waits.get(operation) ?? 0) + 1);
      }
      waitsPerOperation.push(...waits.values());
    }
    // The first stage's export was still running when it began: it walked into the back-off
    // (five waits cover the first 15.5 minutes)...
    expect(Math.max(...waitsPerOperation)).toBeGreaterThanOrEqual(5);
    // ...and no export needed more waits than the schedule has for 6 hours.
    for (const waits of waitsPerOperation) expect(1 + 2 * waits).toBeLessThanOrEqual(stepsToWaitFor(SCALED_EXPORT_MS));
  });
});
