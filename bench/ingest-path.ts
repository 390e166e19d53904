/**
 * The bulk ingest path alone, without the app server, the runner or waiting for exports: the
 * simulator (in a worker thread: its own heap, as Shopify is never in the ingesting process) builds
 * every bulk export first (the app's own startBulkExport / getBulkOperation, its bulk queries), and
 * only then is the app's ingestBulkFile (streaming JSONL reader, zod, COPY into staging tables and
 * one merge per table, the stage cursor committed with every chunk) timed over each file, one
 * resource after another as the sync does. Compared with a raw COPY of the same rows into the same
 * tables. Also prints the CPU seconds of this process and of PostgreSQL during the ingest and the
 * COPY: unlike wall time, they do not depend on the machine's load.
 * A figure, not a pass/fail test.
 *   npm run bench:ingest [-- --size demo|large] [-- --json] [-- --sim same] [-- --chunks thread]
 * With --json the last line of the output is one JSON object:
 *   { "rowsPerSecond", "copyRowsPerSecond", "ratio", "peakRssMb" }
 */
import { PerformanceObserver } from "node:perf_hooks";
import { parseArgs } from "node:util";
import pg from "pg";
import { startEphemeral } from "../dev/db/embedded.ts";
import { applyMigrations } from "../dev/db/migrate.ts";
import { STORE_SIZES, type StoreSize } from "../dev/shopify-sim/generator.ts";
import { startShopifySim } from "../dev/shopify-sim/index.ts";
import { copyBaseline, sumCounts, tableCounts } from "./lib/copy-baseline.ts";
import { fmt, loadNote, sleep } from "./lib/harness.ts";
import { startSimThread } from "./lib/sim-thread.ts";
import { mainThreadCpuSeconds, ownCpuSeconds, pidCpuSeconds, samplePostgresCpu } from "./lib/cpu-time.ts";

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "large" },
    json: { type: "boolean", default: false },
    /** thread (default): the simulator in a worker thread, its own heap; same: in this thread's heap (earlier measurements). */
    sim: { type: "string", default: "thread" },
    /** worker (default): chunks read, validated and encoded in the bulk chunk worker thread; thread: in the thread that commits (as before section 2g). */
    chunks: { type: "string", default: "worker" },
  },
});
const size = values.size as StoreSize;
if (!STORE_SIZES.includes(size)) throw new Error(`--size must be one of ${STORE_SIZES.join(", ")}`);
const log = (line: string) => console.log(line);

