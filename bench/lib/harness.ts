/**
 * What the sync benchmarks share: a production build (made when missing or older than the
 * sources), a throwaway PostgreSQL, the Shopify simulator in this process, and the runner and the
 * app (`next start`) as child processes, so each one's RSS can be read from /proc. The merchant's
 * install is followed over HTTP with a cookie jar, as a browser would, which starts the full sync.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import pg from "pg";
import { freePort, startEphemeral, type RunningCluster } from "../../dev/db/embedded.ts";
import { applyMigrations } from "../../dev/db/migrate.ts";
import { nextStartArgs, workerArgs } from "./script-processes.ts";
import { startShopifySim, type ShopifySimHandle, type ShopifySimOptions } from "../../dev/shopify-sim/index.ts";
// The integration tests' browser (cookie jar + redirects); the module imports vitest but works outside it.
import { browse, CookieJar } from "../../tests/integration/helpers/stack.ts";

export const ROOT = path.resolve(import.meta.dirname, "../..");

/** Production mode refuses the development secrets: the benchmarks bring their own. */
const APP_KEYS = {
  // a fresh 32-byte key per run: every run has its own throwaway database
  ENCRYPTION_KEYS: `bench1:${randomBytes(32).toString("base64")}`,
  SESSION_SECRET: "bench-session-secret-with-at-least-32-chars",
  METRICS_TOKEN: "bench-metrics-token-0123456789",
  SHOPIFY_API_KEY: "shopsync-bench-key",
  SHOPIFY_API_SECRET: "shopsync-bench-secret",
};

const BUILD_INPUTS = [
  "src",
  "inngest",
  "next.config.mjs",
  "instrumentation.ts",
  "instrumentation-client.ts",
  "sentry.server.config.ts",
  "sentry.edge.config.ts",
  "prisma/schema.prisma",
  "package-lock.json",
  "tsconfig.json",
  "postcss.config.mjs",
];

