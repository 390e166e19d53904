/**
 * schedule-refreshes: every day at 02:00 (REFRESH_CRON_TZ), one incremental sync per installed
 * shop, which reads what changed since the last successful sync (with an overlap) and closes any
 * gap lost webhooks left. `app/refresh.requested` runs it now (operators, tests).
 */
import { inngest } from "../client";
import { refreshRequested, shopSyncRequested } from "../events";
import { envVar } from "../../src/lib/env";
import { syncRunEventId } from "../../src/lib/sync/request-sync";
import { planRefreshes } from "../../src/lib/sync/scheduled-refresh";

export const scheduleRefreshes = inngest.createFunction(
  {
    id: "schedule-refreshes",
    name: "Daily refresh of every shop",
    triggers: [{ cron: `TZ=${envVar("REFRESH_CRON_TZ")} 0 2 * * *` }, refreshRequested],
    singleton: { key: "'refresh'", mode: "skip" },
  },
  async ({ step, logger }) => {
    const { planned, skipped } = await step.run("plan-refreshes", () => planRefreshes());
    logger.info({ planned: planned.map((run) => run.shopDomain), skipped }, "refreshes planned");
    if (planned.length) {
      await step.sendEvent(
        "fan-out",
        planned.map((run) => shopSyncRequested.create(run, { id: syncRunEventId(run.syncRunId) })),
      );
    }
    return { refreshed: planned.map((run) => run.shopDomain), skipped };
  },
);
