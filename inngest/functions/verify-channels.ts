/**
 * verify-channels: daily, every active channel reads back every SKU it lists (the listing refresh
 * takes what the channel shows as acknowledged), so drift from orders on the channel or edits in
 * its own UI is found and corrected by the push that follows.
 */
import { channelPushRequested } from "../events";
import { inngest } from "../client";
import { allActiveChannels } from "../../src/lib/channels/channel-queries";
import { envVar } from "../../src/lib/env";

export const verifyChannels = inngest.createFunction(
  {
    id: "verify-channels",
    name: "Verify every channel's quantities",
    triggers: [{ cron: `TZ=${envVar("REFRESH_CRON_TZ")} 0 4 * * *` }],
    retries: 3,
  },
  async ({ step }) => {
    const channels = await step.run("active-channels", () => allActiveChannels());
    if (!channels.length) return { channels: 0 };
    await step.sendEvent(
      "verify-channels",
      channels.map((channel) =>
        channelPushRequested.create({ shopId: channel.shopId, channelId: channel.id, reason: "verify", refreshListings: true }),
      ),
    );
    return { channels: channels.length };
  },
);
