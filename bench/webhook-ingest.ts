/**
 * Webhook ingress and processing, measured on loopback against the real app (`next start` on the
 * production build) with PostgreSQL and the Inngest runner each in its own process. A figure, not
 * a pass/fail test.
 *
 *   npm run bench:webhooks -- --rate 500 --duration 60 [--json] [--serve worker|next] [--baseline <dir>] [--baseline-serve next|worker] [--skip-floor] [--cpu-prof]
 *
 * 1. Service time: signed deliveries one at a time on one connection (no queueing).
 * 2. Open loop: deliveries on a fixed arrival schedule (`rate` a second for `duration` s), each sent
 *    at its scheduled instant whatever the answers before it did, and its latency counted from that
 *    instant: a stalled server shows as latency, not as fewer requests (no coordinated omission).
 *    An error is a non-2xx, a socket error, or an answer slower than Shopify's 5 s timeout; what is
 *    still unanswered 30 s after the last scheduled send is abandoned (errors, latency a lower bound).
 * 3. Burst, on a fresh stack: 2,000 deliveries (products and orders, created, updated and deleted,
 *    over 4 shops, and 10% of them delivered twice) sent by 50 connections; `appliedSeconds` is from
 *    the first send until every delivery is applied (WebhookLog left RECEIVED), and the
 *    delivery-to-row latency of each is its WebhookLog processedAt minus its send instant.
 *
 * Next's floor (unless --skip-floor), between 1 and 2: the same open loop against an empty route
 * handler of the same build (GET /api/health answers `{ status: "ok" }` and touches nothing), so
 * what Next itself costs per request at this rate is measured beside what the webhook route costs.
 * Every phase also reports the CPU time the Next process (and the worker) spent per request, read
 * from /proc: unlike latency, it barely moves with the machine's load.
 *
 * --serve worker (default): the Inngest functions (the drain) are served by the lean worker process
 * (`npm run worker`, inngest/node-server.ts), as docs/performance.md recommends on a long-running
 * host, so Next's event loop does only the ingress; --serve next: by Next's /api/inngest.
 * --baseline <dir> runs the same phases first against another checkout's build (e.g. main's,
 * built there with `npx next build`; `.` for this one), functions served as --baseline-serve says
 * (default: as --serve), so baseline and figure come from one run on one machine.
 * --cpu-prof writes the app's CPU profile of the open-loop phase and prints its top functions.
 * Ends with one JSON line: { rate, p50Ms, p99Ms, errors, burst: { deliveries, appliedSeconds } }.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import pg from "pg";
import { freePort, startEphemeral } from "../dev/db/embedded.ts";
import { applyMigrations } from "../dev/db/migrate.ts";
import { summarizeCpuProfile } from "./lib/cpu-profile.ts";
import { ownCpuSeconds, samplePostgresCpu } from "./lib/cpu-time.ts";
import { sampleRss, type RssSummary } from "./lib/harness.ts";
import { RawHttpClient, serializeRequest } from "./lib/raw-http-client.ts";
import { nextStartArgs, workerArgs } from "./lib/script-processes.ts";
import { orderPayload, productPayload } from "./lib/webhook-payloads.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const SECRET = "shopsync-bench-secret";
const SHOPS = ["bench-1.myshopify.com", "bench-2.myshopify.com", "bench-3.myshopify.com", "bench-4.myshopify.com"];
const SHOPIFY_TIMEOUT_MS = 5_000;
/**
 * After the schedule's last send, requests still unanswered this long later are abandoned and
 * counted as errors with this latency (a lower bound): an overloaded server must not keep the run
 * going for as long as its backlog takes.
 */
const GRACE_MS = 30_000;

