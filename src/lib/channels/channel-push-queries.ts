/**
 * ChannelPush rows: every push request of a channel as the merchant sees it (push history, the
 * sync's platform_push stage with real counts per channel). A request queues a row and sends
 * channel/push.requested; the channel's push-channel run (one at a time per channel) claims every
 * queued row when it starts and again before it ends, so a request that arrived while it ran
 * (whose event the singleton skipped) is served by that run instead of being lost. Every row a
 * run claimed gets that run's counts and its end.
 *
 * Nothing is left "running" without a run behind it: a claimed row carries the run's id and a
 * lease the run's steps renew. A run that fails or is cancelled has its rows finished by
 * push-channel-ended (finishRunPushes); a row whose lease ran out (its run gone and even that
 * handler lost) is finished by wake-channel-pushes (recoverOrphanedPushes). Either way the channel
 * gets a fresh queued push, which wake-channel-pushes sends, so it is not left stale.
 */
import type { Prisma } from "../../generated/prisma/client";
import { db } from "../db";
import { computeDesiredQuantities } from "./desired-quantities";
import { dryRunChannelPush, type DryRunChange } from "./dry-run";
import { countPendingListings } from "./push-queries";

/** `retry`: queued again because the run serving an earlier request ended without finishing it. */
export type PushReason = "connected" | "manual" | "webhook" | "verify" | "sync" | "retry";

/**
 * How long a running push stays claimed without its run touching it, beyond any sleep the run
 * announced. Longer than a step can take with Inngest's own retries of it (15 s, 30 s and 1 min
 * backoff, each with up to 30 s of jitter) plus a slow batch (100 Amazon SKUs at 5/s with the
 * connector's retries), with room to spare: a live run never loses its rows.
 */
export const PUSH_LEASE_MS = 15 * 60_000;

const leaseFrom = (quietUntil: Date = new Date()) => new Date(Math.max(quietUntil.getTime(), Date.now()) + PUSH_LEASE_MS);

export interface QueuedPush {
  channelId: string;
  pushId: string;
  /** Listings that differ from what the channel acknowledged. */
  pending: number;
}

async function activeChannelsOfShop(shopId: string): Promise<{ id: string; name: string; kind: string }[]> {
  return db().channelConnection.findMany({
    where: { shopId, status: "active" },
    select: { id: true, name: true, kind: true },
    orderBy: { name: "asc" },
  });
}

/** Queues a push of every active channel of the shop, each with how many listings differ now. */
export async function queueShopChannelPushes(shopId: string, request: { reason: PushReason; syncRunId?: string }): Promise<QueuedPush[]> {
  const queued: QueuedPush[] = [];
  for (const channel of await activeChannelsOfShop(shopId)) {
    await computeDesiredQuantities(channel.id);
    const pending = await countPendingListings(channel.id);
    const row = await db().channelPush.create({
      data: { channelId: channel.id, shopId, reason: request.reason, syncRunId: request.syncRunId ?? null, pending },
      select: { id: true },
    });
    queued.push({ channelId: channel.id, pushId: row.id, pending });
  }
  return queued;
}

/** Queues one push of one channel (the merchant's Push now, connecting, the daily verify). */
export async function queueChannelPush(channel: { id: string; shopId: string }, reason: PushReason): Promise<QueuedPush> {
  await computeDesiredQuantities(channel.id);
  const pending = await countPendingListings(channel.id);
  const row = await db().channelPush.create({
    data: { channelId: channel.id, shopId: channel.shopId, reason, pending },
    select: { id: true },
  });
  return { channelId: channel.id, pushId: row.id, pending };
}

/**
 * A push-channel run starts: it takes every queued row of its channel; with none queued (an event
 * sent without one), it opens its own row. Rows left running by a run that crashed are its own
 * (the run resumes them). Every row it serves is marked with its run id and leased. Returns how
 * many rows the run now serves, and whether the channel's SKUs were ever listed (a connect push
 * that failed before listing them leaves a channel the retry must list first).
 */
