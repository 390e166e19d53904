/**
 * push-channel: one channel's stock brought in line with Shopify, as durable steps. One run per
 * channel (singleton keyed by channel id), so Amazon in an outage never delays ShipStation; a
 * request that arrives while the channel's run is going is skipped, because the running loop
 * recomputes desired quantities before every batch and so picks its changes up. Per batch: the
 * circuit breaker's gate, desired quantities from the synced levels, the next pending listings
 * pushed at the platform's pace (src/lib/channels). An open circuit makes the run sleep until its
 * probe time; a failed batch below the threshold waits a short backoff. Quantities are absolute,
 * so a step retried after a crash resends harmless values.
 *
 * A large Amazon push (AMAZON_FEED_THRESHOLD pending SKUs or more) goes as one JSON_LISTINGS_FEED
 * per turn instead: submitted in one step, then polled every AMAZON_FEED_POLL_SECONDS until Amazon
 * has processed it, its report's per-SKU results recorded like a batch's.
 *
 * The run serves ChannelPush rows (push history, the sync's platform_push stage): it claims the
 * queued ones when it starts (marking them with its run id), adds each batch's counts to them,
 * renews their lease after every batch (past any sleep it is about to take), claims again before
 * it ends (a request whose event the singleton skipped goes round once more) and finishes them.
 * A run that fails or is cancelled instead has its rows finished by push-channel-ended, and one
 * out of turns queues a fresh push: the channel is never left with nothing coming.
 */
import { channelPushRequested } from "../events";
import { inngest } from "../client";
import { channelKindOf } from "../../src/lib/channels/channel-queries";
import {
  finishChannelPushes,
  finishInStepUnlessQueued,
  recordChannelPushProgress,
  renewChannelPushLease,
  startChannelPushes,
} from "../../src/lib/channels/channel-push-queries";
import { feedPolicy } from "../../src/lib/channels/feed-push";
import { pushNextBatch, refreshChannelListings, settleFeedBatch, type BatchOutcome } from "../../src/lib/channels/push-channel-batch";

/** Listings per step: Amazon patches at 5/s (about 20 s a step), ShipStation at 200/min (about 12 s). */
const BATCH_SIZE = { amazon: 100, shipstation: 40, shopee: 50, tiktok: 50 } as const;
/** Loop turns per run: bounds the steps (each turn is one push step and at most one sleep). */
const MAX_TURNS = 300;
const FAILED_BATCH_BACKOFF_MS = 5_000;
/** How long the run sleeps for an open circuit that names no probe time. */
const UNKNOWN_PROBE_WAIT_MS = 60_000;
/** Polls of one submitted feed before the run gives up on it (its listings stay pending for the next turn). */
const MAX_FEED_POLLS = 120;