const { values } = parseArgs({
  options: {
    rate: { type: "string", default: "500" },
    duration: { type: "string", default: "60" },
    burst: { type: "string", default: "2000" },
    "service-requests": { type: "string", default: "300" },
    serve: { type: "string", default: "worker" },
    baseline: { type: "string" },
    "baseline-serve": { type: "string" },
    "skip-floor": { type: "boolean", default: false },
    "cpu-prof": { type: "boolean", default: false },
    // extra node flags for the Next process, e.g. --node-flags=--trace-gc (GC pauses in its log)
    "node-flags": { type: "string", default: "" },
    // The JSON line is always the last line of stdout (the report goes to stderr); accepted for the documented command.
    json: { type: "boolean", default: false },
  },
});
const RATE = Number(values.rate);
const DURATION_S = Number(values.duration);
const BURST = Number(values.burst);
const SERVICE_REQUESTS = Number(values["service-requests"]);
const NODE_FLAGS = values["node-flags"].split(" ").filter(Boolean);
type Serve = "next" | "worker";
const serveMode = (value: string | undefined): Serve => {
  if (value !== "next" && value !== "worker") throw new Error(`--serve and --baseline-serve take next or worker, not ${value}`);
  return value;
};
const SERVE = serveMode(values.serve);
const BASELINE_SERVE = serveMode(values["baseline-serve"] ?? SERVE);
const say = (line: string) => console.error(line);

interface Delivery {
  eventId: string;
  headers: Record<string, string>;
  body: string;
}

function sign(topic: string, shop: string, payload: unknown, eventId = randomUUID()): Delivery {
  const body = JSON.stringify(payload);
  return {
    eventId,
    body,
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-shop-domain": shop,
      "x-shopify-webhook-id": randomUUID(),
      "x-shopify-event-id": eventId,
      "x-shopify-triggered-at": new Date().toISOString(),
      "x-shopify-api-version": "2026-10",
      "x-shopify-hmac-sha256": createHmac("sha256", SECRET).update(body, "utf8").digest("base64"),
    },
  };
}

/** The open-loop and service-time deliveries: products/create of new products, shops in turn. */
function createDeliveries(count: number, base: number): Delivery[] {
  return Array.from({ length: count }, (_, i) =>
    sign("products/create", SHOPS[i % SHOPS.length]!, productPayload(base + i * 100, "2026-02-01T10:00:00-05:00", `Bench ${i}`)),
  );
}

/**
 * The burst: per shop, products and orders created, then updated (some twice), a few deleted, in
 * an order where a delete can come before a late update; 10% of the deliveries are sent twice.
 */
function burstDeliveries(count: number): { deliveries: Delivery[]; unique: number } {
  const unique: Delivery[] = [];
  for (let i = 0; unique.length < Math.round(count / 1.1); i++) {
    const shop = SHOPS[i % SHOPS.length]!;
    const id = 900_000_000 + Math.floor(i / 6) * 100;
    switch (i % 6) {
      case 0:
        unique.push(sign("products/create", shop, productPayload(id, "2026-03-01T10:00:00-05:00", `Burst ${i}`)));
        break;
      case 1:
        unique.push(sign("products/update", shop, productPayload(id - 600, "2026-03-01T12:00:00-05:00", `Burst ${i} renamed`)));
        break;
      case 2:
        unique.push(sign("orders/create", shop, orderPayload(id, "2026-03-01T10:00:00+09:00", "pending")));
        break;
      case 3:
        unique.push(sign("orders/updated", shop, orderPayload(id - 300, "2026-03-01T11:00:00+09:00", "paid")));
        break;
      case 4:
        unique.push(
          sign(
            i % 24 === 4 ? "orders/delete" : "orders/updated",
            shop,
            i % 24 === 4 ? { id: id - 600 } : orderPayload(id - 600, "2026-03-01T12:00:00+09:00", "paid"),
          ),
        );
        break;
      default:
        unique.push(
          sign(
            i % 30 === 5 ? "products/delete" : "products/update",
            shop,
            i % 30 === 5 ? { id: id - 1200 } : productPayload(id - 1200, "2026-03-01T13:00:00-05:00", `Burst ${i} again`),
          ),
        );
    }
  }
  const duplicates = unique
    .filter((_, i) => i % 10 === 3)
    .map((d) => ({ ...d, headers: { ...d.headers, "x-shopify-webhook-id": randomUUID() } }));
  const deliveries = [...unique];
  duplicates.forEach((d, i) => deliveries.splice(Math.min(deliveries.length, (i + 1) * 11), 0, d));
  return { deliveries, unique: unique.length };
}

/** Sends deliveries to `url` over `connections` kept-alive sockets, in order; `onSend` is told each one's start. */
async function sendAll(
  url: URL,
  deliveries: Delivery[],
  connections: number,
  onSend: (delivery: Delivery) => void = () => {},
): Promise<void> {
  const client = new RawHttpClient(url, connections);
  const queue = [...deliveries];
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        onSend(next);
        await client.send(serializeRequest(url, "POST", next.headers, next.body));
      }
    }),
  );
  client.destroy();
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
const ms = (n: number) => Math.round(n * 10) / 10;

