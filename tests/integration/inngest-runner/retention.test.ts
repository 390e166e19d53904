/**
 * The runner's history is bounded: finished runs (with their steps and history) and events past
 * the retention are pruned; queued and running runs, and anything younger (events dedupe by id for
 * 24 h), stay.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStore, type Store } from "../../../dev/inngest-runner/store/db.ts";
import { pruneRunnerHistory } from "../../../dev/inngest-runner/store/retention.ts";
import { migrate } from "../../../dev/inngest-runner/store/schema.ts";
import { testDatabaseUrl } from "../helpers/database";

describe("runner retention", () => {
  let store: Store;
  beforeAll(async () => {
    store = createStore(testDatabaseUrl(), "runner_retention");
    await migrate(store.pool, store.schema);
  });
  afterAll(async () => {
    await store.pool.end();
  });

  it("prunes finished runs, their steps and history, and events older than the retention; keeps the rest", async () => {
    const { s, pool } = store;
    const run = (id: string, status: string, endedDaysAgo: number | null) =>
      pool.query(
        `INSERT INTO ${s}.runs (id, function_id, status, event, events, max_attempts, created_at, ended_at)
         VALUES ($1, 'app-fn', $2, '{}', '[]', 1, now() - interval '30 days', CASE WHEN $3::int IS NULL THEN NULL ELSE now() - make_interval(days => $3::int) END)`,
        [id, status, endedDaysAgo],
      );
    await run("old-completed", "completed", 10);
    await run("old-failed", "failed", 9);
    await run("recent-completed", "completed", 1);
    await run("old-running", "running", null);
    for (const id of ["old-completed", "old-failed", "recent-completed", "old-running"]) {
      await pool.query(`INSERT INTO ${s}.steps (run_id, id, op, status) VALUES ($1, 'step', 'Step', 'completed')`, [id]);
      await pool.query(`INSERT INTO ${s}.history (run_id, type) VALUES ($1, 'run.started')`, [id]);
    }
    await pool.query(
      `INSERT INTO ${s}.events (internal_id, id, name, payload, received_at) VALUES
         ('e-old', 'e-old', 'x/y', '{}', now() - interval '10 days'), ('e-new', 'e-new', 'x/y', '{}', now() - interval '2 hours')`,
    );

    const pruned = await pruneRunnerHistory(store, 7 * 24 * 3600 * 1000);

    expect(pruned).toMatchObject({ runs: 2, events: 1 });
    const ids = async (sql: string) => (await pool.query<{ id: string }>(sql)).rows.map((row) => row.id).sort();
    expect(await ids(`SELECT id FROM ${s}.runs`)).toEqual(["old-running", "recent-completed"]);
    expect(await ids(`SELECT run_id AS id FROM ${s}.steps`)).toEqual(["old-running", "recent-completed"]);
    expect(await ids(`SELECT run_id AS id FROM ${s}.history`)).toEqual(["old-running", "recent-completed"]);
    expect(await ids(`SELECT id FROM ${s}.events`)).toEqual(["e-new"]);
    // Never younger than 24 h, whatever is asked: the 2-hour-old event stays.
    await pruneRunnerHistory(store, 60_000);
    expect(await ids(`SELECT id FROM ${s}.events`)).toEqual(["e-new"]);
  });
});
