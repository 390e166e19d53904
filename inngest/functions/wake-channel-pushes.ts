/**
 * wake-channel-pushes: every minute, keeps every push request served.
 * - A running push whose lease ran out has no run behind it (the run died and even
 *   push-channel-ended was lost): it is finished as orphaned and its channel queued again, and
 *   pushed now.
 * - A push request queued over 30 s ago on an active channel with no push running gets a push:
 *   a request whose event the push-channel singleton skipped in the instant a run was ending
 *   (after it last looked for queued requests), whose send failed, or that push-channel-ended
 *   queued again after a run failed or was cancelled.
 * Cheap: running and queued rows are few.
 */
import { inngest } from "../client";
import { channelPushRequested } from "../events";
import { channelsWithStaleQueuedPushes, recoverOrphanedPushes } from "../../src/lib/channels/channel-push-queries";

const WAITED_MS = 30_000;

export const wakeChannelPushes = inngest.createFunction(
  {
    id: "wake-channel-pushes",
    name: "Wake pushes of waiting channel requests",
    triggers: [{ cron: "* * * * *" }],
    concurrency: { limit: 1 },
    retries: 1,
  },
  async ({ step }) => {
    const recovered = await step.run("recover-orphaned-pushes", () => recoverOrphanedPushes());
    const waiting = await step.run("find-channels", () => channelsWithStaleQueuedPushes(WAITED_MS));
    const channels = [...new Map([...recovered, ...waiting].map((channel) => [channel.id, channel])).values()];
    if (channels.length)
      await step.sendEvent(
        "wake",
        channels.map((channel) =>
          channelPushRequested.create({ shopId: channel.shopId, channelId: channel.id, reason: "manual", refreshListings: false }),
        ),
      );
    return { woken: channels.length, recovered: recovered.length };
  },
);
