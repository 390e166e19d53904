/**
 * A push request is never left "running" without a run that will finish it, over the whole stack
 * (Shopify simulator, runner, the production app, the ShipStation simulator):
 * - the push-channel run serving it is cancelled mid-push (ShipStation in an outage, the connect
 *   push retrying its listing): push-channel-ended finishes its row and queues the channel again,
 *   and once ShipStation answers, wake-channel-pushes sends that request, which lists the channel's
 *   SKUs (never listed yet) and pushes them: every SKU converges;
 * - a running row whose run is gone (its lease ran out, no handler left to finish it) is recovered
 *   by wake-channel-pushes, which pushes the channel again.
 * Each ends with no push queued or running.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunSummary } from "../../dev/inngest-runner/index";
import { startChannelStack, type ChannelStack } from "./helpers/channel-stack";
import { queryRows } from "./helpers/database";
import { waitFor } from "./helpers/stack";

let channels: ChannelStack;
let channelId: string;

const unfinished = () => queryRows(`SELECT id FROM "ChannelPush" WHERE status IN ('queued', 'running')`);
const pushRows = () =>
  queryRows<{ reason: string; status: string; outcome: string | null; runId: string | null }>(
    `SELECT reason, status::text, outcome, "runId" FROM "ChannelPush" WHERE "channelId" = $1 ORDER BY "createdAt"`,
    [channelId],
  );

async function pushRuns(status: string): Promise<RunSummary[]> {
  const response = await fetch(`${channels.stack.runner.url}/v1/runs?function_id=shopsync-push-channel&status=${status}&limit=50`);
  return ((await response.json()) as { data: RunSummary[] }).data;
}

beforeAll(async () => {
  channels = await startChannelStack({ runnerSchema: "runner_push_recovery", appEnv: { SYNC_STRATEGY: "paginate" } });
}, 300_000);

afterAll(async () => {
  await channels?.stop();
});

describe("push requests always end", () => {
  it("a cancelled run's request is finished, queued again and pushed once the channel answers", { timeout: 400_000 }, async () => {
    const { shipStation } = channels;
    await fetch(`${shipStation.url}/__sim/faults`, { method: "PUT", body: JSON.stringify({ outage: true }) });
    const response = await channels.api("/api/channels", {
      method: "POST",
      body: JSON.stringify({ kind: "shipstation", name: "ShipStation", credentials: shipStation.account }),
    });
    expect(response.status).toBe(201);
    channelId = ((await response.json()) as { id: string }).id;

    // The connect push is running (its row claimed by the run) while ShipStation answers nothing.
    const run = await waitFor(
      async () => {
        const [running] = await pushRuns("running");
        const rows = await pushRows();
        return running && rows.some((row) => row.status === "running" && row.runId === running.id) ? running : undefined;
      },
      120_000,
      "the connect push to be running",
    );
    const cancelled = await fetch(`${channels.stack.runner.url}/v1/runs/${run.id}/cancel`, { method: "POST" });
    expect(cancelled.status).toBe(200);

    // (wake-channel-pushes may already have sent the request queued again: queued or taken by a new run.)
    const afterCancel = await waitFor(
      async () => {
        const rows = await pushRows();
        return rows.length === 2 && rows[0]!.status === "failed" ? rows : undefined;
      },
      120_000,
      "the cancelled run's push to be finished and queued again",
    );
    expect(afterCancel[0]).toEqual({ reason: "connected", status: "failed", outcome: expect.stringContaining("cancelled"), runId: run.id });
    expect(afterCancel[1]).toMatchObject({ reason: "retry" });
    expect(afterCancel[1]!.runId).not.toBe(run.id);

    await fetch(`${shipStation.url}/__sim/faults`, { method: "DELETE" });
    await channels.converged(shipStation.url, channelId, 240_000);
    await waitFor(async () => ((await unfinished()).length === 0 ? true : undefined), 240_000, "every push to finish");
    expect((await pushRows()).at(-1)).toMatchObject({ reason: "retry", status: "completed" });
  });

  it("a running request whose run is gone is recovered and pushed again", { timeout: 400_000 }, async () => {
    const shopId = (await queryRows<{ shopId: string }>(`SELECT "shopId" FROM "ChannelConnection" WHERE id = $1`, [channelId]))[0]!.shopId;
    // A row as a run that died (and whose end was never handled) leaves it: running, its lease run out.
    await queryRows(
      `INSERT INTO "ChannelPush" (id, "channelId", "shopId", reason, status, "startedAt", "runId", "leaseUntil")
       VALUES ('orphan', $1, $2, 'webhook', 'running', now() - interval '1 hour', 'a-run-long-gone', now() - interval '1 minute')`,
      [channelId, shopId],
    );
    const rows = await waitFor(
      async () => {
        if ((await unfinished()).length) return undefined;
        const all = await pushRows();
        return all.at(-1)?.reason === "retry" && all.some((row) => row.runId === "a-run-long-gone" && row.status === "failed")
          ? all
          : undefined;
      },
      240_000,
      "the orphaned push to be recovered and pushed again",
    );
    expect(rows.find((row) => row.runId === "a-run-long-gone")).toMatchObject({
      status: "failed",
      outcome: expect.stringContaining("stopped without finishing"),
    });
    expect(rows.at(-1)).toMatchObject({ reason: "retry", status: "completed" });
  });
});
