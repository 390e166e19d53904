/**
 * The Inngest runner as a child process through its CLI (as `npm run dev` starts it), so a test can
 * kill -9 it and start it again on the same port and state schema.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort } from "../../../dev/db/embedded";
import { signalAndWait } from "./child-process";
import { testDatabaseUrl } from "./database";
import { TEST_RUNNER_TIME_SCALE } from "./stack";

const ROOT = path.resolve(import.meta.dirname, "../../..");

export interface RunnerProcessOptions {
  /** Default: a free port, kept across restarts. */
  port?: number;
  /** Postgres schema of the runner's state (its own per test file). */
  schema: string;
  /** Serve URLs the runner syncs on start (and every resyncMs). */
  appUrls: string[];
  /** Multiplies retry backoff (1 = Inngest's 15 s, 30 s, 1 min, ...). Default TEST_RUNNER_TIME_SCALE. */
  timeScale?: number;
  /** Multiplies waitForEvent timeouts. Default 1. */
  waitScale?: number;
  resyncMs?: number;
  databaseUrl?: string;
  /** How long to wait for "listening on". Default 30 s. */
  readyTimeoutMs?: number;
}

export interface RunnerProcess {
  url: string;
  port: number;
  process: ChildProcess;
  output(): string;
  /** SIGTERM: the runner's graceful shutdown. */
  stop(): Promise<void>;
  /** kill -9: in-flight call requests are abandoned, claimed jobs stay claimed by a dead worker. */
  kill(): Promise<void>;
  /** Kills it if it still runs (SIGKILL) and starts it again on the same port and schema. */
  restart(): Promise<RunnerProcess>;
}

export async function spawnRunner(options: RunnerProcessOptions): Promise<RunnerProcess> {
  const port = options.port ?? (await freePort());
  const args = [
    "--import",
    "tsx",
    path.join(ROOT, "dev/inngest-runner/main.ts"),
    "--port",
    String(port),
    "--schema",
    options.schema,
    "--database-url",
    options.databaseUrl ?? testDatabaseUrl(),
    "--time-scale",
    String(options.timeScale ?? TEST_RUNNER_TIME_SCALE),
    "--wait-scale",
    String(options.waitScale ?? 1),
    ...(options.resyncMs !== undefined ? ["--resync-ms", String(options.resyncMs)] : []),
    ...options.appUrls.flatMap((url) => ["--app-url", url]),
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  while (!output.includes("listening on")) {
    if (child.exitCode !== null) throw new Error(`runner exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`runner did not listen within ${timeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const kill = () => signalAndWait(child, "SIGKILL");
  return {
    url: `http://localhost:${port}`,
    port,
    process: child,
    output: () => output,
    stop: () => signalAndWait(child, "SIGTERM"),
    kill,
    restart: async () => {
      await kill();
      return spawnRunner({ ...options, port });
    },
  };
}
