/**
 * push-channel-ended: a push-channel run failed (its retries spent: the app down, a bug) or was
 * cancelled. Its ChannelPush rows would otherwise stay "running" with nothing behind them: they are
 * finished with that end, and the channel gets a fresh queued push that wake-channel-pushes sends
 * (finishRunPushes). Its own function rather than push-channel's onFailure, whose handler the SDK
 * gives a single retry (an app still down when the run failed would lose it) and which never
 * hears of a cancellation; with 10 retries Inngest keeps trying for hours. Should even this be
 * lost, the rows' lease runs out and wake-channel-pushes recovers them.
 */
import { inngest } from "../client";
import { finishRunPushes } from "../../src/lib/channels/channel-push-queries";

const PUSH_CHANNEL = "shopsync-push-channel";

export const pushChannelEnded = inngest.createFunction(
  {
    id: "push-channel-ended",
    name: "Finish the pushes of a push run that failed or was cancelled",
    triggers: [
      { event: "inngest/function.failed", if: `event.data.function_id == '${PUSH_CHANNEL}'` },
      { event: "inngest/function.cancelled", if: `event.data.function_id == '${PUSH_CHANNEL}'` },
    ],
    retries: 10,
  },
  async ({ event, step }) => {
    const runId = (event.data as { run_id?: string }).run_id;
    if (!runId) return { skipped: "no run id in the event" };
    const ended = event.name === "inngest/function.cancelled" ? "cancelled" : "failed";
    return step.run("finish-run-pushes", () => finishRunPushes(runId, ended));
  },
);