export const pushChannel = inngest.createFunction(
  {
    id: "push-channel",
    name: "Push stock to a sales channel",
    triggers: [channelPushRequested],
    singleton: { key: "event.data.channelId", mode: "skip" },
    retries: 3,
  },
  async ({ event, step, runId }) => {
    const { channelId } = event.data;
    const totals = { sent: 0, accepted: 0, rejected: 0, failures: 0 };
    const end = async (ended: string) => {
      await step.run("finish-pushes", () => finishChannelPushes(channelId, ended));
      return { ...totals, ended };
    };
    const started = await step.run("start-pushes", () => startChannelPushes(channelId, event.data.reason, runId));
    const recorded = async (batch: BatchOutcome) => {
      if (batch.status === "pushed") await recordChannelPushProgress(channelId, { ...batch, failures: 0 });
      if (batch.status === "failed") await recordChannelPushProgress(channelId, { sent: 0, accepted: 0, rejected: 0, failures: 1 });
      await renewChannelPushLease(channelId, quietUntil(batch));
      return batch;
    };
    let turn = 0;
    // A channel never listed (its connect push ended before listing) is listed by whichever push comes next.
    if (event.data.refreshListings || started.everListed === false) {
      // Listing maps the channel's SKUs (a connect push has nothing to push without it): a channel
      // that does not answer is asked again after the backoff or at the circuit's probe time, not
      // skipped (the push would end "in step" having pushed nothing).
      for (; ; turn++) {
        if (turn >= MAX_TURNS) return end("turn_limit");
        const listed = await step.run(turn === 0 ? "list-channel-skus" : `list-channel-skus-${turn}`, async () => {
          const outcome = await refreshChannelListings(channelId);
          return outcome.status === "listed" ? outcome : recorded(outcome);
        });
        if (listed.status === "listed") break;
        if (listed.status === "auth_failed" || listed.status === "inactive") return end(listed.status);
        await step.sleepUntil(`list-wait-${turn}`, quietUntil(listed) ?? new Date(Date.now() + FAILED_BATCH_BACKOFF_MS));
      }
    }
    const kind = await step.run("channel-kind", () => channelKindOf(channelId));
    if (!kind) return end("inactive");
    for (; turn < MAX_TURNS; turn++) {
      let outcome: BatchOutcome = await step.run(`push-batch-${turn}`, async () =>
        recorded(await pushNextBatch(channelId, { batchSize: BATCH_SIZE[kind] })),
      );
      if (outcome.status === "feed_submitted") {
        // A large Amazon push went as one listings feed: poll it until Amazon has processed it.
        const submitted = outcome;
        for (
          let poll = 0;
          poll < MAX_FEED_POLLS &&
          (outcome.status === "feed_submitted" || outcome.status === "feed_processing" || outcome.status === "failed");
          poll++
        ) {
          await step.sleep(`feed-wait-${turn}-${poll}`, `${submitted.pollSeconds}s`);
          outcome = await step.run(`feed-outcome-${turn}-${poll}`, async () => recorded(await settleFeedBatch(channelId, submitted.feed)));
        }
        if (outcome.status === "feed_submitted" || outcome.status === "feed_processing") continue;
      }
      switch (outcome.status) {
        case "pushed":
        case "idle":
          if (outcome.status === "pushed") {
            totals.sent += outcome.sent;
            totals.accepted += outcome.accepted;
            totals.rejected += outcome.rejected;
            if (outcome.remaining > 0) break;
          }
          // In step. Requests queued while this run pushed go round once more (the next batch
          // recomputes desired quantities); with none, the run ends.
          if ((await step.run(`finish-unless-queued-${turn}`, () => finishInStepUnlessQueued(channelId, runId))).finished)
            return { ...totals, ended: "in_step" };
          break;
        case "circuit_open":
          await step.sleepUntil(`wait-for-probe-${turn}`, quietUntil(outcome)!);
          break;
        case "failed":
          totals.failures += 1;
          if (outcome.circuitState === "open" && outcome.nextProbeAt)
            await step.sleepUntil(`wait-for-probe-${turn}`, new Date(outcome.nextProbeAt));
          else await step.sleep(`backoff-${turn}`, `${FAILED_BATCH_BACKOFF_MS / 1000}s`);
          break;
        case "auth_failed":
        case "inactive":
          return end(outcome.status);
        case "feed_processing":
          break; // polled above
      }
    }
    return end("turn_limit");
  },
);

/** When the run, after this batch, next touches its rows: the end of the sleep it takes now, if any. */
function quietUntil(batch: BatchOutcome): Date | undefined {
  switch (batch.status) {
    case "circuit_open":
      return batch.nextProbeAt ? new Date(batch.nextProbeAt) : new Date(Date.now() + UNKNOWN_PROBE_WAIT_MS);
    case "failed":
      return batch.circuitState === "open" && batch.nextProbeAt
        ? new Date(batch.nextProbeAt)
        : new Date(Date.now() + FAILED_BATCH_BACKOFF_MS);
    case "feed_submitted":
      return new Date(Date.now() + batch.pollSeconds * 1000);
    case "feed_processing":
      return new Date(Date.now() + feedPolicy().pollSeconds * 1000);
    default:
      return undefined;
  }
}