interface Stack {
  url: URL;
  /** An empty route handler of the same app: Next's own cost per request. */
  floorUrl: URL;
  sql: pg.Client;
  app: ChildProcess;
  /** The lean process serving the Inngest functions (--serve worker). */
  worker?: ChildProcess;
  runner: ChildProcess;
  /** The cluster's data directory (its postmaster.pid names the processes to count). */
  pgDataDir: string;
  logDir: string;
  stop(): Promise<void>;
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM", graceMs = 15_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => (clearTimeout(timer), resolve()));
    child.kill(signal);
  });
}

async function waitForHttp(url: string, child: ChildProcess, what: string): Promise<void> {
  for (const deadline = Date.now() + 90_000; ;) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode})`);
    if (
      await fetch(url).then(
        (r) => r.status < 500,
        () => false,
      )
    )
      return;
    if (Date.now() > deadline) throw new Error(`${what} did not answer within 90 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** PostgreSQL, the runner and the app (from `appRoot`'s production build), each its own process. */
async function startStack(appRoot: string, options: { cpuProfDir?: string; serve: Serve }): Promise<Stack> {
  if (!fs.existsSync(path.join(appRoot, ".next/BUILD_ID"))) throw new Error(`no production build in ${appRoot}: run npx next build there`);
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "shopsync-bench-webhooks-"));
  const stops: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn();
  };
  try {
    const cluster = await startEphemeral("bench-webhooks");
    stops.push(() => cluster.stop());
    await applyMigrations(cluster.url);
    const sql = new pg.Client({ connectionString: cluster.url });
    await sql.connect();
    stops.push(() => sql.end());
    for (const [i, shop] of SHOPS.entries())
      await sql.query(`INSERT INTO "Shop" (id, domain, "installedAt", "updatedAt") VALUES ($1, $2, now() - interval '1 day', now())`, [
        `bench-shop-${i}`,
        shop,
      ]);

    // freePort() releases the port it found, so two calls can return the same one: draw until distinct
    const ports = new Set<number>();
    while (ports.size < 3) ports.add(await freePort());
    const [appPort, runnerPort, workerPort] = [...ports] as [number, number, number];
    const appUrl = `http://127.0.0.1:${appPort}`;
    const runnerUrl = `http://127.0.0.1:${runnerPort}`;
    const functionsUrl = options.serve === "worker" ? `http://127.0.0.1:${workerPort}/api/inngest` : `${appUrl}/api/inngest`;
    const runnerLog = fs.openSync(path.join(logDir, "runner.log"), "a");
    const runner = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "dev/inngest-runner/main.ts",
        "--port",
        String(runnerPort),
        "--app-url",
        functionsUrl,
        "--database-url",
        cluster.url,
        "--schema",
        "runner_bench",
      ],
      { cwd: ROOT, env: { ...process.env }, stdio: ["ignore", runnerLog, runnerLog] },
    );
    stops.push(() => stopChild(runner));
    const appEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: cluster.url,
      APP_URL: appUrl,
      SHOPIFY_API_KEY: "shopsync-bench-key",
      SHOPIFY_API_SECRET: SECRET,
      ENCRYPTION_KEYS: `bench1:${randomBytes(32).toString("base64")}`,
      SESSION_SECRET: "bench-session-secret-with-at-least-32-chars",
      METRICS_TOKEN: "bench-metrics-token-0123456789",
      INNGEST_DEV: runnerUrl,
      ALLOW_LOCAL_STANDINS: "1", // a production build on loopback, against the stand-ins
      LOG_LEVEL: "warn",
    };
    const profileFlags = options.cpuProfDir ? ["--cpu-prof", "--cpu-prof-dir", options.cpuProfDir] : [];
    let worker: ChildProcess | undefined;
    if (options.serve === "worker") {
      // what `npm run worker` runs (bundle, then plain node, with its heap flags), without npm in the process tree
      execFileSync("npm", ["run", "--silent", "build:worker"], { cwd: appRoot, stdio: ["ignore", "ignore", "inherit"] });
      const workerLog = fs.openSync(path.join(logDir, "worker.log"), "a");
      const child = spawn(process.execPath, workerArgs(workerPort, profileFlags), {
        cwd: appRoot,
        env: appEnv,
        stdio: ["ignore", workerLog, workerLog],
      });
      worker = child;
      stops.push(() => (options.cpuProfDir ? stopChild(child, "SIGINT", 120_000) : stopChild(child)));
      await waitForHttp(functionsUrl, child, "the worker");
    }
    const appLog = fs.openSync(path.join(logDir, "app.log"), "a");
    const app = spawn(process.execPath, nextStartArgs(ROOT, appPort, [...profileFlags, ...NODE_FLAGS]), {
      cwd: appRoot,
      env: appEnv,
      stdio: ["ignore", appLog, appLog],
    });
    // SIGINT lets node write the CPU profile on the way out.
    // (Writing a profile of minutes under load takes a while: give it two minutes.)
    stops.push(() => (options.cpuProfDir ? stopChild(app, "SIGINT", 120_000) : stopChild(app)));
    await waitForHttp(`${appUrl}/api/inngest`, app, "next start");
    await waitForHttp(`${runnerUrl}/`, runner, "the runner");
    for (const deadline = Date.now() + 90_000; ;) {
      const { rows } = await sql
        .query<{ n: number }>(`SELECT count(*)::int AS n FROM runner_bench.functions`)
        .catch(() => ({ rows: [{ n: 0 }] }));
      if (rows[0]!.n > 0) break;
      if (Date.now() > deadline) throw new Error("the runner did not sync the app");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // Warm the route (the first request compiles and connects).
    await sendAll(new URL("/api/webhooks/shopify", appUrl), createDeliveries(20, 100_000_000), 1);
    return {
      url: new URL("/api/webhooks/shopify", appUrl),
      floorUrl: new URL("/api/health", appUrl),
      sql,
      app,
      worker,
      runner,
      pgDataDir: cluster.dataDir,
      logDir,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitApplied(sql: pg.Client, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; ;) {
    const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "WebhookLog" WHERE status = 'RECEIVED'`);
    if (rows[0]!.n === 0) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** CPU time (user + system) a process and its descendants have used so far, from /proc, in ms. */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    // the fields after the command's closing parenthesis: utime and stime are the 12th and 13th, in clock ticks (100 a second)
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    const own = (Number(fields[11]) + Number(fields[12])) * 10;
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
    return own + (children ? children.split(" ").reduce((sum, child) => sum + cpuMs(Number(child)), 0) : 0);
  } catch {
    return 0; // the process ended
  }
}

/**
 * CPU ms per answered request that each process of the stack spent during `phase` (requests that
 * were abandoned unanswered do not count: an overloaded server's CPU went to the ones it answered):
 * Next, the worker, the runner, PostgreSQL (postmaster and every backend) and this process (the
 * load generator). On 2 cores their sum is what decides whether a rate can be served at all.
 */
async function withCpu<T extends { answered: number }>(stack: Stack, phase: () => Promise<T>): Promise<T & { cpu: CpuPerRequest }> {
  const [app0, worker0, runner0, own0] = [cpuMs(stack.app.pid), cpuMs(stack.worker?.pid), cpuMs(stack.runner.pid), ownCpuSeconds()];
  const postgres = samplePostgresCpu(stack.pgDataDir);
  const result = await phase();
  const postgresMs = postgres.stop() * 1000;
  const perRequest = (ms: number) => Math.round((ms / Math.max(1, result.answered)) * 100) / 100;
  const cpu = {
    appMs: perRequest(cpuMs(stack.app.pid) - app0),
    workerMs: stack.worker ? perRequest(cpuMs(stack.worker.pid) - worker0) : null,
    runnerMs: perRequest(cpuMs(stack.runner.pid) - runner0),
    postgresMs: perRequest(postgresMs),
    loadGeneratorMs: perRequest((ownCpuSeconds() - own0) * 1000),
  };
  const totalMs = Math.round(Object.values(cpu).reduce<number>((sum, ms) => sum + (ms ?? 0), 0) * 100) / 100;
  return { ...result, cpu: { ...cpu, totalMs } };
}

interface CpuPerRequest {
  /** The Next process's CPU ms per request. */
  appMs: number;
  /** The worker's (the drain's) CPU ms per request, when it serves the functions. */
  workerMs: number | null;
  /** The Inngest runner's (its event intake and the drain's step calls). */
  runnerMs: number;
  /** PostgreSQL's: the postmaster and every backend, the ingress's INSERTs and the drain's statements. */
  postgresMs: number;
  /** This process's: signing and sending the deliveries, reading the answers. */
  loadGeneratorMs: number;
  /** All of them: the machine's CPU per webhook. */
  totalMs: number;
}

interface LoopFigures {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  /** What the errors were: "3 no answer, 1 HTTP 500, 2 over 5 s" (empty when none). */
  errorKinds: string;
  sent: number;
  cpu: CpuPerRequest;
}

/** The webhooks' open loop's figures are the top level's. */
interface Figures extends LoopFigures {
  serve: Serve;
  serviceP50Ms: number;
  serviceP99Ms: number;
  serviceCpu: CpuPerRequest;
  rate: number;
  /** The same open loop against an empty route handler of the same build (Next's own cost). */
  floor: LoopFigures | null;
  burst: { deliveries: number; appliedSeconds: number | null; rowP50Ms: number; rowP99Ms: number; statuses: string };
  /** Peak RSS (MB) of each process of the stack, through the service time, floor and open loop, and through the burst. */
  peakRssMb: { openLoop: Record<string, number>; burst: Record<string, number> };
}

async function serviceTime(stack: Stack): Promise<number[]> {
  const one = new RawHttpClient(stack.url, 1);
  const requests = createDeliveries(SERVICE_REQUESTS, 200_000_000).map((d) => serializeRequest(stack.url, "POST", d.headers, d.body));
  const latencies: number[] = [];
  for (const request of requests) {
    const started = performance.now();
    const { endedAt } = await one.send(request);
    latencies.push(endedAt - started);
  }
  one.destroy();
  return latencies.sort((a, b) => a - b);
}

/** `RATE` requests a second for `DURATION_S` s to `url`: deliveries, or GETs when there are none. */
async function openLoop(
  url: URL,
  deliveries: Delivery[] | null,
): Promise<{ latencies: number[]; errors: number; answered: number; errorKinds: string }> {
  const total = Math.round(RATE * DURATION_S);
  // serialized before the clock starts: the loop itself only writes buffers
  const requests = deliveries
    ? deliveries.slice(0, total).map((d) => serializeRequest(url, "POST", d.headers, d.body))
    : [serializeRequest(url, "GET")];
  const client = new RawHttpClient(url, 1024);
  // the load generator's own stalls would count as the server's latency: measured, to tell them apart
  const generatorDelay = monitorEventLoopDelay({ resolution: 5 });
  generatorDelay.enable();
  const latencies: number[] = [];
  const kinds = new Map<string, number>();
  /** The slowest answer of the requests scheduled in each second: where in the run the stalls were. */
  const slowest: number[] = [];
  let errors = 0;
  let answered = 0;
  const inFlight: Promise<void>[] = [];
  const start = performance.now() + 50;
  for (let i = 0; i < total;) {
    const now = performance.now();
    // Send everything whose scheduled instant has come; latency counts from that instant.
    for (; i < total && start + (i * 1000) / RATE <= now; i++) {
      const scheduled = start + (i * 1000) / RATE;
      inFlight.push(
        client.send(requests[deliveries ? i : 0]!).then(({ status, endedAt }) => {
          const latency = endedAt - scheduled;
          latencies.push(latency);
          const second = Math.floor((scheduled - start) / 1000);
          slowest[second] = Math.max(slowest[second] ?? 0, latency);
          if (status >= 200 && status <= 299) answered++;
          if (status >= 200 && status <= 299 && latency <= SHOPIFY_TIMEOUT_MS) return;
          errors++;
          const kind = status === 0 ? "no answer" : status < 200 || status > 299 ? `HTTP ${status}` : "over 5 s";
          kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const abandon = setTimeout(() => client.destroy(), GRACE_MS);
  await Promise.all(inFlight);
  clearTimeout(abandon);
  client.destroy();
  const errorKinds = [...kinds].map(([kind, n]) => `${n} ${kind}`).join(", ");
  generatorDelay.disable();
  say(
    `  the load generator's own event-loop delay: p99 ${ms(generatorDelay.percentile(99) / 1e6)} ms, max ${ms(generatorDelay.max / 1e6)} ms`,
  );
  const stalls = slowest.flatMap((max, second) => (max > 50 ? [`${second}s: ${Math.round(max)} ms`] : []));
  if (stalls.length) say(`  seconds of the schedule whose slowest answer took over 50 ms: ${stalls.join(", ")}`);
  return { latencies: latencies.sort((a, b) => a - b), errors, answered, errorKinds };
}

async function burst(stack: Stack): Promise<Figures["burst"]> {
  const { deliveries, unique } = burstDeliveries(BURST);
  const sentAt = new Map<string, number>();
  const started = performance.now();
  const wallStart = Date.now();
  await sendAll(stack.url, deliveries, 50, (next) => {
    if (!sentAt.has(next.eventId)) sentAt.set(next.eventId, wallStart + (performance.now() - started));
  });
  const applied = await waitApplied(stack.sql, 10 * 60_000);
  const appliedSeconds = applied ? (performance.now() - started) / 1000 : null;
  const { rows } = await stack.sql.query<{ eventId: string; processedAt: Date | null }>(
    `SELECT "eventId", "processedAt" FROM "WebhookLog" WHERE "eventId" = ANY($1)`,
    [[...sentAt.keys()]],
  );
  const toRow = rows
    .filter((r) => r.processedAt)
    .map((r) => r.processedAt!.getTime() - sentAt.get(r.eventId)!)
    .sort((a, b) => a - b);
  const statuses = await stack.sql.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM "WebhookLog" WHERE "eventId" = ANY($1) GROUP BY 1 ORDER BY 1`,
    [[...sentAt.keys()]],
  );
  return {
    deliveries: deliveries.length,
    appliedSeconds: appliedSeconds === null ? null : ms(appliedSeconds),
    rowP50Ms: ms(percentile(toRow, 50)),
    rowP99Ms: ms(percentile(toRow, 99)),
    statuses: `${unique} unique: ${statuses.rows.map((r) => `${r.status} ${r.n}`).join(", ")}`,
  };
}

async function measure(appRoot: string, label: string, serve: Serve): Promise<Figures> {
  const cpuProfDir = values["cpu-prof"] ? fs.mkdtempSync(path.join(os.tmpdir(), `shopsync-cpu-${label}-`)) : undefined;
  say(
    `[${label}] ${appRoot}, functions served by ${serve === "worker" ? "the worker" : "Next"}: service time, then open loop at ${RATE}/s for ${DURATION_S} s`,
  );
  let stack = await startStack(appRoot, { cpuProfDir, serve });
  let rss = sampleStackRss(stack);
  let loopRss: Record<string, number>;
  const total = Math.round(RATE * DURATION_S);
  let service: { latencies: number[]; cpu: CpuPerRequest };
  let floor: LoopFigures | null = null;
  let loop: Awaited<ReturnType<typeof openLoop>> & { cpu: CpuPerRequest };
  try {
    service = await withCpu(stack, async () => ({ latencies: await serviceTime(stack), answered: SERVICE_REQUESTS }));
    if (!values["skip-floor"]) {
      say(`[${label}] Next's floor: the same open loop against an empty route handler (GET /api/health)`);
      const empty = await withCpu(stack, () => openLoop(stack.floorUrl, null));
      floor = { ...loopFigures(empty.latencies, empty.errors, empty.errorKinds), cpu: empty.cpu };
    }
    const deliveries = createDeliveries(total, 300_000_000);
    say(`[${label}] open loop of webhooks`);
    loop = await withCpu(stack, () => openLoop(stack.url, deliveries));
  } finally {
    loopRss = peaks(await rss.stop());
    await stack.stop();
  }
  if (cpuProfDir) {
    const profiles = fs.readdirSync(cpuProfDir).filter((f) => f.endsWith(".cpuprofile"));
    for (const file of profiles)
      say(`[${label}] CPU profile ${path.join(cpuProfDir, file)}\n${summarizeCpuProfile(path.join(cpuProfDir, file), 15)}`);
  }
  say(`[${label}] burst of ${BURST} on a fresh stack`);
  stack = await startStack(appRoot, { serve });
  rss = sampleStackRss(stack);
  let burstFigures: Figures["burst"];
  let burstRss: Record<string, number>;
  try {
    burstFigures = await burst(stack);
  } finally {
    burstRss = peaks(await rss.stop());
    await stack.stop();
  }
  return {
    serve,
    serviceP50Ms: ms(percentile(service.latencies, 50)),
    serviceP99Ms: ms(percentile(service.latencies, 99)),
    serviceCpu: service.cpu,
    rate: RATE,
    ...loopFigures(loop.latencies, loop.errors, loop.errorKinds),
    cpu: loop.cpu,
    floor,
    burst: burstFigures,
    peakRssMb: { openLoop: loopRss, burst: burstRss },
  };
}

