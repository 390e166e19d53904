/**
 * Paginated path on the Standard plan (restore 100 points/s): installs the demo shop in the real
 * app with SYNC_STRATEGY=paginate and measures, from Shopify's side (the simulator's bucket
 * counters, not the app's own stats), the throttle utilization (cost points consumed per second
 * / restore rate) and the THROTTLED answers. A figure, not a pass/fail test.
 *
 * The demo store paginated at 100 points/s takes far longer than a benchmark should, so by default
 * it measures a bounded window of the sync (the first --minutes of it) and says so.
 *   npm run bench:paginate [-- --minutes 5] [-- --size demo]
 */
import { parseArgs } from "node:util";
import type { StoreSize } from "../dev/shopify-sim/generator.ts";
import { ensureBuild, fmt, install, latestRun, loadNote, sleep, startBenchStack } from "./lib/harness.ts";

const { values } = parseArgs({ options: { minutes: { type: "string", default: "5" }, size: { type: "string", default: "demo" } } });
const minutes = Number(values.minutes);
if (!(minutes > 0)) throw new Error("--minutes must be a positive number");
const log = (line: string) => console.log(line);

ensureBuild(log);
const stack = await startBenchStack({ sim: { size: values.size as StoreSize, plan: "standard" }, appEnv: { SYNC_STRATEGY: "paginate" } });
try {
  const bucket = stack.sim.shop.bucket(stack.sim.apiKey);
  const restoreRate = bucket.status().restoreRate;
  const maximum = bucket.status().maximumAvailable;
  const before = bucket.stats();
  // The window opens with the app's first Admin API request (webhook registration in the OAuth
  // callback), not before: the bucket sitting full while nobody asks is not the sync's doing.
  let startedAt = 0;
  const watchFirst = setInterval(() => {
    if (!startedAt && bucket.stats().requests > before.requests) startedAt = Date.now();
  }, 20);
  await install(stack);
  while (!startedAt) await sleep(20);
  clearInterval(watchFirst);

  // One sample per second: points consumed so far and what the bucket holds.
  const samples: { t: number; consumed: number; available: number; throttled: number }[] = [];
  const windowMs = minutes * 60_000;
  let finished = false;
  let lastProgress = 0;
  while (Date.now() - startedAt < windowMs) {
    await sleep(1_000);
    const stats = bucket.stats();
    samples.push({
      t: Date.now(),
      consumed: stats.pointsConsumed - before.pointsConsumed,
      available: bucket.status().currentlyAvailable,
      throttled: stats.throttled - before.throttled,
    });
    if (Date.now() - lastProgress > 60_000) {
      lastProgress = Date.now();
      const run = await latestRun(stack.sql);
      log(
        `  ${((Date.now() - startedAt) / 1000).toFixed(0)} s: ${run?.stages.map((s) => `${s.resource} ${s.processed}/${s.total ?? "?"}`).join(", ") ?? "no run yet"}`,
      );
      if (run && ["COMPLETED", "FAILED", "CANCELLED"].includes(run.status)) {
        finished = true;
        break;
      }
    }
  }
  const endedAt = Date.now();
  const after = bucket.stats();
  const run = await latestRun(stack.sql);
  const seconds = (endedAt - startedAt) / 1000;
  const consumed = after.pointsConsumed - before.pointsConsumed;
  const throttled = after.throttled - before.throttled;
  const requests = after.requests - before.requests;

  // The bucket starts full (2,000 points on Standard): what the sync drew from that initial
  // stock is not restore-rate throughput, so the net figure leaves it out. Net utilization is the
  // share of the points the restore rate gave back that the sync used (1.0 = the bucket never sat
  // full while the sync ran).
  const availableAtEnd = bucket.status().currentlyAvailable;
  const fromInitialBucket = Math.max(0, maximum - availableAtEnd);
  const lowest = Math.min(...samples.map((s) => s.available));

  const completed = run?.status === "COMPLETED";
  log(
    `paginated sync, Standard plan (restore ${restoreRate} points/s, bucket ${fmt(maximum)}), ${values.size} store, SYNC_STRATEGY=paginate`,
  );
  log(
    completed || finished
      ? `  window: the whole sync (${run?.status}), ${fmt(seconds, 1)} s`
      : `  window: the first ${fmt(seconds, 0)} s of the sync (bounded by --minutes ${minutes}; the whole sync would take much longer)`,
  );
  log(
    `  progress at the end: ${run?.stages.map((s) => `${s.resource} ${fmt(s.processed)}/${s.total === null ? "?" : fmt(s.total)} ${s.status}`).join(", ")}`,
  );
  log(`  requests ${fmt(requests)}, cost points consumed ${fmt(consumed)} (Shopify's side: the simulator's bucket)`);
  log(
    `  throttle utilization, whole window: ${(consumed / seconds / restoreRate).toFixed(3)} (${fmt(consumed / seconds, 1)} points/s; includes the initial full bucket)`,
  );
  log(
    `  throttle utilization, net of the initial bucket: ${((consumed - fromInitialBucket) / seconds / restoreRate).toFixed(3)} (goal >= 0.95; ${fmt(fromInitialBucket)} points came from the starting bucket; lowest level seen ${fmt(lowest)}, at the end ${fmt(availableAtEnd)})`,
  );
  const firstAt =
    after.firstThrottledAt && after.firstThrottledAt >= startedAt ? `${fmt((after.firstThrottledAt - startedAt) / 1000, 1)} s` : "-";
  log(`  THROTTLED answers: ${throttled} (goal: at most 1); first at ${firstAt}, after the first: ${Math.max(0, throttled - 1)}`);
  log(`  machine: ${loadNote()}; logs in ${stack.logDir}`);
} finally {
  await stack.stop();
}
