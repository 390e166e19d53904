/**
 * Shared plumbing for the runner's integration tests: a Postgres URL (the integration global setup's
 * DATABASE_URL, or a throwaway cluster), a runner per test file in its own Postgres schema, and an
 * app serving real inngest@4 functions over real HTTP with `serve` from inngest/node.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Inngest, type InngestFunction } from "inngest";
import { serve } from "inngest/node";
import { startEphemeral, type RunningCluster } from "../../../dev/db/embedded.ts";
import {
  startInngestRunner,
  type InngestRunner,
  type InngestRunnerOptions,
  type RunDetail,
  type RunSummary,
} from "../../../dev/inngest-runner/index.ts";

let cluster: RunningCluster | undefined;

export async function databaseUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  cluster ??= await startEphemeral("runner_test");
  return cluster.url;
}

export function stopDatabase(): void {
  cluster?.stop();
  cluster = undefined;
}

export const uniqueSchema = (name: string): string =>
  `runner_${name}_${process.pid}_${Date.now().toString(36)}`.replace(/[^a-z0-9_]/gi, "_").toLowerCase();

export async function startRunner(name: string, options: InngestRunnerOptions = {}): Promise<InngestRunner & { schema: string }> {
  const schema = options.schema ?? uniqueSchema(name);
  const runner = await startInngestRunner({
    port: 0,
    databaseUrl: await databaseUrl(),
    schema,
    log: false,
    pollMs: 50,
    resyncMs: 0,
    ...options,
  });
  return Object.assign(runner, { schema });
}

export function makeClient(id: string, runnerUrl: string): Inngest {
  // Exactly what an app in dev mode does: INNGEST_DEV + a base URL, nothing runner-specific.
  return new Inngest({ id, isDev: true, baseUrl: runnerUrl });
}

export interface TestApp {
  url: string;
  close(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the SDK's own `serve` takes any function shape
export async function startApp(client: Inngest, functions: InngestFunction.Any[] | any[]): Promise<TestApp> {
  const handler = serve({ client, functions });
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith("/api/inngest")) return void handler(req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/api/inngest`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Sync an app with the runner the way `inngest dev -u` does, failing loudly if it does not work. */
export async function syncApp(runner: InngestRunner, appUrl: string): Promise<void> {
  const [result] = await runner.syncApps(appUrl);
  if (!result?.ok) throw new Error(`sync failed: ${JSON.stringify(result)}`);
}

export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 45_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}

export async function apiGet<T>(runner: { url: string }, path: string): Promise<T> {
  const res = await fetch(new URL(path, runner.url));
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { data: T }).data;
}

export async function apiPost(runner: { url: string }, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(new URL(path, runner.url), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

export const listRuns = (runner: { url: string }, query = ""): Promise<RunSummary[]> => apiGet<RunSummary[]>(runner, `/v1/runs?${query}`);
export const getRun = (runner: { url: string }, id: string): Promise<RunDetail> => apiGet<RunDetail>(runner, `/v1/runs/${id}`);

const TERMINAL = new Set(["completed", "failed", "cancelled"]);

/** The runs of one function, once `count` of them have finished. */
export async function waitForRuns(runner: { url: string }, functionId: string, count = 1, timeoutMs = 45_000): Promise<RunDetail[]> {
  const runs = await waitFor(
    async () => {
      const list = await listRuns(runner, `function_id=${encodeURIComponent(functionId)}`);
      const done = list.filter((r) => TERMINAL.has(r.status));
      return done.length >= count ? done : undefined;
    },
    timeoutMs,
    `${count} finished run(s) of ${functionId}`,
  );
  return Promise.all(runs.map((r) => getRun(runner, r.id)));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
