/**
 * notify-sync-failed: turns Inngest's own `inngest/function.failed` event for sync-shop (sent once
 * its retries are spent) into a "sync failed" notification, so the sync itself carries no
 * notification code and a failure is reported however the sync died.
 */
import { inngest } from "../client";
import { shopNotificationRequested } from "../events";
import { env } from "../../src/lib/env";
import { syncRunOutcome } from "../../src/lib/notifications/sync-facts";

export const notifySyncFailed = inngest.createFunction(
  {
    id: "notify-sync-failed",
    name: "Notify: a sync failed",
    triggers: [{ event: "inngest/function.failed", if: "event.data.function_id == 'shopsync-sync-shop'" }],
    retries: 3,
  },
  async ({ event, step }) => {
    const data = event.data as { error?: { message?: string }; event?: { data?: { shopId?: string; syncRunId?: string } } };
    const shopId = data.event?.data?.shopId;
    const syncRunId = data.event?.data?.syncRunId;
    if (!shopId || !syncRunId) return { skipped: "no shop in the failed event" };
    const outcome = await step.run("what-was-kept", () => syncRunOutcome(syncRunId));
    await step.sendEvent(
      "request-notification",
      shopNotificationRequested.create({
        shopId,
        kind: "sync_failed",
        requestedAt: outcome.requestedAt,
        facts: {
          reason: data.error?.message ?? "unknown error",
          syncRun: syncRunId,
          recordsKept: outcome.recordsWritten,
          kept: "Everything copied before the failure is kept; a retry resumes from the last saved point.",
          retryUrl: `${env().APP_URL}/syncing?shop=${encodeURIComponent(outcome.shopDomain)}`,
        },
      }),
    );
    return { notified: true };
  },
);
