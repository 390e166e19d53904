/**
 * Conformance: one sample function per op and flow-control feature, served by the real inngest@4
 * `serve` handler over HTTP and driven by the runner. Each test asserts what a user would observe on
 * Inngest: step order, memoization (each step body runs once), parallel results, sleeps honoured,
 * waits matched or timed out, retries with backoff, non-retriable failures, cancellation, singleton,
 * per-key concurrency, throttle, debounce, idempotency and onFailure.
 *
 * Knob: the runner runs with timeScale 0.02, so Inngest's retry backoff (15 s, 30 s, … + 0-30 s
 * jitter) and Retry-After delays are 50x shorter; sleeps, waits, throttle and debounce use real time.
 */
import { NonRetriableError, RetryAfterError } from "inngest";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  apiGet,
  apiPost,
  getRun,
  listRuns,
  makeClient,
  sleep,
  startApp,
  startRunner,
  stopDatabase,
  syncApp,
  waitFor,
  waitForRuns,
  type TestApp,
} from "./helpers.ts";

const TIME_SCALE = 0.02;
let runner: Awaited<ReturnType<typeof startRunner>>;
let app: TestApp;

/** What the functions' step bodies did, in the order they did it (the app runs in this process). */
const calls: { fn: string; step: string; at: number; attempt?: number; key?: string; phase?: "start" | "end" }[] = [];
const record = (fn: string, step: string, extra: Partial<(typeof calls)[number]> = {}): void => {
  calls.push({ fn, step, at: Date.now(), ...extra });
};
const callsOf = (fn: string, step?: string) => calls.filter((c) => c.fn === fn && (step === undefined || c.step === step));

const client = makeClient("conf", "http://placeholder.invalid");

const sequential = client.createFunction({ id: "sequential", triggers: [{ event: "conf/sequential" }] }, async ({ step }) => {
  const a = await step.run("a", () => (record("sequential", "a"), 1));
  const b = await step.run("b", () => (record("sequential", "b"), a + 1));
  const c = await step.run("c", () => (record("sequential", "c"), b + 1));
  return { a, b, c };
});

const parallel = client.createFunction({ id: "parallel", triggers: [{ event: "conf/parallel" }] }, async ({ step }) => {
  const parts = await Promise.all(
    ["x", "y", "z"].map((id) => step.run(id, async () => (record("parallel", id), await sleep(100), id.toUpperCase()))),
  );
  const joined = await step.run("join", () => (record("parallel", "join"), parts.join("")));
  return { parts, joined };
});

const sleeper = client.createFunction({ id: "sleeper", triggers: [{ event: "conf/sleep" }] }, async ({ step }) => {
  const before = await step.run("before", () => Date.now());
  await step.sleep("nap", "2s");
  const after = await step.run("after", () => Date.now());
  return { slept: after - before };
});

const waiter = client.createFunction({ id: "waiter", triggers: [{ event: "conf/wait.start" }] }, async ({ step }) => {
  const approval = await step.waitForEvent("approval", {
    event: "conf/wait.approved",
    timeout: "10s",
    if: "event.data.orderId == async.data.orderId",
  });
  return { approvedBy: approval?.data.by ?? null };
});

const timeoutWaiter = client.createFunction(
  { id: "timeout-waiter", triggers: [{ event: "conf/wait-timeout.start" }] },
  async ({ step }) => {
    const started = await step.run("started", () => Date.now());
    const approval = await step.waitForEvent("never", { event: "conf/wait-timeout.never", timeout: "1s" });
    const ended = await step.run("ended", () => Date.now());
    return { approval, waited: ended - started };
  },
);

const pinged = client.createFunction({ id: "pinged", triggers: [{ event: "conf/ping" }] }, async ({ event }) => ({ got: event.data }));
const sender = client.createFunction({ id: "sender", triggers: [{ event: "conf/send" }] }, async ({ step }) => {
  const sent = await step.sendEvent("send-ping", { name: "conf/ping", data: { from: "sender" } });
  return sent;
});

