/**
 * Every Inngest function the app serves at /api/inngest: one file each under inngest/functions/.
 */
import type { InngestFunction } from "inngest";
import { processWebhook } from "./functions/process-webhook";
import { reconcileShop } from "./functions/reconcile-shop";
import { reconcileShops } from "./functions/reconcile-shops";
import { retryDeadLetters } from "./functions/retry-dead-letters";
import { scheduleRefreshes } from "./functions/schedule-refreshes";
import { syncShop } from "./functions/sync-shop";

export const functions: InngestFunction.Any[] = [
  syncShop,
  processWebhook,
  retryDeadLetters,
  scheduleRefreshes,
  reconcileShops,
  reconcileShop,
];
