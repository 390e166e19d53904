/**
 * Bulk path, end to end: installs the simulator's shop in the real app (`next start`, production
 * build) with SYNC_STRATEGY=bulk, the runner driving the sync as a separate process, and measures
 *   - records ingested per second and the total wall time of the sync,
 *   - a raw COPY FROM STDIN of the very same rows into the same tables of the same PostgreSQL
 *     (dumped with COPY TO after the sync, tables truncated, copied back), as the ceiling,
 *   - peak RSS of the app (the `next start` process tree) and of the runner, sampled from
 *     /proc/<pid>/status every 250 ms, for each store size, to show whether memory stays flat.
 * Figures, not a pass/fail test.
 *   npm run bench:bulk [-- --sizes demo,large] [-- --serve next|worker] [-- --app-node-options=--max-old-space-size=160] [-- --json]
 * --serve worker: the runner calls the lean Inngest process (inngest/node-server.ts, `npm run worker`)
 * instead of Next's /api/inngest; Next still serves the install, pages and webhooks.
 * With --json the last line is one JSON object (the largest size's figures):
 *   { "rowsPerSecond", "copyRowsPerSecond", "ratio", "peakRssMb", "peakRssMbByProcess", "flatness" }
 * where ratio is the whole sync's (install to COMPLETED) and peakRssMb the largest of ShopSync's own
 * processes (the Next server, the worker when it serves the functions) over every size.
 */
import { parseArgs } from "node:util";
import type pg from "pg";
import { STORE_SIZES, type StoreSize } from "../dev/shopify-sim/generator.ts";
import { copyBaseline, sumCounts, tableCounts, SYNC_TABLES } from "./lib/copy-baseline.ts";
import { ensureBuild, fmt, install, latestRun, loadNote, sampleRss, sleep, startBenchStack, type RssSummary } from "./lib/harness.ts";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "demo,large" },
    "timeout-minutes": { type: "string", default: "45" },
    /** e.g. --app-node-options=--max-old-space-size=160: NODE_OPTIONS of the app process only. */
    "app-node-options": { type: "string" },
    serve: { type: "string", default: "next" },
    json: { type: "boolean", default: false },
  },
});
const sizes = values.sizes.split(",").map((s) => s.trim()) as StoreSize[];
for (const size of sizes) if (!STORE_SIZES.includes(size)) throw new Error(`--sizes: ${size} is not one of ${STORE_SIZES.join(", ")}`);
const timeoutMs = Number(values["timeout-minutes"]) * 60_000;
const serveFrom = values.serve as "next" | "worker";
if (!["next", "worker"].includes(serveFrom)) throw new Error("--serve must be next or worker");
const log = (line: string) => console.log(line);

/** Rows written so far per the statistics collector (cheap to read every second). */
async function rowsWritten(sql: pg.Client): Promise<number> {
  const { rows } = await sql.query<{ n: string | null }>(
    `SELECT sum(n_tup_ins + n_tup_upd)::bigint AS n FROM pg_stat_user_tables WHERE relname = ANY($1)`,
    [SYNC_TABLES],
  );
  return Number(rows[0]?.n ?? 0);
}

interface Result {
  size: StoreSize;
  rows: number;
  counts: Record<string, number>;
  wallSeconds: number;
  ingestSeconds: number;
  writingSeconds: number;
  copy: { rows: number; seconds: number };
  app: RssSummary;
  appMain: RssSummary;
  worker?: RssSummary;
  runner: RssSummary;
  status: string;
}

async function benchSize(size: StoreSize): Promise<Result> {
  log(`\n${size} store: starting PostgreSQL, simulator (bulk exports at full speed), runner and app...`);
  const stack = await startBenchStack({
    sim: { size, plan: "standard", bulkObjectsPerSecond: Number.POSITIVE_INFINITY, bulkStartDelayMs: 100 },
    appEnv: { SYNC_STRATEGY: "bulk", ...(values["app-node-options"] ? { NODE_OPTIONS: values["app-node-options"] } : {}) },
    serve: serveFrom,
  });
  try {
    const truth = stack.sim.control.counts(stack.sim.demoShop);
    log(
      `  simulator: ${Object.entries(truth)
        .map(([k, v]) => `${k} ${fmt(Number(v))}`)
        .join(", ")}`,
    );
    const rss = sampleRss({
      app: { pid: stack.app.process.pid!, tree: true },
      appMain: { pid: stack.app.process.pid!, tree: false },
      runner: { pid: stack.runner.process.pid!, tree: true },
      ...(stack.worker ? { worker: { pid: stack.worker.process.pid!, tree: true } } : {}),
    });
    const started = performance.now();
    await install(stack);
    let firstRowAt: number | undefined;
    // Seconds in which rows were written: the sync also waits for Shopify to build each export
    // (the orders' history pass starts after the recent pass), which is not ingest time.
    let writingSeconds = 0;
    let lastWritten = 0;
    let lastReport = started;
    let run = await latestRun(stack.sql);
    for (;;) {
      await sleep(1_000);
      const written = await rowsWritten(stack.sql);
      if (firstRowAt === undefined && written > 0) firstRowAt = performance.now();
      if (written > lastWritten) writingSeconds += 1;
      lastWritten = written;
      run = await latestRun(stack.sql);
      if (run && ["COMPLETED", "FAILED", "CANCELLED"].includes(run.status)) break;
      if (performance.now() - started > timeoutMs) throw new Error(`the sync did not finish within ${values["timeout-minutes"]} minutes`);
      if (performance.now() - lastReport > 30_000) {
        lastReport = performance.now();
        const now = await rss.summary();
        log(
          `  ${((lastReport - started) / 1000).toFixed(0)} s: ${run?.stages.map((s) => `${s.resource} ${fmt(s.processed)}/${fmt(s.total ?? 0)}`).join(", ")}; RSS app ${now.app!.lastMb.toFixed(0)} MB${now.worker ? `, worker ${now.worker.lastMb.toFixed(0)} MB` : ""}, runner ${now.runner!.lastMb.toFixed(0)} MB`,
        );
      }
    }
    const finished = performance.now();
    const memory = await rss.stop();
    if (run!.status !== "COMPLETED") throw new Error(`the sync ended ${run!.status}: ${run!.error ?? ""}\n(logs in ${stack.logDir})`);
    const counts = await tableCounts(stack.sql);
    const rows = sumCounts(counts);
    log(`  synced ${fmt(rows)} rows in ${fmt((finished - started) / 1000, 1)} s; COPY baseline...`);
    const copy = await copyBaseline(stack.sql);
    return {
      size,
      rows,
      counts,
      wallSeconds: (finished - started) / 1000,
      ingestSeconds: (finished - (firstRowAt ?? started)) / 1000,
      writingSeconds: Math.max(1, writingSeconds),
      copy,
      app: memory.app!,
      appMain: memory.appMain!,
      worker: memory.worker,
      runner: memory.runner!,
      status: run!.status,
    };
  } finally {
    await stack.stop();
  }
}

