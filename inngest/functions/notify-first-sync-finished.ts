/**
 * notify-first-sync-finished: on Inngest's `inngest/function.finished` for sync-shop, tells the
 * merchant "your store is ready" with the counts, once: only when the finished run is the shop's
 * first completed full sync. The sync itself carries no notification code.
 */
import { inngest } from "../client";
import { shopNotificationRequested } from "../events";
import { env } from "../../src/lib/env";
import { firstFullSyncOutcome } from "../../src/lib/notifications/sync-facts";

export const notifyFirstSyncFinished = inngest.createFunction(
  {
    id: "notify-first-sync-finished",
    name: "Notify: the first full sync finished",
    triggers: [{ event: "inngest/function.finished", if: "event.data.function_id == 'shopsync-sync-shop'" }],
    retries: 3,
  },
  async ({ event, step }) => {
    const data = event.data as { error?: unknown; event?: { data?: { shopId?: string; syncRunId?: string } } };
    const syncRunId = data.event?.data?.syncRunId;
    const shopId = data.event?.data?.shopId;
    if (data.error || !syncRunId || !shopId) return { skipped: "not a successful sync" };
    const outcome = await step.run("first-full-sync", () => firstFullSyncOutcome(syncRunId));
    if (!outcome) return { skipped: "not the shop's first completed full sync" };
    await step.sendEvent(
      "request-notification",
      shopNotificationRequested.create({
        shopId,
        kind: "first_sync_finished",
        requestedAt: outcome.finishedAt,
        facts: { ...outcome.counts, dashboardUrl: `${env().APP_URL}/dashboard` },
      }),
    );
    return { notified: true };
  },
);