export async function startChannelPushes(
  channelId: string,
  reason: PushReason,
  runId: string,
): Promise<{ serving: number; everListed: boolean }> {
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT id FROM "ChannelConnection" WHERE id = ${channelId} FOR UPDATE`;
    const channel = await tx.channelConnection.findUnique({ where: { id: channelId }, select: { shopId: true, listingsSyncedAt: true } });
    if (!channel) return { serving: 0, everListed: false };
    const everListed = channel.listingsSyncedAt !== null;
    const { count } = await tx.channelPush.updateMany({
      where: { channelId, status: { in: ["queued", "running"] } },
      data: { status: "running", runId, leaseUntil: leaseFrom() },
    });
    await tx.channelPush.updateMany({ where: { channelId, status: "running", startedAt: null }, data: { startedAt: new Date() } });
    if (count > 0) return { serving: count, everListed };
    await tx.channelPush.create({
      data: {
        channelId,
        shopId: channel.shopId,
        reason,
        status: "running",
        startedAt: new Date(),
        pending: null,
        runId,
        leaseUntil: leaseFrom(),
      },
      select: { id: true },
    });
    return { serving: 1, everListed };
  });
}

/**
 * The run is alive and will next touch its rows after `quietUntil` (a sleep until a probe, a
 * backoff, a feed poll): its lease runs from then.
 */
export async function renewChannelPushLease(channelId: string, quietUntil?: Date): Promise<void> {
  await db().channelPush.updateMany({ where: { channelId, status: "running" }, data: { leaseUntil: leaseFrom(quietUntil) } });
}

/** Active channels with a push request queued longer than `waitedMs` and no push of theirs running. */
export async function channelsWithStaleQueuedPushes(waitedMs: number): Promise<{ id: string; shopId: string }[]> {
  return db().$queryRaw<{ id: string; shopId: string }[]>`
    SELECT c.id, c."shopId" FROM "ChannelConnection" c
    WHERE c.status = 'active'
      AND EXISTS (SELECT 1 FROM "ChannelPush" p WHERE p."channelId" = c.id AND p.status = 'queued'
                  AND p."createdAt" < now() - make_interval(secs => ${waitedMs / 1000}))
      AND NOT EXISTS (SELECT 1 FROM "ChannelPush" p WHERE p."channelId" = c.id AND p.status = 'running')`;
}

export interface PushProgress {
  sent: number;
  accepted: number;
  rejected: number;
  failures: number;
}

/**
 * Adds a batch's counts to every row the channel's run serves, and the SKUs it settled (accepted
 * or rejected) to the platform_push stage of each sync run among them.
 */
export async function recordChannelPushProgress(channelId: string, progress: PushProgress): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.channelPush.updateMany({
      where: { channelId, status: "running" },
      data: {
        leaseUntil: leaseFrom(),
        sent: { increment: progress.sent },
        accepted: { increment: progress.accepted },
        rejected: { increment: progress.rejected },
        failures: { increment: progress.failures },
      },
    });
    const settled = progress.accepted + progress.rejected;
    if (settled === 0) return;
    await tx.$executeRaw`
      UPDATE "SyncStage" s SET processed = s.processed + ${settled}, "updatedAt" = now()
      FROM (SELECT DISTINCT "syncRunId" FROM "ChannelPush" WHERE "channelId" = ${channelId} AND status = 'running' AND "syncRunId" IS NOT NULL) p
      WHERE s."syncRunId" = p."syncRunId" AND s.resource = 'platform_push'`;
  });
}

/** How a run ended, in the words the Channels page and the syncing page show. */
const OUTCOME_WORDS: Record<string, string> = {
  in_step: "every mapped SKU shows what Shopify says is sellable",
  inactive: "the channel is not active",
  auth_failed: "the channel refused its credentials: connect it again",
  turn_limit: "stopped after its step budget; the next push continues",
  failed: "the push failed; it is pushed again",
  cancelled: "the push was cancelled; it is pushed again",
  orphaned: "the push stopped without finishing; it is pushed again",
};

/**
 * The run ends: every row it served is finished, and the platform_push stage of each sync run
 * whose channels have all finished is completed (naming the channels that did not get in step).
 * Returns the sync runs whose stage was finished.
 */
export async function finishChannelPushes(channelId: string, ended: string): Promise<string[]> {
  return db().$transaction(async (tx) => {
    const rows = await tx.channelPush.findMany({ where: { channelId, status: "running" }, select: rowKeys });
    const finished = await finishRows(tx, rows, ended);
    // Out of steps with listings still pending: the next run carries on from a fresh request.
    if (ended === "turn_limit") await requeueChannels(tx, rows);
    return finished;
  });
}

/**
 * The run is in step: it ends (its rows finished) unless a request was queued since it last
 * claimed, in which case it takes those rows and goes round again. One transaction under the
 * channel's row lock, so a request queued before it commits is served, not left queued behind a
 * run that ends (its event skipped by the singleton). A request queued after the commit while the
 * run is still finishing leaves a narrower window, which wake-channel-pushes closes.
 */
export async function finishInStepUnlessQueued(channelId: string, runId: string): Promise<{ finished: boolean }> {
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT id FROM "ChannelConnection" WHERE id = ${channelId} FOR UPDATE`;
    const { count } = await tx.channelPush.updateMany({
      where: { channelId, status: "queued" },
      data: { status: "running", startedAt: new Date(), runId, leaseUntil: leaseFrom() },
    });
    if (count > 0) return { finished: false };
    await finishRows(tx, await tx.channelPush.findMany({ where: { channelId, status: "running" }, select: rowKeys }), "in_step");
    return { finished: true };
  });
}

