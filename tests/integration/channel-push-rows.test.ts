/**
 * ChannelPush rows against real PostgreSQL (no app, no runner): what makes a push request end.
 * - Two channels' runs that finish at the same instant complete their sync run's platform_push
 *   stage (each used to see the other's row still running, neither committed, and neither completed
 *   it: `npm run sync -- --data-type platform_push` then followed a finished push forever). The
 *   instant is forced with a trigger that holds each finishing transaction until both have
 *   written their rows: no timing.
 * - A run that failed or was cancelled: its own rows finished, the channel queued again; rows
 *   another run took over are left alone; an inactive channel is not queued again.
 * - A running row whose lease ran out (its run gone) is recovered and its channel queued again;
 *   a live lease is left alone.
 */
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  finishChannelPushes,
  finishRunPushes,
  recoverOrphanedPushes,
  startChannelPushes,
} from "../../src/lib/channels/channel-push-queries";
import { db } from "../../src/lib/db";
import { queryRows, testDatabaseUrl, truncateAppTables } from "./helpers/database";

let shopId: string;

async function channel(name: string, status: "active" | "paused" = "active"): Promise<string> {
  const row = await db().channelConnection.create({
    data: { shopId, kind: "shipstation", name, credentials: "sealed", status },
    select: { id: true },
  });
  return row.id;
}

async function pushes(channelId: string) {
  return db().channelPush.findMany({
    where: { channelId },
    select: { status: true, reason: true, runId: true, outcome: true },
    orderBy: { createdAt: "asc" },
  });
}

beforeAll(async () => {
  await truncateAppTables();
});

beforeEach(async () => {
  await truncateAppTables();
  shopId = (await db().shop.create({ data: { domain: "rows.myshopify.com" }, select: { id: true } })).id;
});

afterAll(async () => {
  await db().$disconnect();
});

describe("ChannelPush rows", () => {
  it("two channels finishing at once complete the sync run's platform_push stage", async () => {
    const run = await db().syncRun.create({ data: { shopId, kind: "INCREMENTAL", trigger: "manual" }, select: { id: true } });
    await db().syncStage.create({ data: { syncRunId: run.id, resource: "platform_push", status: "RUNNING" } });
    const channels = [await channel("Amazon US"), await channel("ShipStation")];
    for (const [index, channelId] of channels.entries()) {
      await db().channelPush.create({ data: { channelId, shopId, reason: "sync", syncRunId: run.id } });
      await startChannelPushes(channelId, "sync", `run-${index}`);
    }

    // A barrier: each finishing transaction, once it has written its rows, waits until the other
    // has written its own too (both hold their row locks, neither has committed).
    const admin = new pg.Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    try {
      await admin.query(`
        CREATE FUNCTION push_barrier() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_advisory_xact_lock_shared(hashtext(NEW.id));
          FOR i IN 1..3000 LOOP
            EXIT WHEN (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND mode = 'ShareLock' AND granted
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) >= 2;
            PERFORM pg_sleep(0.01);
          END LOOP;
          RETURN NEW;
        END $$`);
      await admin.query(`CREATE TRIGGER push_barrier AFTER UPDATE OF status ON "ChannelPush" FOR EACH ROW EXECUTE FUNCTION push_barrier()`);
      await Promise.all(channels.map((channelId) => finishChannelPushes(channelId, "in_step")));
    } finally {
      await admin.query(`DROP TRIGGER IF EXISTS push_barrier ON "ChannelPush"`);
      await admin.query(`DROP FUNCTION IF EXISTS push_barrier()`);
      await admin.end();
    }

    expect(
      (await queryRows<{ status: string }>(`SELECT status::text FROM "ChannelPush" WHERE "syncRunId" = $1`, [run.id])).map((r) => r.status),
    ).toEqual(["completed", "completed"]);
    expect(await queryRows(`SELECT status::text, error FROM "SyncStage" WHERE "syncRunId" = $1`, [run.id])).toEqual([
      { status: "COMPLETED", error: null },
    ]);
  });

  it("a failed or cancelled run's rows are finished and its channel queued again; another run's rows and inactive channels are left alone", async () => {
    const amazon = await channel("Amazon US");
    const shipStation = await channel("ShipStation");
    const paused = await channel("Paused", "paused");
    await db().channelPush.create({ data: { channelId: amazon, shopId, reason: "manual" } });
    await startChannelPushes(amazon, "manual", "run-failed");
    await startChannelPushes(shipStation, "manual", "run-alive");
    await startChannelPushes(paused, "manual", "run-cancelled");

    expect(await finishRunPushes("run-failed", "failed")).toMatchObject({ finished: 1, requeued: [{ id: amazon, shopId }] });
    expect(await pushes(amazon)).toEqual([
      { status: "failed", reason: "manual", runId: "run-failed", outcome: expect.stringContaining("pushed again") },
      { status: "queued", reason: "retry", runId: null, outcome: null },
    ]);
    // Handled twice (Inngest delivers at least once): nothing more happens.
    expect(await finishRunPushes("run-failed", "failed")).toEqual({ finished: 0, requeued: [] });
    expect(await pushes(amazon)).toHaveLength(2);

    expect(await finishRunPushes("run-cancelled", "cancelled")).toEqual({ finished: 1, requeued: [] });
    expect(await pushes(paused)).toEqual([
      { status: "failed", reason: "manual", runId: "run-cancelled", outcome: expect.stringContaining("cancelled") },
    ]);
    expect(await pushes(shipStation)).toEqual([{ status: "running", reason: "manual", runId: "run-alive", outcome: null }]);

    // A new run took the failed run's rows over before the failure was handled: they are its own now.
    const other = await channel("Other");
    await startChannelPushes(other, "manual", "run-old");
    await startChannelPushes(other, "manual", "run-new");
    expect(await finishRunPushes("run-old", "failed")).toEqual({ finished: 0, requeued: [] });
    expect(await pushes(other)).toEqual([{ status: "running", reason: "manual", runId: "run-new", outcome: null }]);
  });

  it("a running push whose lease ran out is recovered and its channel queued again; a live one is left alone", async () => {
    const gone = await channel("Gone");
    const alive = await channel("Alive");
    await startChannelPushes(gone, "webhook", "run-gone");
    await startChannelPushes(alive, "webhook", "run-alive");
    await queryRows(`UPDATE "ChannelPush" SET "leaseUntil" = now() - interval '1 second' WHERE "channelId" = $1`, [gone]);

    expect(await recoverOrphanedPushes()).toEqual([{ id: gone, shopId }]);
    expect(await pushes(gone)).toEqual([
      { status: "failed", reason: "webhook", runId: "run-gone", outcome: expect.stringContaining("stopped without finishing") },
      { status: "queued", reason: "retry", runId: null, outcome: null },
    ]);
    expect(await pushes(alive)).toEqual([{ status: "running", reason: "webhook", runId: "run-alive", outcome: null }]);
    expect(await recoverOrphanedPushes()).toEqual([]);
  });
});
