/**
 * Every Inngest function the app serves at /api/inngest: one file each under inngest/functions/.
 */
import type { InngestFunction } from "inngest";
import { notifyFirstSyncFinished } from "./functions/notify-first-sync-finished";
import { notifyShop } from "./functions/notify-shop";
import { notifySyncFailed } from "./functions/notify-sync-failed";
import { drainWebhooks } from "./functions/drain-webhooks";
import { pruneHistory } from "./functions/prune-history";
import { processChannelWebhook } from "./functions/process-channel-webhook";
import { publishChannel } from "./functions/publish-channel";
import { pushChannel } from "./functions/push-channel";
import { pushChannelEnded } from "./functions/push-channel-ended";
import { readBackChannel } from "./functions/read-back-channel";
import { reconcileShop } from "./functions/reconcile-shop";
import { reconcileShops } from "./functions/reconcile-shops";
import { relayOutboxFunction } from "./functions/relay-outbox";
import { retryDeadLetters } from "./functions/retry-dead-letters";
import { scheduleChannelPushes } from "./functions/schedule-channel-pushes";
import { scheduleReadBacks } from "./functions/schedule-read-backs";
import { scheduleRefreshes } from "./functions/schedule-refreshes";
import { sendNotificationDigest } from "./functions/send-notification-digest";
import { syncResource } from "./functions/sync-resource";
import { syncShop } from "./functions/sync-shop";
import { verifyChannels } from "./functions/verify-channels";
import { wakeChannelPushes } from "./functions/wake-channel-pushes";
import { wakeWebhookDrains } from "./functions/wake-webhook-drains";

export const functions: InngestFunction.Any[] = [
  syncShop,
  syncResource,
  drainWebhooks,
  wakeWebhookDrains,
  pruneHistory,
  retryDeadLetters,
  scheduleRefreshes,
  reconcileShops,
  reconcileShop,
  pushChannel,
  pushChannelEnded,
  wakeChannelPushes,
  scheduleChannelPushes,
  verifyChannels,
  notifyShop,
  sendNotificationDigest,
  notifySyncFailed,
  notifyFirstSyncFinished,
  publishChannel,
  relayOutboxFunction,
  processChannelWebhook,
  readBackChannel,
  scheduleReadBacks,
];