/**
 * A push-channel run failed (its retries spent, the app down) or was cancelled: the rows it still
 * serves are finished with that end, and its channel, if still active, gets a fresh queued push
 * (unless one is queued already) that wake-channel-pushes sends: the changes it did not push are
 * not forgotten until the next change. Rows another run took over since are left to that run.
 */
export async function finishRunPushes(
  runId: string,
  ended: "failed" | "cancelled",
): Promise<{ finished: number; requeued: QueuedChannel[] }> {
  return db().$transaction(async (tx) => {
    const rows = await tx.channelPush.findMany({ where: { runId, status: "running" }, select: rowKeys });
    await finishRows(tx, rows, ended);
    return { finished: rows.length, requeued: await requeueChannels(tx, rows) };
  });
}

/**
 * Running rows whose lease ran out: their run is gone without having finished them (or even its
 * failure handler was lost). Finished as orphaned, their channels queued again. Returns the
 * channels queued again (to be pushed now).
 */
export async function recoverOrphanedPushes(): Promise<QueuedChannel[]> {
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<RowKeys[]>`
      SELECT id, "channelId", "syncRunId" FROM "ChannelPush"
      WHERE status = 'running'
        AND COALESCE("leaseUntil", COALESCE("startedAt", "createdAt") + make_interval(secs => ${PUSH_LEASE_MS / 1000})) < now()
      FOR UPDATE SKIP LOCKED`;
    await finishRows(tx, rows, "orphaned");
    return requeueChannels(tx, rows);
  });
}

const rowKeys = { id: true, channelId: true, syncRunId: true } as const;
type RowKeys = { id: string; channelId: string; syncRunId: string | null };
type QueuedChannel = { id: string; shopId: string };

/** A fresh queued push for each active channel of these rows that has none queued or running. */
async function requeueChannels(tx: Prisma.TransactionClient, rows: RowKeys[]): Promise<QueuedChannel[]> {
  const requeued: QueuedChannel[] = [];
  for (const channelId of [...new Set(rows.map((row) => row.channelId))].sort()) {
    await tx.$executeRaw`SELECT id FROM "ChannelConnection" WHERE id = ${channelId} FOR UPDATE`;
    const channel = await tx.channelConnection.findUnique({ where: { id: channelId }, select: { shopId: true, status: true } });
    if (channel?.status !== "active") continue;
    const waiting = await tx.channelPush.count({ where: { channelId, status: { in: ["queued", "running"] } } });
    if (waiting > 0) continue;
    await tx.channelPush.create({ data: { channelId, shopId: channel.shopId, reason: "retry" }, select: { id: true } });
    requeued.push({ id: channelId, shopId: channel.shopId });
  }
  return requeued;
}

