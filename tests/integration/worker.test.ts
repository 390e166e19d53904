/**
 * The lean serve process (inngest/node-server.ts, `npm run worker`) serves exactly the functions
 * Next's /api/inngest serves: bundled as `npm run build:worker` bundles it, run on plain node, and
 * asked over HTTP what Inngest would ask it. Nothing else is served.
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

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("npm run worker", () => {
  let worker: ChildProcess;
  let url: string;
  let output = "";
  beforeAll(async () => {
    execFileSync("npm", ["run", "--silent", "build:worker"], { cwd: ROOT, stdio: "inherit" });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    worker = spawn(process.execPath, ["dist/worker/node-server.mjs", "--port", String(port)], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: testDatabaseUrl(), INNGEST_DEV: "http://127.0.0.1:9", LOG_LEVEL: "info" },
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
  });

  it("answers Inngest's introspection at /api/inngest with the same functions as Next's route", async () => {
    process.env.INNGEST_DEV = "http://127.0.0.1:9"; // Next's route reads it per request, as the worker's environment has it
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

  it("serves nothing else", async () => {
    expect((await fetch(`${url}/`)).status).toBe(404);
    expect((await fetch(`${url}/api/webhooks/shopify`, { method: "POST", body: "{}" })).status).toBe(404);
  });
});
