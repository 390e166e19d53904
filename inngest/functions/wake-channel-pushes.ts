/**
 * wake-channel-pushes: every minute, sends a push for every active channel with a push request
 * queued over 30 s ago and no push running: a request whose event the push-channel singleton
 * skipped in the instant a run was ending (after it last looked for queued requests), or whose
 * send failed. Cheap: queued rows are few.
 */
import { inngest } from "../client";
import { channelPushRequested } from "../events";
import { channelsWithStaleQueuedPushes } from "../../src/lib/channels/channel-push-queries";

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
    const channels = await step.run("find-channels", () => channelsWithStaleQueuedPushes(WAITED_MS));
    if (channels.length)
      await step.sendEvent(
        "wake",
        channels.map((channel) =>
          channelPushRequested.create({ shopId: channel.shopId, channelId: channel.id, reason: "manual", refreshListings: false }),
        ),
      );
    return { woken: channels.length };
  },
);
