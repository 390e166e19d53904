/**
 * The lean serve process (inngest/node-server.ts, `npm run worker`) serves exactly the functions
 * Next's /api/inngest serves: bundled as `npm run build:worker` bundles it, run on plain node, and
 * asked over HTTP what Inngest would ask it. Nothing else is served. A function's error reaches
 * Sentry (a local sink as its DSN) from the worker too, tagged with the shop, as from Next's route.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../dev/db/embedded";
import { callFunction } from "../../dev/inngest-runner/protocol/call";
import { functions } from "../../inngest/index";
import { signalAndWait } from "./helpers/child-process";
import { testDatabaseUrl } from "./helpers/database";
import { spawnRunner } from "./helpers/runner-process";
import { startSentrySink, type SentrySink } from "./helpers/sentry-sink";
import { waitFor } from "./helpers/stack";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("npm run worker", () => {
  let worker: ChildProcess;
  let url: string;
  let output = "";
  let sink: SentrySink;
  let runnerPort: number;
  beforeAll(async () => {
    sink = await startSentrySink();
    runnerPort = await freePort();
    execFileSync("npm", ["run", "--silent", "build:worker"], { cwd: ROOT, stdio: "inherit" });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    worker = spawn(process.execPath, ["dist/worker/node-server.mjs", "--port", String(port)], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: testDatabaseUrl(),
        INNGEST_DEV: `http://127.0.0.1:${runnerPort}`,
        LOG_LEVEL: "info",
        SENTRY_DSN: sink.dsn,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    worker.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    // wait for its "listening" line (or its exit), however long a loaded machine takes
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (output.includes("Inngest functions served")) return resolve();
        if (worker.exitCode !== null) return reject(new Error(`the worker exited:\n${output}`));
        setTimeout(check, 200);
      };
      check();
    });
  });
  afterAll(async () => {
    if (worker) await signalAndWait(worker, "SIGTERM");
    await sink?.close();
  });

  it("answers Inngest's introspection at /api/inngest with the same functions as Next's route", async () => {
    process.env.INNGEST_DEV = `http://127.0.0.1:${runnerPort}`; // Next's route reads it per request, as the worker's environment has it
    const { GET } = await import("../../src/app/api/inngest/route");
    const viaNext = (await (await GET(new NextRequest("http://localhost/api/inngest"), undefined)).json()) as { function_count: number };
    const response = await fetch(`${url}/api/inngest`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { function_count?: number; mode?: string };
    expect(viaNext.function_count).toBeGreaterThanOrEqual(functions.length); // onFailure handlers count too
    expect(body.function_count).toBe(viaNext.function_count);
    expect(body.mode).toBe("dev");
  });

  it("runs a function's steps, its middleware included (Sentry's CommonJS build under plain node)", async () => {
    // sync-shop's first step, for a run that does not exist: the step runs (nothing to mark) and
    // the worker answers its result. Before the worker's Sentry shim, every run failed in the
    // Sentry tags middleware ("Sentry.setTag is not a function") before any step.
    const event = {
      id: "worker-test-event",
      name: "shop/sync.requested",
      ts: Date.now(),
      user: {},
      data: {
        shopId: "no-such-shop",
        shopDomain: "no-such-shop.myshopify.com",
        syncRunId: "no-such-run",
        kind: "FULL",
        trigger: "manual",
        resources: ["products"],
        dryRun: false,
        force: false,
      },
    };
    const result = await callFunction({
      functionUrl: `${url}/api/inngest?fnId=shopsync-sync-shop`,
      stepId: "step",
      runId: "01WORKERTESTRUN00000000000",
      event,
      events: [event],
      steps: {},
      stack: [],
      attempt: 0,
      maxAttempts: 6,
      disableImmediateExecution: false,
      timeoutMs: 60_000,
    });
    expect(result.kind === "error" || result.kind === "transport" ? result.error.message : "").toBe("");
    expect(result.kind).toBe("ops");
    expect(result.kind === "ops" ? result.ops.map((op) => [op.op, op.displayName]) : []).toEqual([["StepRun", "mark-started"]]);
  });

  it("reports a function's final error to Sentry, tagged with the shop", { timeout: 180_000 }, async () => {
    // The runner drives reconcile-shop on the worker for a shop that is not installed: its first
    // step fails on every attempt, the run fails for good, and the worker (which initialises Sentry
    // as Next's instrumentation does) sends the error to the DSN.
    const runner = await spawnRunner({ port: runnerPort, schema: "runner_worker", appUrls: [`${url}/api/inngest`], timeScale: 0.01 });
    try {
      await waitFor(
        async () =>
          ((await (await fetch(`${runner.url}/v1/functions`)).json()) as { data: { id: string }[] }).data.find(
            (f) => f.id === "shopsync-reconcile-shop",
          ),
        60_000,
        "the runner to register the worker's functions",
      );
      const shopDomain = "not-installed-worker.myshopify.com";
      const sent = await fetch(`${runner.url}/e/test-key`, {
        method: "POST",
        body: JSON.stringify({ name: "shop/reconcile.requested", data: { shopId: "not-installed", shopDomain } }),
      });
      expect(sent.status).toBe(200);
      const reported = await waitFor(
        async () => sink.events.find((e) => e.tags?.shop === shopDomain),
        120_000,
        "the worker's Sentry event for the failed run",
      ).catch((error: unknown) => {
        throw new Error(
          `${String(error)}\nsentry: ${JSON.stringify(sink.events.map((e) => e.tags))}\nrunner: ${runner.output().slice(-3000)}\nworker: ${output.slice(-3000)}`,
        );
      });
      expect(reported.tags?.["inngest.function.id"]).toBe("shopsync-reconcile-shop");
      expect(JSON.stringify(reported.exception?.values)).toMatch(/is not installed/);
    } finally {
      await runner.stop();
    }
  });

  it("serves nothing else", async () => {
    expect((await fetch(`${url}/`)).status).toBe(404);
    expect((await fetch(`${url}/api/webhooks/shopify`, { method: "POST", body: "{}" })).status).toBe(404);
  });
});