/** VmRSS of the stack's Node processes (Next with any child it starts), sampled every 250 ms. */
const sampleStackRss = (stack: Stack) =>
  sampleRss({
    Next: { pid: stack.app.pid!, tree: true },
    ...(stack.worker ? { worker: { pid: stack.worker.pid!, tree: true } } : {}),
    runner: { pid: stack.runner.pid!, tree: true },
  });

const peaks = (summary: Record<string, RssSummary>) =>
  Object.fromEntries(Object.entries(summary).map(([name, figures]) => [name, Math.round(figures.peakMb)]));

const rssNote = (peak: Record<string, number>) =>
  `peak RSS ${Object.entries(peak)
    .map(([name, mb]) => `${name} ${mb} MB`)
    .join(", ")}`;

function loopFigures(latencies: number[], errors: number, errorKinds: string): Omit<LoopFigures, "cpu"> {
  return {
    p50Ms: ms(percentile(latencies, 50)),
    p99Ms: ms(percentile(latencies, 99)),
    maxMs: ms(latencies.at(-1) ?? NaN),
    errors,
    errorKinds,
    sent: latencies.length,
  };
}

const cpuNote = (cpu: CpuPerRequest) =>
  `CPU per request: Next ${cpu.appMs} ms${cpu.workerMs === null ? "" : `, worker (the drain) ${cpu.workerMs} ms`}, runner ${cpu.runnerMs} ms, ` +
  `PostgreSQL ${cpu.postgresMs} ms, load generator ${cpu.loadGeneratorMs} ms; all ${cpu.totalMs} ms`;

