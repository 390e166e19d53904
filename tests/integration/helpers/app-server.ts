/**
 * The real Next.js app (`next start` on the production build made by global setup) on a free
 * port, with the env a test gives it. Tests talk to it over HTTP only.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort } from "../../../dev/db/embedded";
import { signalAndWait } from "./child-process";
import { testDatabaseUrl } from "./database";

const ROOT = path.resolve(import.meta.dirname, "../../..");

/** Production mode refuses the development secrets, so tests bring their own. */
export const TEST_APP_ENV = {
  ENCRYPTION_KEYS: "test1:dGVzdC1vbmx5LWtleS1mb3Itc2hvcHN5bmMtdGVzdCE=",
  SESSION_SECRET: "test-session-secret-with-at-least-32-chars",
  METRICS_TOKEN: "test-metrics-token-0123456789",
  SHOPIFY_API_KEY: "shopsync-test-key",
  SHOPIFY_API_SECRET: "shopsync-test-secret",
  INNGEST_DEV: "1",
  // A production build on a loopback APP_URL, against the simulator and the runner.
  ALLOW_LOCAL_STANDINS: "1",
} as const;

export interface RunningApp {
  url: string;
  port: number;
  process: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
  /** kill -9: the process dies mid-request, as in a crash (no graceful shutdown). */
  kill(): Promise<void>;
  /**
   * Kills the process if it still runs (SIGKILL) and starts the app again on the same port and
   * env, so URLs other processes hold (the runner's registered serve URL, cookies) stay valid.
   * Returns the new handle; the old one's output() keeps what the dead process printed.
   */
  restart(): Promise<RunningApp>;
}

export interface StartAppOptions {
  /** Listen on this port instead of a free one (a restart reuses the crashed app's port). */
  port?: number;
  /** How long to wait for the app to answer. Default 60 s (several files start apps at once). */
  readyTimeoutMs?: number;
}

export async function startApp(env: Record<string, string | undefined> = {}, options: StartAppOptions = {}): Promise<RunningApp> {
  // A free port can be taken by another test file's process before next binds it: try another.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startAppOnce(env, options);
    } catch (error) {
      if (options.port !== undefined || attempt >= 3 || !(error instanceof PortTakenError)) throw error;
    }
  }
}

class PortTakenError extends Error {}

async function startAppOnce(env: Record<string, string | undefined>, options: StartAppOptions): Promise<RunningApp> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  const child = spawn(
    process.execPath,
    [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "--port", String(port), "--hostname", "127.0.0.1"],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: testDatabaseUrl(), APP_URL: url, ...TEST_APP_ENV, ...env, NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      const message = `next start exited (${child.exitCode}):\n${output}`;
      throw output.includes("EADDRINUSE") ? new PortTakenError(message) : new Error(message);
    }
    // "Ready in" is printed once this process listens: until then, an answer on the port could
    // come from another test file's process that took it.
    if (output.includes("Ready in")) {
      try {
        const res = await fetch(`${url}/api/inngest`);
        if (res.status < 500) break;
      } catch {
        // not answering yet
      }
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`next start did not answer within ${readyTimeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const kill = () => signalAndWait(child, "SIGKILL");
  return {
    url,
    port,
    process: child,
    output: () => output,
    stop: () => signalAndWait(child, "SIGTERM"),
    kill,
    restart: async () => {
      await kill();
      return startApp(env, { ...options, port });
    },
  };
}
