/** The runner's tables, in their own Postgres schema of the app's database, created idempotently. */
import type pg from "pg";

export function schemaSql(schema: string): string {
  const s = `"${schema.replace(/"/g, '""')}"`;
  return `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.apps (
  url text PRIMARY KEY,
  app_id text,
  sdk text,
  framework text,
  synced_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS ${s}.functions (
  id text PRIMARY KEY,
  app_url text NOT NULL,
  name text NOT NULL,
  url text NOT NULL,
  config jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS ${s}.events (
  internal_id text PRIMARY KEY,
  id text NOT NULL,
  name text NOT NULL,
  payload jsonb NOT NULL,
  user_set_id boolean NOT NULL DEFAULT false,
  outcomes jsonb NOT NULL DEFAULT '[]',
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS events_id_idx ON ${s}.events (id, received_at) WHERE user_set_id;
CREATE INDEX IF NOT EXISTS events_received_idx ON ${s}.events (received_at DESC);
CREATE TABLE IF NOT EXISTS ${s}.runs (
  id text PRIMARY KEY,
  function_id text NOT NULL,
  status text NOT NULL,
  event jsonb NOT NULL,
  events jsonb NOT NULL,
  max_attempts int NOT NULL,
  force_step_plan boolean NOT NULL DEFAULT false,
  output jsonb,
  error jsonb,
  parent_run_id text,
  parent_step_id text,
  singleton_key text,
  concurrency_keys text[] NOT NULL DEFAULT '{}',
  replay_of text,
  step_count int NOT NULL DEFAULT 0,
  state_bytes bigint NOT NULL DEFAULT 0,
  next_seq int NOT NULL DEFAULT 0,
  cancel_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  ended_at timestamptz
);
CREATE INDEX IF NOT EXISTS runs_fn_status_idx ON ${s}.runs (function_id, status);
CREATE INDEX IF NOT EXISTS runs_created_idx ON ${s}.runs (created_at DESC);
CREATE INDEX IF NOT EXISTS runs_ended_idx ON ${s}.runs (ended_at) WHERE ended_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS ${s}.steps (
  run_id text NOT NULL,
  id text NOT NULL,
  name text,
  display_name text,
  op text NOT NULL,
  status text NOT NULL,
  memo jsonb,
  has_memo boolean NOT NULL DEFAULT false,
  seq int,
  attempts int NOT NULL DEFAULT 0,
  error jsonb,
  opts jsonb,
  started_at timestamptz,
  ended_at timestamptz,
  PRIMARY KEY (run_id, id)
);
CREATE TABLE IF NOT EXISTS ${s}.jobs (
  id bigserial PRIMARY KEY,
  kind text NOT NULL,
  run_id text,
  step_id text,
  attempt int NOT NULL DEFAULT 0,
  run_at timestamptz NOT NULL DEFAULT now(),
  claimed_by text,
  claimed_at timestamptz,
  dedupe_key text UNIQUE,
  payload jsonb,
  concurrency_keys text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS jobs_due_idx ON ${s}.jobs (run_at, id) WHERE claimed_by IS NULL;
CREATE INDEX IF NOT EXISTS jobs_run_idx ON ${s}.jobs (run_id);
CREATE TABLE IF NOT EXISTS ${s}.waits (
  run_id text NOT NULL,
  step_id text NOT NULL,
  kind text NOT NULL,
  event_name text,
  expr text,
  correlation_id text,
  expires_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, step_id)
);
CREATE INDEX IF NOT EXISTS waits_event_idx ON ${s}.waits (event_name) WHERE kind = 'event';
CREATE TABLE IF NOT EXISTS ${s}.cancels (
  run_id text NOT NULL,
  idx int NOT NULL,
  event_name text NOT NULL,
  expr text,
  expires_at timestamptz,
  PRIMARY KEY (run_id, idx)
);
CREATE INDEX IF NOT EXISTS cancels_event_idx ON ${s}.cancels (event_name);
CREATE TABLE IF NOT EXISTS ${s}.flow_keys (
  function_id text NOT NULL,
  kind text NOT NULL,
  key text NOT NULL,
  until timestamptz,
  value jsonb,
  PRIMARY KEY (function_id, kind, key)
);
CREATE TABLE IF NOT EXISTS ${s}.history (
  id bigserial PRIMARY KEY,
  run_id text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  type text NOT NULL,
  step_id text,
  attempt int,
  detail jsonb
);
CREATE INDEX IF NOT EXISTS history_run_idx ON ${s}.history (run_id, id);
CREATE TABLE IF NOT EXISTS ${s}.workers (
  id text PRIMARY KEY,
  host text NOT NULL,
  pid int NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now()
);
`;
}

/** Serialized with an advisory lock so two runners starting at once don't race on CREATE. */
export async function migrate(pool: pg.Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext($1))", [`inngest-runner-migrate:${schema}`]);
    try {
      await client.query(schemaSql(schema));
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext($1))", [`inngest-runner-migrate:${schema}`]);
    }
  } finally {
    client.release();
  }
}
