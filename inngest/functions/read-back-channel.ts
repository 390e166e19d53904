/**
 * read-back-channel: a marketplace channel's published listings read back from the channel, a
 * batch per step (statuses, and conflicts with what ShopSync published). One run at a time per
 * channel. schedule-read-backs sends one request per active marketplace channel every 30 minutes,
 * so an edit whose webhook was lost is found within the half hour.
 */
import { channelReadBackRequested } from "../events";
import { inngest } from "../client";
import { readBackChannelBatch } from "../../src/lib/marketplaces/read-back";

/** Listings per step: one or two calls each at an assumed 10/s. */
const BATCH_SIZE = 25;
const MAX_BATCHES = 800;

export const readBackChannel = inngest.createFunction(
  {
    id: "read-back-channel",
    name: "Read a marketplace channel's listings back",
    triggers: [channelReadBackRequested],
    concurrency: { key: "event.data.channelId", limit: 1 },
    retries: 3,
  },
  async ({ event, step }) => {
    let after = "";
    let read = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const outcome = await step.run(`read-back-batch-${batch}`, () => readBackChannelBatch(event.data.channelId, after, BATCH_SIZE));
      read += outcome.read;
      if (!outcome.next) break;
      after = outcome.next;
    }
    return { read };
  },
);