/**
 * Finishes these rows, then completes the platform_push stage of each of their sync runs whose
 * pushes have all finished. The stage row is locked before the pushes are read: two channels'
 * runs finishing at once would otherwise each see the other's row still running (neither
 * committed) and neither complete the stage; under the lock, the second reads the first's commit.
 */
async function finishRows(tx: Prisma.TransactionClient, rows: RowKeys[], ended: string): Promise<string[]> {
  const completed = ended === "in_step";
  if (!rows.length) return [];
  await tx.channelPush.updateMany({
    where: { id: { in: rows.map((row) => row.id) } },
    data: { status: completed ? "completed" : "failed", outcome: OUTCOME_WORDS[ended] ?? ended, finishedAt: new Date(), leaseUntil: null },
  });
  const finished: string[] = [];
  for (const syncRunId of [...new Set(rows.flatMap((row) => (row.syncRunId ? [row.syncRunId] : [])))].sort()) {
    await tx.$executeRaw`SELECT id FROM "SyncStage" WHERE "syncRunId" = ${syncRunId} AND resource = 'platform_push' FOR UPDATE`;
    const pushes = await tx.channelPush.findMany({
      where: { syncRunId },
      select: { status: true, outcome: true, channel: { select: { name: true } } },
    });
    if (pushes.some((push) => push.status === "queued" || push.status === "running")) continue;
    const failed = pushes.filter((push) => push.status === "failed");
    await tx.syncStage.updateMany({
      where: { syncRunId, resource: "platform_push" },
      data: {
        status: "COMPLETED",
        finishedAt: new Date(),
        error: failed.length ? failed.map((push) => `${push.channel.name}: ${push.outcome}`).join("; ") : null,
      },
    });
    finished.push(syncRunId);
  }
  return finished;
}

/** A dry run of every active channel of the shop, recorded as dry_run rows of the sync run: nothing is sent. */
export async function recordShopPushDryRun(shopId: string, syncRunId: string): Promise<{ channels: number; changes: number }> {
  let changes = 0;
  const channels = await activeChannelsOfShop(shopId);
  for (const channel of channels) {
    const result = await dryRunChannelPush(channel.id);
    changes += result.changes.length;
    await db().channelPush.create({
      data: {
        channelId: channel.id,
        shopId,
        syncRunId,
        reason: "sync",
        status: "dry_run",
        pending: result.changes.length,
        changes: result.changes as unknown as object[],
        startedAt: new Date(),
        finishedAt: new Date(),
      },
      select: { id: true },
    });
  }
  return { channels: channels.length, changes };
}

export interface ChannelPushView {
  id: string;
  channelId: string;
  channelName: string;
  channelKind: string;
  syncRunId: string | null;
  reason: string;
  status: string;
  pending: number | null;
  sent: number;
  accepted: number;
  rejected: number;
  failures: number;
  outcome: string | null;
  changes: DryRunChange[] | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const pushSelect = {
  id: true,
  channelId: true,
  syncRunId: true,
  reason: true,
  status: true,
  pending: true,
  sent: true,
  accepted: true,
  rejected: true,
  failures: true,
  outcome: true,
  changes: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  channel: { select: { name: true, kind: true } },
} as const;

type PushRow = Omit<ChannelPushView, "channelName" | "channelKind" | "changes"> & {
  changes: unknown;
  channel: { name: string; kind: string };
};

const toView = ({ channel, changes, ...row }: PushRow): ChannelPushView => ({
  ...row,
  channelName: channel.name,
  channelKind: channel.kind,
  changes: Array.isArray(changes) ? (changes as DryRunChange[]) : null,
});

/** The pushes a sync run asked for (its platform_push stage, per channel). */
export async function syncRunChannelPushes(syncRunId: string): Promise<ChannelPushView[]> {
  const rows = await db().channelPush.findMany({ where: { syncRunId }, select: pushSelect, orderBy: { channel: { name: "asc" } } });
  return rows.map(toView);
}

/** A channel's newest pushes, newest first (push history). */
export async function channelPushHistory(channelId: string, limit = 20): Promise<ChannelPushView[]> {
  const rows = await db().channelPush.findMany({ where: { channelId }, select: pushSelect, orderBy: { createdAt: "desc" }, take: limit });
  return rows.map(toView);
}