const doubler = client.createFunction({ id: "doubler", triggers: [{ event: "conf/double" }] }, async ({ event }) => ({
  doubled: (event.data as { n: number }).n * 2,
}));
const invoker = client.createFunction({ id: "invoker", triggers: [{ event: "conf/invoke" }] }, async ({ step }) => {
  const result = await step.invoke("call-doubler", { function: doubler, data: { n: 21 } });
  return { result };
});

const flaky = client.createFunction({ id: "flaky", retries: 3, triggers: [{ event: "conf/flaky" }] }, async ({ step, attempt }) => {
  const value = await step.run("flaky-step", () => {
    record("flaky", "flaky-step", { attempt });
    if (attempt < 2) throw new Error(`boom on attempt ${attempt}`);
    return `ok on attempt ${attempt}`;
  });
  return value;
});

const exhausted = client.createFunction(
  { id: "exhausted", retries: 1, triggers: [{ event: "conf/exhausted" }] },
  async ({ step, attempt }) => {
    await step.run("always-fails", () => {
      record("exhausted", "always-fails", { attempt });
      throw new Error("still broken");
    });
  },
);

const nonRetriable = client.createFunction(
  { id: "non-retriable", retries: 5, triggers: [{ event: "conf/non-retriable" }] },
  async ({ step }) => {
    await step.run("nr", () => {
      record("non-retriable", "nr");
      throw new NonRetriableError("nope, never again");
    });
  },
);

const retryAfter = client.createFunction(
  { id: "retry-after", retries: 2, triggers: [{ event: "conf/retry-after" }] },
  async ({ step, attempt }) =>
    step.run("ra", () => {
      record("retry-after", "ra", { attempt });
      if (attempt === 0) throw new RetryAfterError("come back later", "60s");
      return "done";
    }),
);

const caught = client.createFunction({ id: "caught", retries: 0, triggers: [{ event: "conf/caught" }] }, async ({ step }) => {
  try {
    await step.run("fails", () => {
      throw new Error("failing step");
    });
    return "unreachable";
  } catch (err) {
    return { caught: (err as Error).message };
  }
});

const cancellable = client.createFunction(
  { id: "cancellable", triggers: [{ event: "conf/cancellable" }], cancelOn: [{ event: "conf/cancel", match: "data.id" }] },
  async ({ step }) => {
    await step.run("first", () => record("cancellable", "first"));
    await step.sleep("long-nap", "30s");
    await step.run("after-nap", () => record("cancellable", "after-nap"));
  },
);

const singletonSkip = client.createFunction(
  { id: "singleton-skip", triggers: [{ event: "conf/singleton-skip" }], singleton: { key: "event.data.shop", mode: "skip" } },
  async ({ event, step }) => step.run("work", async () => (await sleep(500), event.data.shop as string)),
);

const singletonCancel = client.createFunction(
  { id: "singleton-cancel", triggers: [{ event: "conf/singleton-cancel" }], singleton: { key: "event.data.shop", mode: "cancel" } },
  async ({ event, step }) => {
    await step.sleep("hold", "2s");
    return event.data.n as number;
  },
);

const limited = client.createFunction(
  { id: "limited", triggers: [{ event: "conf/limited" }], concurrency: { limit: 1, key: "event.data.shop" } },
  async ({ event, step }) => {
    const shop = event.data.shop as string;
    for (const id of ["one", "two"]) {
      await step.run(id, async () => {
        record("limited", id, { key: shop, phase: "start" });
        await sleep(150);
        record("limited", id, { key: shop, phase: "end" });
      });
    }
  },
);

const throttled = client.createFunction(
  { id: "throttled", triggers: [{ event: "conf/throttled" }], throttle: { limit: 1, period: "1s" } },
  async ({ step }) => step.run("t", () => record("throttled", "t")),
);

const debounced = client.createFunction(
  { id: "debounced", triggers: [{ event: "conf/debounced" }], debounce: { period: "1s", key: "event.data.k" } },
  async ({ event }) => ({ last: event.data.n as number }),
);

const idempotent = client.createFunction(
  { id: "idempotent", triggers: [{ event: "conf/idempotent" }], idempotency: "event.data.orderId" },
  async ({ event }) => event.data.orderId as string,
);