const cluster = await startEphemeral("bench");
const stops: (() => Promise<void> | void)[] = [() => cluster.stop()];
try {
  await applyMigrations(cluster.url);
  const simOptions = { port: 0, size, plan: "plus", bulkObjectsPerSecond: Number.POSITIVE_INFINITY, bulkStartDelayMs: 0 } as const;
  const sim = values.sim === "same" ? await startShopifySim(simOptions) : await startSimThread(simOptions);
  stops.unshift(() => sim.stop());
  // The app's modules read their settings from the environment when first used.
  process.env.DATABASE_URL = cluster.url;
  process.env.SHOPIFY_API_ORIGIN = sim.url;
  process.env.LOG_LEVEL = "warn";
  const { db } = await import("../src/lib/db.ts");
  const { ShopifyAdmin } = await import("../src/lib/shopify/admin-client.ts");
  const { getBulkOperation, ingestBulkFile, startBulkExport } = await import("../src/lib/sync/bulk-sync.ts");
  const { syncLocations } = await import("../src/lib/sync/locations-sync.ts");
  const { RESOURCES } = await import("../src/lib/sync/resources.ts");
  const { closeBulkDb } = await import("../src/lib/sync/ingest/bulk-transaction.ts");
  // as in production: the worker built by build:worker (which the npm script runs first)
  const { builtChunkWorkerFile, setBulkChunkWorkerFile } = await import("../src/lib/sync/ingest/chunk-source.ts");
  if (values.chunks !== "worker" && values.chunks !== "thread") throw new Error("--chunks must be worker or thread");
  setBulkChunkWorkerFile(values.chunks === "thread" ? null : builtChunkWorkerFile());
  stops.unshift(
    () => db().$disconnect(),
    () => closeBulkDb(),
  );

  const sql = new pg.Client({ connectionString: cluster.url });
  await sql.connect();
  stops.unshift(() => sql.end());
  const shop = await db().shop.create({
    data: {
      domain: sim.demoShop,
      installedAt: new Date(),
      scopes: "read_products,read_orders,read_all_orders,read_customers,read_inventory,read_locations",
    },
  });
  const resources = ["products", "orders", "customers", "inventory"] as const;
  const run = await db().syncRun.create({
    data: {
      shopId: shop.id,
      kind: "FULL",
      trigger: "manual",
      resources: [...resources],
      stages: { create: resources.map((resource) => ({ resource })) },
    },
  });
  const admin = new ShopifyAdmin({ shop: sim.demoShop, accessToken: async () => sim.demoAccessToken });

  log(`${size} store: the simulator builds the four bulk exports (not timed)...`);
  const exportStarted = performance.now();
  const files = new Map<string, string>();
  for (const resource of resources) await startBulkExport(admin, run.id, RESOURCES[resource], [null]);
  for (const resource of resources) {
    const { bulkOperationId } = await db().syncStage.findUniqueOrThrow({ where: { syncRunId_resource: { syncRunId: run.id, resource } } });
    for (;;) {
      const operation = await getBulkOperation(admin, bulkOperationId!);
      if (operation.status === "COMPLETED" && operation.url) {
        files.set(resource, operation.url);
        break;
      }
      if (["FAILED", "CANCELED", "EXPIRED"].includes(operation.status)) throw new Error(`export of ${resource} ended ${operation.status}`);
      await sleep(500);
    }
  }
  log(`  exports ready in ${fmt((performance.now() - exportStarted) / 1000, 1)} s`);

  await syncLocations(admin, shop.id, run.id); // inventory levels hang from locations (a few rows, not timed)
  // CPU seconds (load-independent) and pauses for garbage collection during the ingest
  const pgCpu = samplePostgresCpu(cluster.dataDir);
  const nodeCpuBefore = ownCpuSeconds();
  const mainCpuBefore = mainThreadCpuSeconds();
  let gcMs = 0;
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  });
  gcObserver.observe({ entryTypes: ["gc"] });
  const perResource: string[] = [];
  let ingestSeconds = 0;
  for (const resource of resources) {
    const started = performance.now();
    let records = 0;
    for (;;) {
      const result = await ingestBulkFile({ shopId: shop.id, runId: run.id, config: RESOURCES[resource], url: files.get(resource)! });
      records += result.records;
      if (result.done) break;
    }
    const seconds = (performance.now() - started) / 1000;
    ingestSeconds += seconds;
    perResource.push(`${resource} ${fmt(seconds, 1)} s (${fmt(records)} roots)`);
  }
  const nodeCpu = ownCpuSeconds() - nodeCpuBefore;
  const mainCpu = mainThreadCpuSeconds() - mainCpuBefore;
  const pgCpuSeconds = pgCpu.stop();
  gcObserver.disconnect();
  const counts = await tableCounts(sql);
  const locations = counts.Location ?? 0;
  const rows = sumCounts(counts) - locations;
  const deadLetters = (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "FailedSyncItem"`)).rows[0]!.n;
  const copyBackend = (await sql.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
  const copy = await copyBaseline(sql, () => pidCpuSeconds(copyBackend));
  const copyRate = copy.rows / copy.seconds;
  const rate = rows / ingestSeconds;

  log(
    `bulk ingest path alone (ingestBulkFile over the simulator's JSONL; no app server, no runner; chunks prepared in the ${values.chunks === "thread" ? "committing thread" : "chunk worker thread"}), ${size} store: ${loadNote()}`,
  );
  log(
    `  ${fmt(rows)} rows (${Object.entries(counts)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(", ")}; the ${locations} locations not timed), ${deadLetters} dead letters`,
  );
  log(`  ingest ${fmt(ingestSeconds, 1)} s: ${fmt(rate)} records/s (${perResource.join(", ")})`);
  log(
    `  CPU during the ingest: this process ${fmt(nodeCpu, 1)} s (every thread, the simulator's and the chunk worker's included; the main thread ${fmt(mainCpu, 1)} s; GC pauses of the main thread ${fmt(gcMs / 1000, 1)} s), PostgreSQL ${fmt(pgCpuSeconds, 1)} s`,
  );
  log(
    `  raw COPY FROM STDIN of the same rows into the same tables: ${fmt(copy.seconds, 2)} s, ${fmt(copyRate)} rows/s; its backend's CPU ${fmt(copy.cpuSeconds ?? 0, 1)} s`,
  );
  log(`  ratio to COPY: ${(rate / copyRate).toFixed(2)} (goal >= 0.5)`);
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  log(`  this process's peak RSS ${fmt(peakRssMb)} MB (includes the simulator's ${size} store)`);
  if (values.json)
    console.log(
      JSON.stringify({
        rowsPerSecond: Math.round(rate),
        copyRowsPerSecond: Math.round(copyRate),
        ratio: Number((rate / copyRate).toFixed(3)),
        peakRssMb,
      }),
    );
} finally {
  for (const stop of stops) await stop();
}