function report(label: string, f: Figures): void {
  say(`${label} (functions served by ${f.serve === "worker" ? "the worker" : "Next"}):`);
  say(
    `  service time (1 connection, ${SERVICE_REQUESTS} requests)  p50 ${f.serviceP50Ms} ms, p99 ${f.serviceP99Ms} ms; ${cpuNote(f.serviceCpu)}`,
  );
  if (f.floor)
    say(
      `  Next's floor: empty route, open loop ${f.rate}/s (${f.floor.sent} sent)  p50 ${f.floor.p50Ms} ms, p99 ${f.floor.p99Ms} ms, max ${f.floor.maxMs} ms, ${f.floor.errors} errors${f.floor.errorKinds ? ` (${f.floor.errorKinds})` : ""}; ${cpuNote(f.floor.cpu)}`,
    );
  say(
    `  open loop ${f.rate}/s for ${DURATION_S} s (${f.sent} sent)  p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, max ${f.maxMs} ms, ${f.errors} errors${f.errorKinds ? ` (${f.errorKinds})` : ""}; ${cpuNote(f.cpu)}`,
  );
  say(`  through the service time, floor and open loop: ${rssNote(f.peakRssMb.openLoop)}`);
  say(
    `  burst of ${f.burst.deliveries} (${f.burst.statuses})  applied after ${f.burst.appliedSeconds ?? "(not within 10 min)"} s, delivery-to-row p50 ${f.burst.rowP50Ms} ms, p99 ${f.burst.rowP99Ms} ms; ${rssNote(f.peakRssMb.burst)}`,
  );
}

say(
  `load: ${os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(" ")} on ${os.cpus().length} cores`,
);
const baseline = values.baseline ? await measure(path.resolve(values.baseline), "baseline", BASELINE_SERVE) : undefined;
const current = await measure(ROOT, "this checkout", SERVE);
say(
  `load at the end: ${os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(" ")}`,
);
if (baseline) report(`baseline (${values.baseline})`, baseline);
report("this checkout", current);
const summary = (f: Figures) => ({
  rate: f.rate,
  p50Ms: f.p50Ms,
  p99Ms: f.p99Ms,
  errors: f.errors,
  burst: { deliveries: f.burst.deliveries, appliedSeconds: f.burst.appliedSeconds },
});
if (baseline) say(`baseline ${JSON.stringify(summary(baseline))}`);
console.log(JSON.stringify(summary(current)));