const dedupe = client.createFunction({ id: "dedupe", triggers: [{ event: "conf/dedupe" }] }, async () => "ran");

const filtered = client.createFunction(
  { id: "filtered", triggers: [{ event: "conf/filtered", if: "event.data.amount > 100" }] },
  async ({ event }) => event.data.amount as number,
);

const failing = client.createFunction(
  {
    id: "failing",
    retries: 0,
    triggers: [{ event: "conf/failing" }],
    onFailure: async ({ event, error }) => {
      record("failing", "on-failure");
      return { handled: error.message, original: event.data.event.name };
    },
  },
  async () => {
    throw new NonRetriableError("original failure");
  },
);

const functions = [
  sequential,
  parallel,
  sleeper,
  waiter,
  timeoutWaiter,
  pinged,
  sender,
  doubler,
  invoker,
  flaky,
  exhausted,
  nonRetriable,
  retryAfter,
  caught,
  cancellable,
  singletonSkip,
  singletonCancel,
  limited,
  throttled,
  debounced,
  idempotent,
  dedupe,
  filtered,
  failing,
];

let sendClient: ReturnType<typeof makeClient>;
const send = (name: string, data: Record<string, unknown> = {}, id?: string) => sendClient.send({ name, data, ...(id ? { id } : {}) });

beforeAll(async () => {
  runner = await startRunner("conformance", { timeScale: TIME_SCALE });
  // The app's client points at the runner through the SDK's own options, nothing else.
  Object.assign(client, makeClient("conf", runner.url));
  sendClient = makeClient("conf-sender", runner.url);
  app = await startApp(makeClient("conf", runner.url), functions);
  await syncApp(runner, app.url);
});

afterAll(async () => {
  await app?.close();
  await runner?.stop();
  stopDatabase();
});

