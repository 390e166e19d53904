/** schedule-read-backs: every 30 minutes, a read-back of each active marketplace channel's listings. */
import { channelReadBackRequested } from "../events";
import { inngest } from "../client";
import { activeMarketplaceChannelIds } from "../../src/lib/marketplaces/read-back";

export const scheduleReadBacks = inngest.createFunction(
  { id: "schedule-read-backs", name: "Schedule marketplace read-backs", triggers: [{ cron: "*/30 * * * *" }], retries: 1 },
  async ({ step }) => {
    const channels = await step.run("list-channels", () => activeMarketplaceChannelIds());
    if (channels.length > 0)
      await step.sendEvent(
        "read-back",
        channels.map((channel) => channelReadBackRequested.create({ channelId: channel.id })),
      );
    return { channels: channels.length };
  },
);
