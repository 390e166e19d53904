/**
 * Inngest's limits, enforced the way Inngest fails a run: the step limit (1,000 steps per run), step
 * output (4 MiB) and event size (256 KiB, Inngest Cloud's free plan).
 *
 * Knob: the step-limit test lowers `limits.maxSteps` to 30. In plain async mode the SDK replays every
 * memoized step on each call, so a real 1,000-step run costs minutes on a 2-core machine (measured:
 * about 0.35 ms per memoized step per call); the enforcement path and message are the same.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { DEFAULT_LIMITS } from "../../../dev/inngest-runner/index.ts";
import { makeClient, startApp, startRunner, stopDatabase, syncApp, waitForRuns, type TestApp } from "./helpers.ts";

const STEP_LIMIT = 30;
let runner: Awaited<ReturnType<typeof startRunner>>;
let app: TestApp;

beforeAll(async () => {
  runner = await startRunner("limits", { limits: { maxSteps: STEP_LIMIT } });
  const client = makeClient("limits", runner.url);
  const tooManySteps = client.createFunction({ id: "too-many-steps", triggers: [{ event: "limits/steps" }] }, async ({ step }) => {
    for (let i = 0; i <= STEP_LIMIT; i++) await step.run(`step-${i}`, () => i);
    return "unreachable";
  });
  const bigOutput = client.createFunction({ id: "big-output", triggers: [{ event: "limits/output" }] }, async ({ step }) => {
    await step.run("huge", () => "x".repeat(4 * 1024 * 1024 + 1));
    return "unreachable";
  });
  app = await startApp(client, [tooManySteps, bigOutput]);
  await syncApp(runner, app.url);
});

afterAll(async () => {
  await app?.close();
  await runner?.stop();
  stopDatabase();
});

const send = (body: unknown) =>
  fetch(`${runner.url}/e/key`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

test("the defaults are Inngest's documented limits", () => {
  expect(DEFAULT_LIMITS).toMatchObject({
    maxSteps: 1000,
    maxStepOutputBytes: 4 * 1024 * 1024,
    maxStateBytes: 32 * 1024 * 1024,
    maxEventBytes: 256 * 1024,
  });
});

test("a run that would exceed the step limit fails with Inngest's step-limit error", async () => {
  await send({ name: "limits/steps", data: {} });
  const [run] = await waitForRuns(runner, "limits-too-many-steps", 1, 30_000);
  expect(run?.status).toBe("failed");
  expect(run?.error).toMatchObject({
    name: "InngestErrFunctionOverflowed",
    message: `The function run exceeded the step limit of ${STEP_LIMIT} steps.`,
  });
  expect(run?.step_count).toBe(STEP_LIMIT);
});

test("a step returning more than 4 MiB fails the run", async () => {
  await send({ name: "limits/output", data: {} });
  const [run] = await waitForRuns(runner, "limits-big-output", 1, 20_000);
  expect(run?.status).toBe("failed");
  expect(run?.error).toMatchObject({ name: "InngestErrStepOutputTooLarge" });
});

test("an event larger than 256 KiB is rejected by the event API", async () => {
  const res = await send({ name: "limits/big-event", data: { blob: "x".repeat(256 * 1024) } });
  expect(res.status).toBe(413);
  const ok = await send({ name: "limits/small-event", data: { blob: "x".repeat(1024) } });
  expect(await ok.json()).toMatchObject({ status: 200, ids: [expect.any(String)] });
});
