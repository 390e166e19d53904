/**
 * Crash and resume: the runner runs as a child process (as `npm run dev` starts it), is killed with
 * SIGKILL while a step is executing, and restarted on the same port and schema. The run completes;
 * every step that had completed ran exactly once; only the step in flight at the kill ran again.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { freePort } from "../../../dev/db/embedded.ts";
import {
  databaseUrl,
  getRun,
  listRuns,
  makeClient,
  sleep,
  startApp,
  stopDatabase,
  uniqueSchema,
  waitFor,
  type TestApp,
} from "./helpers.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const schema = uniqueSchema("crash");
let port: number;
let child: ChildProcess | undefined;
let app: TestApp;

const starts: Record<string, number> = {};
const ends: Record<string, number> = {};

async function spawnRunner(appUrl: string): Promise<ChildProcess> {
  const proc = spawn(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "dev/inngest-runner/main.ts"), "--port", String(port), "--schema", schema, "--app-url", appUrl],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: await databaseUrl() },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  proc.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  proc.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  await waitFor(() => output.includes("listening on") || proc.exitCode !== null, 30_000, "runner child to listen");
  if (proc.exitCode !== null) throw new Error(`runner exited: ${output}`);
  return proc;
}

beforeAll(async () => {
  port = await freePort();
  const runnerUrl = `http://localhost:${port}`;
  const client = makeClient("crash", runnerUrl);
  const fn = client.createFunction({ id: "five-steps", triggers: [{ event: "crash/go" }] }, async ({ step }) => {
    const results: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const id = `s${i}`;
      results.push(
        await step.run(id, async () => {
          starts[id] = (starts[id] ?? 0) + 1;
          await sleep(id === "s3" ? 1500 : 50);
          ends[id] = (ends[id] ?? 0) + 1;
          return i * 10;
        }),
      );
    }
    return results;
  });
  app = await startApp(client, [fn]);
  child = await spawnRunner(app.url);
  await waitFor(
    async () => (await fetch(`${runnerUrl}/v1/functions`).then((r) => r.json() as Promise<{ data: unknown[] }>)).data.length === 1,
    20_000,
    "app synced",
  );
}, 60_000);

afterAll(async () => {
  child?.kill("SIGKILL");
  await app?.close();
  stopDatabase();
});

test("kill -9 mid-step, restart: the run completes and completed steps never re-run", async () => {
  const runner = { url: `http://localhost:${port}` };
  const res = await fetch(`${runner.url}/e/test-key`, { method: "POST", body: JSON.stringify({ name: "crash/go", data: {} }) });
  expect(await res.json()).toMatchObject({ status: 200 });

  await waitFor(() => starts.s3 === 1, 20_000, "s3 to start");
  child?.kill("SIGKILL");
  await new Promise((resolve) => child?.once("exit", resolve));

  child = await spawnRunner(app.url);
  const [run] = await listRuns(runner, "function_id=crash-five-steps");
  const done = await waitFor(
    async () => {
      const r = await getRun(runner, run?.id ?? "");
      return r.status === "completed" ? r : undefined;
    },
    30_000,
    "run to complete after restart",
  );

  expect(done.output).toEqual([10, 20, 30, 40, 50]);
  // Completed before the kill, or after the restart: exactly once.
  for (const id of ["s1", "s2", "s4", "s5"]) expect({ id, starts: starts[id] }).toEqual({ id, starts: 1 });
  // In flight at the kill: retried once by the new runner.
  expect(starts.s3).toBe(2);
  expect(done.steps.map((s) => s.display_name)).toEqual(["s1", "s2", "s3", "s4", "s5"]);
}, 60_000);