describe.concurrent("inngest runner conformance", () => {
  test("sync registers every function with its options", async () => {
    const fns = await apiGet<{ id: string; config: Record<string, unknown> }[]>(runner, "/v1/functions");
    const byId = new Map(fns.map((f) => [f.id, f.config]));
    expect(byId.has("conf-failing-failure")).toBe(true);
    expect(byId.get("conf-limited")?.concurrency).toEqual({ limit: 1, key: "event.data.shop" });
    expect(byId.get("conf-cancellable")?.cancel).toEqual([{ event: "conf/cancel", if: "event.data.id == async.data.id" }]);
  });

  test("steps run in order, and each step body runs exactly once", async () => {
    await send("conf/sequential");
    const [run] = await waitForRuns(runner, "conf-sequential");
    expect(run?.status).toBe("completed");
    expect(run?.output).toEqual({ a: 1, b: 2, c: 3 });
    expect(callsOf("sequential").map((c) => c.step)).toEqual(["a", "b", "c"]);
    expect(run?.steps.map((s) => [s.display_name, s.status])).toEqual([
      ["a", "completed"],
      ["b", "completed"],
      ["c", "completed"],
    ]);
  });

  test("parallel steps are planned, run once each, and their results are replayed in order", async () => {
    await send("conf/parallel");
    const [run] = await waitForRuns(runner, "conf-parallel");
    expect(run?.output).toEqual({ parts: ["X", "Y", "Z"], joined: "XYZ" });
    expect(
      callsOf("parallel")
        .map((c) => c.step)
        .sort(),
    ).toEqual(["join", "x", "y", "z"]);
    const planned = run?.history.filter((h) => h.type === "call.started" && h.step_id !== "step");
    expect(planned?.length).toBe(3);
  });

  test("sleep is honoured", async () => {
    await send("conf/sleep");
    const [run] = await waitForRuns(runner, "conf-sleeper");
    expect((run?.output as { slept: number }).slept).toBeGreaterThanOrEqual(2000);
    expect(run?.steps.find((s) => s.display_name === "nap")?.op).toBe("Sleep");
  });

  test("waitForEvent resumes on the matching event only, with that event", async () => {
    await send("conf/wait.start", { orderId: "o-1" });
    await waitFor(async () => (await listRuns(runner, "function_id=conf-waiter"))[0]?.status === "running", 30_000, "waiter running");
    await sleep(300);
    await send("conf/wait.approved", { orderId: "o-other", by: "mallory" });
    await sleep(300);
    expect((await listRuns(runner, "function_id=conf-waiter"))[0]?.status).toBe("running");
    await send("conf/wait.approved", { orderId: "o-1", by: "alice" });
    const [run] = await waitForRuns(runner, "conf-waiter");
    expect(run?.output).toEqual({ approvedBy: "alice" });
  });

  test("waitForEvent times out with null", async () => {
    await send("conf/wait-timeout.start");
    const [run] = await waitForRuns(runner, "conf-timeout-waiter");
    const out = run?.output as { approval: unknown; waited: number };
    expect(out.approval).toBeNull();
    expect(out.waited).toBeGreaterThanOrEqual(1000);
  });

  test("step.sendEvent reaches the event API and triggers functions", async () => {
    await send("conf/send");
    const [run] = await waitForRuns(runner, "conf-sender");
    expect((run?.output as { ids: string[] }).ids).toHaveLength(1);
    const [child] = await waitForRuns(runner, "conf-pinged");
    expect(child?.output).toEqual({ got: { from: "sender" } });
  });

  test("step.invoke runs the other function and returns its output", async () => {
    await send("conf/invoke");
    const [run] = await waitForRuns(runner, "conf-invoker");
    expect(run?.output).toEqual({ result: { doubled: 42 } });
    const children = await listRuns(runner, "function_id=conf-doubler");
    expect(children.find((c) => c.parent_run_id === run?.id)?.event_name).toBe("inngest/function.invoked");
  });

  test("a failing step is retried with Inngest's backoff until it succeeds", async () => {
    await send("conf/flaky");
    const [run] = await waitForRuns(runner, "conf-flaky", 1, 20_000);
    expect(run?.output).toBe("ok on attempt 2");
    const attempts = callsOf("flaky");
    expect(attempts.map((c) => c.attempt)).toEqual([0, 1, 2]);
    // Backoff table 15 s then 30 s (plus jitter), scaled by TIME_SCALE.
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(15_000 * TIME_SCALE);
    expect((attempts[2]?.at ?? 0) - (attempts[1]?.at ?? 0)).toBeGreaterThanOrEqual(30_000 * TIME_SCALE);
    expect(run?.steps[0]?.attempts).toBe(3);
  });

  test("a step that keeps failing fails the run after retries + 1 attempts", async () => {
    await send("conf/exhausted");
    const [run] = await waitForRuns(runner, "conf-exhausted", 1, 20_000);
    expect(run?.status).toBe("failed");
    expect((run?.error as { message: string }).message).toBe("still broken");
    expect(callsOf("exhausted").map((c) => c.attempt)).toEqual([0, 1]);
  });

  test("NonRetriableError fails at once", async () => {
    await send("conf/non-retriable");
    const [run] = await waitForRuns(runner, "conf-non-retriable");
    expect(run?.status).toBe("failed");
    expect(run?.error).toMatchObject({ name: "NonRetriableError", message: "nope, never again" });
    expect(callsOf("non-retriable")).toHaveLength(1);
  });

  test("RetryAfterError sets the next attempt's time", async () => {
    await send("conf/retry-after");
    const [run] = await waitForRuns(runner, "conf-retry-after", 1, 20_000);
    expect(run?.output).toBe("done");
    const [first, second] = callsOf("retry-after");
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(60_000 * TIME_SCALE);
  });

  test("a step's final error can be caught by the function", async () => {
    await send("conf/caught");
    const [run] = await waitForRuns(runner, "conf-caught");
    expect(run?.status).toBe("completed");
    expect(run?.output).toEqual({ caught: "failing step" });
    expect(run?.steps[0]?.status).toBe("failed");
  });

  test("cancelOn cancels the matching run only, and later steps never run", async () => {
    await send("conf/cancellable", { id: "c-1" });
    await send("conf/cancellable", { id: "c-2" });
    await waitFor(() => callsOf("cancellable", "first").length === 2, 30_000, "both runs started");
    await send("conf/cancel", { id: "c-1" });
    const [cancelled] = await waitForRuns(runner, "conf-cancellable");
    expect(cancelled?.status).toBe("cancelled");
    expect((cancelled?.event as { data: { id: string } }).data.id).toBe("c-1");
    const runs = await listRuns(runner, "function_id=conf-cancellable");
    expect(runs.find((r) => r.id !== cancelled?.id)?.status).toBe("running");
    await apiPost(runner, `/v1/runs/${runs.find((r) => r.id !== cancelled?.id)?.id ?? ""}/cancel`);
    expect(callsOf("cancellable", "after-nap")).toHaveLength(0);
  });

  test("singleton skip: a second run for the same key is skipped, not for another key", async () => {
    await send("conf/singleton-skip", { shop: "a" });
    await send("conf/singleton-skip", { shop: "a" });
    await send("conf/singleton-skip", { shop: "b" });
    const runs = await waitForRuns(runner, "conf-singleton-skip", 2);
    await sleep(300);
    expect((await listRuns(runner, "function_id=conf-singleton-skip")).length).toBe(2);
    expect(runs.map((r) => r.output).sort()).toEqual(["a", "b"]);
    const events = await apiGet<{ outcomes: { skipped?: string }[] }[]>(runner, "/v1/events?name=conf/singleton-skip");
    expect(events.filter((e) => e.outcomes.some((o) => o.skipped === "singleton"))).toHaveLength(1);
  });

  test("singleton cancel: a new run for the same key cancels the running one", async () => {
    await send("conf/singleton-cancel", { shop: "a", n: 1 });
    await waitFor(
      async () => (await listRuns(runner, "function_id=conf-singleton-cancel"))[0]?.status === "running",
      30_000,
      "first run running",
    );
    await send("conf/singleton-cancel", { shop: "a", n: 2 });
    const runs = await waitForRuns(runner, "conf-singleton-cancel", 2);
    const byN = new Map(runs.map((r) => [(r.event as { data: { n: number } }).data.n, r]));
    expect(byN.get(1)?.status).toBe("cancelled");
    expect(byN.get(2)?.status).toBe("completed");
  });

  test("a concurrency limit of 1 per key never runs two steps of the same key at once", async () => {
    for (const shop of ["a", "a", "a", "b", "b"]) await send("conf/limited", { shop });
    await waitForRuns(runner, "conf-limited", 5, 20_000);
    const overlapping = (key: string, other: string) => {
      const spans = (k: string) => {
        const evs = callsOf("limited").filter((c) => c.key === k);
        const starts = evs.filter((c) => c.phase === "start");
        const ends = evs.filter((c) => c.phase === "end");
        return starts.map((s, i) => [s.at, ends[i]?.at ?? Infinity] as const);
      };
      let count = 0;
      for (const [s1, e1] of spans(key)) for (const [s2, e2] of spans(other)) if (s1 < e2 && s2 < e1 && !(s1 === s2 && e1 === e2)) count++;
      return count;
    };
    // Steps of one key are serialized (each key ran 2 steps per run).
    let activeA = 0;
    let maxA = 0;
    for (const c of callsOf("limited").filter((x) => x.key === "a")) {
      activeA += c.phase === "start" ? 1 : -1;
      maxA = Math.max(maxA, activeA);
    }
    expect(maxA).toBe(1);
    expect(callsOf("limited").filter((c) => c.key === "a" && c.phase === "start")).toHaveLength(6);
    // Different keys do run side by side.
    expect(overlapping("a", "b")).toBeGreaterThan(0);
  });

  test("throttle spaces run starts by period / limit", async () => {
    // One request with three events: the runner admits the first at once and queues the others.
    await sendClient.send([1, 2, 3].map((n) => ({ name: "conf/throttled", data: { n } })));
    const runs = await waitForRuns(runner, "conf-throttled", 3, 15_000);
    // When the runner allowed each run to start (its GCRA decision, kept in the run's history): a
    // queued run's start_at, else its creation. How busy this machine is never enters the assertion.
    const starts = runs
      .map((run) => {
        const throttled = run.history.find((h) => h.type === "run.throttled");
        if (throttled) return Date.parse((throttled.detail as { start_at: string }).start_at);
        return Date.parse(run.history.find((h) => h.type === "run.created")!.at);
      })
      .sort((a, b) => a - b);
    expect(runs.filter((run) => run.history.some((h) => h.type === "run.throttled")).length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(1000);
    // And no run's step ran before its start was allowed.
    const times = callsOf("throttled")
      .map((c) => c.at)
      .sort((a, b) => a - b);
    expect(times).toHaveLength(3);
    times.forEach((at, i) => expect(at).toBeGreaterThanOrEqual(starts[i]!));
  });

  test("debounce runs once with the last event after the period", async () => {
    for (let n = 1; n <= 3; n++) {
      await send("conf/debounced", { k: "same", n });
      await sleep(200);
    }
    const [run] = await waitForRuns(runner, "conf-debounced");
    expect(run?.output).toEqual({ last: 3 });
    await sleep(1200);
    expect(await listRuns(runner, "function_id=conf-debounced")).toHaveLength(1);
  });

  test("idempotency key: one run per key value", async () => {
    await send("conf/idempotent", { orderId: "o-1" });
    await send("conf/idempotent", { orderId: "o-1" });
    await send("conf/idempotent", { orderId: "o-2" });
    const runs = await waitForRuns(runner, "conf-idempotent", 2);
    await sleep(300);
    expect((await listRuns(runner, "function_id=conf-idempotent")).length).toBe(2);
    expect(runs.map((r) => r.output).sort()).toEqual(["o-1", "o-2"]);
  });

  test("event id deduplication: a repeated id starts no second run", async () => {
    await send("conf/dedupe", {}, "dedupe-id-1");
    await send("conf/dedupe", {}, "dedupe-id-1");
    await waitForRuns(runner, "conf-dedupe");
    await sleep(300);
    expect(await listRuns(runner, "function_id=conf-dedupe")).toHaveLength(1);
  });

  test("trigger expressions are evaluated with CEL", async () => {
    await send("conf/filtered", { amount: 50 });
    await send("conf/filtered", { amount: 150 });
    const [run] = await waitForRuns(runner, "conf-filtered");
    await sleep(300);
    expect(await listRuns(runner, "function_id=conf-filtered")).toHaveLength(1);
    expect(run?.output).toBe(150);
  });

  test("onFailure runs with inngest/function.failed after the run fails", async () => {
    await send("conf/failing");
    const [failed] = await waitForRuns(runner, "conf-failing");
    expect(failed?.status).toBe("failed");
    const [handler] = await waitForRuns(runner, "conf-failing-failure");
    expect(handler?.event_name).toBe("inngest/function.failed");
    expect(handler?.output).toEqual({ handled: "original failure", original: "conf/failing" });
  });

  test("replay starts a new run of the same function with the same event", async () => {
    await send("conf/sequential", { replay: true });
    const runs = await waitFor(
      async () => (await listRuns(runner, "function_id=conf-sequential")).find((r) => r.status === "completed"),
      30_000,
      "a run",
    );
    const res = await apiPost(runner, `/v1/runs/${runs.id}/replay`);
    expect(res.status).toBe(201);
    const replayId = (res.body as { run_id: string }).run_id;
    const replay = await waitFor(async () => {
      const r = await getRun(runner, replayId);
      return r.status === "completed" ? r : undefined;
    });
    expect(replay.replay_of).toBe(runs.id);
    expect(replay.event).toEqual((await getRun(runner, runs.id)).event);
  });

  test("the runs view is served at / and /runs/:id, with a script that parses", async () => {
    for (const path of ["/", "/runs/some-run-id"]) {
      const res = await fetch(new URL(path, runner.url));
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain("Local Inngest runner");
      const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? "";
      expect(() => new Function(script)).not.toThrow();
    }
  });
});
