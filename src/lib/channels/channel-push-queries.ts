/**
 * ChannelPush rows: every push request of a channel as the merchant sees it (push history, the
 * sync's platform_push stage with real counts per channel). A request queues a row and sends
 * channel/push.requested; the channel's push-channel run (one at a time per channel) claims every
 * queued row when it starts and again before it ends, so a request that arrived while it ran
 * (whose event the singleton skipped) is served by that run instead of being lost. Every row a
 * run claimed gets that run's counts and its end.
 */
import type { Prisma } from "../../generated/prisma/client";
import { db } from "../db";
import { computeDesiredQuantities } from "./desired-quantities";
import { dryRunChannelPush, type DryRunChange } from "./dry-run";
import { countPendingListings } from "./push-queries";

export type PushReason = "connected" | "manual" | "webhook" | "verify" | "sync";

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
 * (the run resumes them). Returns how many rows the run now serves.
 */
export async function startChannelPushes(channelId: string, reason: PushReason): Promise<number> {
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT id FROM "ChannelConnection" WHERE id = ${channelId} FOR UPDATE`;
    const { count } = await tx.channelPush.updateMany({
      where: { channelId, status: "queued" },
      data: { status: "running", startedAt: new Date() },
    });
    const running = await tx.channelPush.count({ where: { channelId, status: "running" } });
    if (running > 0) return running;
    const channel = await tx.channelConnection.findUnique({ where: { id: channelId }, select: { shopId: true } });
    if (!channel) return 0;
    await tx.channelPush.create({
      data: { channelId, shopId: channel.shopId, reason, status: "running", startedAt: new Date(), pending: null },
      select: { id: true },
    });
    return count + 1;
  });
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
  failed: "the push failed",
};

/**
 * The run ends: every row it served is finished, and the platform_push stage of each sync run
 * whose channels have all finished is completed (naming the channels that did not get in step).
 * Returns the sync runs whose stage was finished.
 */
export async function finishChannelPushes(channelId: string, ended: string): Promise<string[]> {
  return db().$transaction((tx) => finishRows(tx, channelId, ended));
}

/**
 * The run is in step: it ends (its rows finished) unless a request was queued since it last
 * claimed, in which case it takes those rows and goes round again. One transaction under the
 * channel's row lock, so a request queued before it commits is served, not left queued behind a
 * run that ends (its event skipped by the singleton). A request queued after the commit while the
 * run is still finishing leaves a narrower window, which wake-channel-pushes closes.
 */
export async function finishInStepUnlessQueued(channelId: string): Promise<{ finished: boolean }> {
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT id FROM "ChannelConnection" WHERE id = ${channelId} FOR UPDATE`;
    const { count } = await tx.channelPush.updateMany({
      where: { channelId, status: "queued" },
      data: { status: "running", startedAt: new Date() },
    });
    if (count > 0) return { finished: false };
    await finishRows(tx, channelId, "in_step");
    return { finished: true };
  });
}

async function finishRows(tx: Prisma.TransactionClient, channelId: string, ended: string): Promise<string[]> {
  const completed = ended === "in_step";
  const rows = await tx.channelPush.findMany({ where: { channelId, status: "running" }, select: { id: true, syncRunId: true } });
  await tx.channelPush.updateMany({
    where: { id: { in: rows.map((row) => row.id) } },
    data: { status: completed ? "completed" : "failed", outcome: OUTCOME_WORDS[ended] ?? ended, finishedAt: new Date() },
  });
  const finished: string[] = [];
  for (const syncRunId of new Set(rows.flatMap((row) => (row.syncRunId ? [row.syncRunId] : [])))) {
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