function newestMtime(entry: string): number {
  const full = path.join(ROOT, entry);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(full)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

/** Runs `next build` when .next is missing or older than any of its inputs. */
export function ensureBuild(log: (line: string) => void): void {
  const buildId = path.join(ROOT, ".next/BUILD_ID");
  const built = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  const stale = BUILD_INPUTS.find((entry) => newestMtime(entry) > built);
  if (built && !stale) return;
  log(built ? `production build is older than ${stale}: running next build` : "no production build: running next build");
  const started = Date.now();
  // What `npm run build` does: the Prisma client first (src/generated is not in git).
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/prisma/build/index.js"), "generate"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
  });
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  log(`next build: ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

export interface BenchStack {
  db: RunningCluster;
  sql: pg.Client;
  sim: ShopifySimHandle;
  app: { url: string; process: ChildProcess };
  /** The lean process serving the Inngest functions (`npm run worker`), when asked for. */
  worker?: { url: string; process: ChildProcess };
  runner: { url: string; process: ChildProcess };
  logDir: string;
  stop(): Promise<void>;
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => (clearTimeout(timer), resolve()));
    child.kill("SIGTERM");
  });
}

const tail = (file: string) => fs.readFileSync(file, "utf8").split("\n").slice(-15).join("\n");

async function waitForHttp(url: string, child: ChildProcess, what: string, logFile: string, timeoutMs = 60_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; ;) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}):\n${tail(logFile)}`);
    if (
      await fetch(url).then(
        (r) => r.status < 500,
        () => false,
      )
    )
      return;
    if (Date.now() > deadline) throw new Error(`${what} did not answer within ${timeoutMs / 1000} s:\n${tail(logFile)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface StackOptions {
  sim: ShopifySimOptions;
  appEnv?: Record<string, string>;
  /**
   * Who serves the Inngest functions to the runner: the Next app's /api/inngest (default), or a
   * separate lean Node process (inngest/node-server.ts) while Next serves pages and webhooks.
   */
  serve?: "next" | "worker";
}

/** PostgreSQL, simulator, runner and app, all on free ports; stop() ends all of them. */
export async function startBenchStack(options: StackOptions): Promise<BenchStack> {
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), "shopsync-bench-"));
  const stops: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn();
  };
  try {
    const db = await startEphemeral("bench");
    stops.push(() => db.stop());
    await applyMigrations(db.url);
    const sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    stops.push(() => sql.end());

    const sim = await startShopifySim({
      port: 0,
      webhookRetryScale: 0.001,
      ...options.sim,
      apiKey: APP_KEYS.SHOPIFY_API_KEY,
      apiSecret: APP_KEYS.SHOPIFY_API_SECRET,
    });
    stops.push(() => sim.stop());

    // freePort() releases the port it found, so two calls can return the same one: draw until distinct
    const ports = new Set<number>();
    while (ports.size < 3) ports.add(await freePort());
    const [appPort, runnerPort, sparePort] = [...ports] as [number, number, number];
    const appUrl = `http://127.0.0.1:${appPort}`;
    const runnerUrl = `http://127.0.0.1:${runnerPort}`;
    const workerPort = options.serve === "worker" ? sparePort : undefined;
    const functionsUrl = workerPort ? `http://127.0.0.1:${workerPort}/api/inngest` : `${appUrl}/api/inngest`;

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
        db.url,
        "--schema",
        "runner_bench",
      ],
      { cwd: ROOT, env: { ...process.env }, stdio: ["ignore", runnerLog, runnerLog] },
    );
    stops.push(() => stopChild(runner));

    const appEnv: NodeJS.ProcessEnv = {
      ...process.env,
      ...APP_KEYS,
      ...options.appEnv,
      NODE_ENV: "production" as const,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: db.url,
      APP_URL: appUrl,
      SHOPIFY_API_ORIGIN: sim.url,
      INNGEST_DEV: runnerUrl,
      ALLOW_LOCAL_STANDINS: "1", // a production build on loopback, against the stand-ins
      LOG_LEVEL: "warn",
    };
    const appLog = fs.openSync(path.join(logDir, "app.log"), "a");
    const app = spawn(process.execPath, nextStartArgs(ROOT, appPort), { cwd: ROOT, env: appEnv, stdio: ["ignore", appLog, appLog] });
    stops.push(() => stopChild(app));

    let worker: BenchStack["worker"];
    if (workerPort) {
      const workerLog = fs.openSync(path.join(logDir, "worker.log"), "a");
      // what `npm run worker` runs (bundle, then plain node), without npm's own process in the tree
      execFileSync("npm", ["run", "--silent", "build:worker"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
      const child = spawn(process.execPath, workerArgs(workerPort), {
        cwd: ROOT,
        env: appEnv,
        stdio: ["ignore", workerLog, workerLog],
      });
      stops.push(() => stopChild(child));
      worker = { url: functionsUrl, process: child };
      await waitForHttp(functionsUrl, child, "the worker", path.join(logDir, "worker.log"));
    }

    await waitForHttp(`${appUrl}/api/inngest`, app, "next start", path.join(logDir, "app.log"));
    await waitForHttp(`${runnerUrl}/`, runner, "the runner", path.join(logDir, "runner.log"));
    // The runner syncs the app on start (retrying until it answers): wait until it knows sync-shop.
    for (const deadline = Date.now() + 60_000; ;) {
      const { rows } = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'runner_bench'`,
      );
      const introspection = await fetch(functionsUrl).then(
        (r) => r.json() as Promise<{ function_count?: number }>,
        () => ({ function_count: 0 }),
      );
      if (rows[0]!.n > 0 && introspection.function_count) break;
      if (Date.now() > deadline) throw new Error("the runner did not come up");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    return { db, sql, sim, app: { url: appUrl, process: app }, worker, runner: { url: runnerUrl, process: runner }, logDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Installs the demo shop by following OAuth's redirects as a browser; the app then starts the full sync. */
export async function install(stack: BenchStack): Promise<void> {
  const hops = await browse(`${stack.app.url}/api/auth/shopify/install?shop=${stack.sim.demoShop}`, new CookieJar());
  const last = hops.at(-1)!;
  if (new URL(last.url).pathname !== "/syncing" || last.status !== 200) throw new Error(`install stopped at ${last.url} (${last.status})`);
}

export interface RunState {
  status: string;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
  stages: { resource: string; status: string; processed: number; total: number | null }[];
}

export async function latestRun(sql: pg.Client): Promise<RunState | undefined> {
  const { rows } = await sql.query<{ id: string; status: string; startedAt: Date | null; finishedAt: Date | null; error: string | null }>(
    `SELECT id, status, "startedAt", "finishedAt", error FROM "SyncRun" ORDER BY "createdAt" DESC LIMIT 1`,
  );
  const run = rows[0];
  if (!run) return undefined;
  const stages = await sql.query<{ resource: string; status: string; processed: number; total: number | null }>(
    `SELECT resource::text, status::text, processed, total FROM "SyncStage" WHERE "syncRunId" = $1 ORDER BY resource`,
    [run.id],
  );
  return { ...run, stages: stages.rows };
}

export interface RssSummary {
  peakMb: number;
  medianMb: number;
  lastMb: number;
  samples: number;
}

export interface RssSampler {
  /** Latest figures (MB) of each sampled target, by name. */
  summary(): Promise<Record<string, RssSummary>>;
  stop(): Promise<Record<string, RssSummary>>;
}

/**
 * Samples VmRSS from /proc/<pid>/status every `everyMs` in a worker thread, so a busy main thread
 * (the simulator building a bulk export) cannot delay or skip samples. A target with `tree` adds
 * the RSS of all the process's descendants.
 */
export function sampleRss(targets: Record<string, { pid: number; tree: boolean }>, everyMs = 250): RssSampler {
  const code = `
    const { parentPort, workerData } = require("node:worker_threads");
    const fs = require("node:fs");
    const { targets, everyMs } = workerData;
    const samples = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
    const rssKb = (pid) => {
      try {
        const match = /VmRSS:\\s+(\\d+) kB/.exec(fs.readFileSync("/proc/" + pid + "/status", "utf8"));
        return match ? Number(match[1]) : 0;
      } catch {
        return 0;
      }
    };
    const childrenOf = () => {
      const children = new Map();
      for (const entry of fs.readdirSync("/proc")) {
        if (!/^\\d+$/.test(entry)) continue;
        try {
          const stat = fs.readFileSync("/proc/" + entry + "/stat", "utf8");
          const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
          if (!children.has(ppid)) children.set(ppid, []);
          children.get(ppid).push(Number(entry));
        } catch {}
      }
      return children;
    };
    const take = () => {
      const children = childrenOf();
      for (const [name, { pid, tree }] of Object.entries(targets)) {
        let kb = 0;
        const visit = (p) => {
          kb += rssKb(p);
          if (tree) for (const child of children.get(p) || []) visit(child);
        };
        visit(pid);
        if (kb > 0) samples[name].push(kb / 1024);
      }
    };
    const summary = () =>
      Object.fromEntries(
        Object.entries(samples).map(([name, list]) => {
          const sorted = [...list].sort((a, b) => a - b);
          return [name, { peakMb: sorted.at(-1) || 0, medianMb: sorted[Math.floor(sorted.length / 2)] || 0, lastMb: list.at(-1) || 0, samples: list.length }];
        }),
      );
    take();
    const timer = setInterval(take, everyMs);
    parentPort.on("message", (message) => {
      if (message === "stop") clearInterval(timer);
      parentPort.postMessage(summary());
      if (message === "stop") parentPort.close();
    });
  `;
  const worker = new Worker(code, { eval: true, workerData: { targets, everyMs } });
  const ask = (message: "summary" | "stop") =>
    new Promise<Record<string, RssSummary>>((resolve) => {
      worker.once("message", (value: Record<string, RssSummary>) => resolve(value));
      worker.postMessage(message);
    });
  return { summary: () => ask("summary"), stop: () => ask("stop") };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function loadNote(): string {
  const [one, five] = os.loadavg();
  return `${os.cpus().length} cores, load average ${one!.toFixed(1)} (1 min) / ${five!.toFixed(1)} (5 min) at the end`;
}
