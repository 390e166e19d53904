/**
 * What the syncing page and dashboard show: the shop's sync state and its newest run's stages,
 * straight from the rows the sync writes. Nothing here estimates.
 */
import { reinstallPath } from "../dashboard/shop-status";
import { db } from "../db";
import { AppError } from "../errors";
import { syncRunChannelPushes, type ChannelPushView } from "../channels/channel-push-queries";
import { byStageOrder, isSyncStage, PLATFORM_PUSH, STAGE_WORDS } from "./resources";

export interface SyncStageDto {
  resource: string;
  /** The registry's stage title ("Products") and noun ("products"); absent for a stage it does not name. */
  label?: string;
  noun?: string;
  status: string;
  processed: number;
  total: number | null;
  error: string | null;
  /** platform_push: each channel's push of this run, with its real counts. */
  channels?: ChannelPushCount[];
}

export type ChannelPushCount = Pick<ChannelPushView, "status" | "pending" | "sent" | "accepted" | "rejected" | "failures" | "outcome"> & {
  name: string;
  kind: string;
};

export interface SyncStatusDto {
  status: "PENDING" | "RUNNING" | "COMPLETED" | "FAILED";
  progress: number;
  stages: SyncStageDto[];
  lastSyncAt: string | null;
  error: string | null;
  /** Id of the newest sync run, if any. */
  runId: string | null;
  /** Plain-language facts the merchant should know (e.g. a scope that was not granted). */
  notices: string[];
  /** Set when Shopify refused the shop's token: no sync can succeed until the merchant reinstalls here. */
  reinstallUrl: string | null;
}

export async function getSyncStatus(shopDomain: string): Promise<SyncStatusDto> {
  const shop = await db().shop.findUnique({
    where: { domain: shopDomain },
    select: {
      syncStatus: true,
      syncProgress: true,
      lastSyncAt: true,
      lastSyncError: true,
      scopes: true,
      uninstalledAt: true,
      needsReinstall: true,
      syncRuns: {
        orderBy: { createdAt: "desc" },
        take: 1,
        select: { id: true, stages: { select: { resource: true, status: true, processed: true, total: true, error: true } } },
      },
    },
  });
  if (!shop || shop.uninstalledAt) throw new AppError("unauthorized", "this shop is not installed; install ShopSync again");
  const run = shop.syncRuns[0];
  const stages = byStageOrder(
    (run?.stages ?? []).map((stage) => ({
      ...stage,
      resource: String(stage.resource),
      status: String(stage.status),
      ...(isSyncStage(stage.resource) ? { label: STAGE_WORDS[stage.resource].label, noun: STAGE_WORDS[stage.resource].noun } : {}),
    })),
  );
  const push = stages.find((stage) => stage.resource === PLATFORM_PUSH);
  if (push && run) {
    const channels = await syncRunChannelPushes(run.id);
    Object.assign(push, {
      channels: channels.map(({ channelName, channelKind, status, pending, sent, accepted, rejected, failures, outcome }) => ({
        name: channelName,
        kind: channelKind,
        status,
        pending,
        sent,
        accepted,
        rejected,
        failures,
        outcome,
      })),
    });
  }
  const notices: string[] = [];
  if (!shop.scopes.split(",").includes("read_all_orders")) {
    notices.push("Orders older than 60 days are not included: Shopify did not grant the read_all_orders scope.");
  }
  return {
    status: shop.syncStatus,
    progress: shop.syncProgress,
    stages,
    lastSyncAt: shop.lastSyncAt?.toISOString() ?? null,
    error: shop.lastSyncError,
    runId: run?.id ?? null,
    notices,
    reinstallUrl: shop.needsReinstall ? reinstallPath(shopDomain) : null,
  };
}
