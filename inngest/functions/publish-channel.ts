/**
 * publish-channel: a marketplace channel's pending listings published as durable steps, a batch per
 * step, until none is pending. One run at a time per channel (a concurrency key, so a request that
 * arrives meanwhile queues and publishes what changed after this run read it). Sent by the outbox
 * relay with the outbox message's key as the event id.
 */
import { channelPublishRequested } from "../events";
import { inngest } from "../client";
import { publishNextBatch, type PublishBatchOutcome } from "../../src/lib/marketplaces/publish";

/** Listings per step: a listing is 3-6 calls at an assumed 10/s. */
const BATCH_SIZE = 10;
const MAX_BATCHES = 500;

export const publishChannel = inngest.createFunction(
  {
    id: "publish-channel",
    name: "Publish listings to a marketplace",
    triggers: [channelPublishRequested],
    concurrency: { key: "event.data.channelId", limit: 1 },
    retries: 5,
  },
  async ({ event, step }) => {
    const totals = { published: 0, rejected: 0 };
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const outcome: PublishBatchOutcome = await step.run(`publish-batch-${batch}`, () =>
        publishNextBatch(event.data.channelId, BATCH_SIZE),
      );
      if (outcome.status !== "published") return { ...totals, ended: outcome.status };
      totals.published += outcome.published;
      totals.rejected += outcome.rejected;
      if (outcome.remaining === 0) break;
    }
    return totals;
  },
);
