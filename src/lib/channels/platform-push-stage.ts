/**
 * The platform_push stage of a sync run (after inventory): one push of every active channel of the
 * shop, queued as ChannelPush rows of the run, each channel then pushed by its own push-channel run
 * so a channel in trouble never holds another back. The stage's total is the listings that differ
 * when it starts; push-channel adds what each channel settles and completes the stage when the
 * last of the run's channels finishes (channel-push-queries.ts). The sync run itself does not wait
 * for the channels: its copy of the store is complete.
 */
import { finishStage, setStageTotal, startStage } from "../sync/sync-runs";
import { queueShopChannelPushes, recordShopPushDryRun, type QueuedPush } from "./channel-push-queries";

export async function startPlatformPushStage(shopId: string, syncRunId: string): Promise<QueuedPush[]> {
  await startStage(syncRunId, "platform_push");
  const queued = await queueShopChannelPushes(shopId, { reason: "sync", syncRunId });
  await setStageTotal(
    syncRunId,
    "platform_push",
    queued.reduce((sum, push) => sum + push.pending, 0),
  );
  if (queued.length === 0) await finishStage(syncRunId, "platform_push", { status: "COMPLETED" });
  return queued;
}

/** Dry run: per channel the SKUs a push would change, from and to, recorded on the run; nothing is sent. */
export async function recordPlatformPushDryRun(shopId: string, syncRunId: string): Promise<{ channels: number; changes: number }> {
  await startStage(syncRunId, "platform_push");
  const result = await recordShopPushDryRun(shopId, syncRunId);
  await setStageTotal(syncRunId, "platform_push", result.changes);
  await finishStage(syncRunId, "platform_push", { status: "COMPLETED" });
  return result;
}
