/**
 * The real Next.js app (`next start` on the production build made by global setup) on a free
 * port, with the env a test gives it. Tests talk to it over HTTP only.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort } from "../../../dev/db/embedded";
import { testDatabaseUrl } from "./database";

const ROOT = path.resolve(import.meta.dirname, "../../..");

/** Production mode refuses the development secrets, so tests bring their own. */
export const TEST_APP_ENV = {
  ENCRYPTION_KEYS: "test1:dGVzdC1vbmx5LWtleS1mb3Itc2hvcHN5bmMtdGVzdCE=",
  SESSION_SECRET: "test-session-secret-with-at-least-32-chars",
  SHOPIFY_API_KEY: "shopsync-test-key",
  SHOPIFY_API_SECRET: "shopsync-test-secret",
  INNGEST_DEV: "1",
} as const;

export interface RunningApp {
  url: string;
  port: number;
  process: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

export async function startApp(env: Record<string, string | undefined> = {}): Promise<RunningApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = "";
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: testDatabaseUrl(), APP_URL: url, ...TEST_APP_ENV, ...env, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}/api/inngest`);
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`next start did not answer within 30 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    port,
    process: child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