ensureBuild(log);
const results: Result[] = [];
for (const size of sizes) results.push(await benchSize(size));

log(
  `\nbulk path (SYNC_STRATEGY=bulk), app + runner + PostgreSQL + simulator on one machine, functions served by ${serveFrom === "worker" ? "the lean worker process" : "Next's /api/inngest"}: ${loadNote()}`,
);
if (values["app-node-options"]) log(`app NODE_OPTIONS: ${values["app-node-options"]}`);
for (const r of results) {
  const rate = r.rows / r.wallSeconds;
  const ingestRate = r.rows / r.ingestSeconds;
  const copyRate = r.copy.rows / r.copy.seconds;
  log(
    `${r.size} store: ${fmt(r.rows)} rows (${Object.entries(r.counts)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(", ")})`,
  );
  log(`  sync wall time ${fmt(r.wallSeconds, 1)} s (install to COMPLETED): ${fmt(rate)} records/s`);
  log(`  ingest phase   ${fmt(r.ingestSeconds, 1)} s (first row written to COMPLETED): ${fmt(ingestRate)} records/s`);
  log(
    `  while writing  ${fmt(r.writingSeconds)} s (1-s samples in which PostgreSQL counted new rows): ${fmt(r.rows / r.writingSeconds)} records/s`,
  );
  log(`  raw COPY FROM STDIN of the same rows into the same tables: ${fmt(r.copy.seconds, 2)} s, ${fmt(copyRate)} rows/s`);
  log(
    `  ratio to COPY: ${(rate / copyRate).toFixed(2)} (wall), ${(ingestRate / copyRate).toFixed(2)} (ingest phase), ${(r.rows / r.writingSeconds / copyRate).toFixed(2)} (while writing); goal >= 0.5`,
  );
  log(
    `  peak RSS: app ${r.app.peakMb.toFixed(0)} MB (next-server process alone ${r.appMain.peakMb.toFixed(0)} MB, median ${r.app.medianMb.toFixed(0)})${r.worker ? `, worker ${r.worker.peakMb.toFixed(0)} MB (median ${r.worker.medianMb.toFixed(0)})` : ""}, runner ${r.runner.peakMb.toFixed(0)} MB (median ${r.runner.medianMb.toFixed(0)}); ${r.app.samples} samples at 250 ms; goal < 300 MB`,
  );
}
if (results.length > 1) {
  const [small, big] = [results[0]!, results.at(-1)!];
  log(
    `flatness: ${small.size} -> ${big.size} is ${(big.rows / small.rows).toFixed(1)}x the rows; peak RSS app ${small.app.peakMb.toFixed(0)} -> ${big.app.peakMb.toFixed(0)} MB${big.worker ? `, worker ${small.worker?.peakMb.toFixed(0)} -> ${big.worker.peakMb.toFixed(0)} MB` : ""}, runner ${small.runner.peakMb.toFixed(0)} -> ${big.runner.peakMb.toFixed(0)} MB`,
  );
}
if (values.json) {
  const big = results.at(-1)!;
  const rate = big.rows / big.wallSeconds;
  const copyRate = big.copy.rows / big.copy.seconds;
  const peak = (pick: (r: Result) => RssSummary | undefined) => Math.round(Math.max(0, ...results.map((r) => pick(r)?.peakMb ?? 0)));
  const byProcess = { next: peak((r) => r.app), worker: peak((r) => r.worker), runner: peak((r) => r.runner) };
  const shopsync = (r: Result) => Math.max(r.app.peakMb, r.worker?.peakMb ?? 0);
  const ownProcesses: ((r: Result) => number | undefined)[] = [
    (r) => r.app.peakMb,
    ...(big.worker ? [(r: Result) => r.worker?.peakMb] : []),
  ];
  console.log(
    JSON.stringify({
      size: big.size,
      serve: serveFrom,
      rowsPerSecond: Math.round(rate),
      copyRowsPerSecond: Math.round(copyRate),
      ratio: Number((rate / copyRate).toFixed(3)),
      peakRssMb: Math.round(Math.max(...results.map(shopsync))),
      peakRssMbByProcess: byProcess,
      // largest size's peak over the smallest's, the least flat of ShopSync's own processes (1.0 = flat; goal <= 1.1)
      flatness: Number(Math.max(...ownProcesses.map((pick) => (pick(big) ?? 0) / (pick(results[0]!) ?? 1))).toFixed(2)),
    }),
  );
}
