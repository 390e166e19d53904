/**
 * CLI: `tsx dev/inngest-runner/main.ts [--port 8288] [--app-url http://localhost:3000/api/inngest ...]`
 * Flags override env: INNGEST_RUNNER_PORT, INNGEST_RUNNER_APP_URLS (comma-separated),
 * INNGEST_RUNNER_SCHEMA, INNGEST_RUNNER_TIME_SCALE, INNGEST_RUNNER_WAIT_SCALE, DATABASE_URL, INNGEST_SIGNING_KEY.
 */
import { parseArgs } from "node:util";
import { DEFAULT_PORT, DEFAULT_SCHEMA, startInngestRunner } from "./runner.ts";

const USAGE = `Usage: tsx dev/inngest-runner/main.ts [options]
  --port, -p <n>          port to listen on (default ${DEFAULT_PORT}; env INNGEST_RUNNER_PORT)
  --app-url, -u <url>     app serve URL to sync, repeatable (env INNGEST_RUNNER_APP_URLS, comma-separated)
  --database-url <url>    Postgres for runner state (env DATABASE_URL)
  --schema <name>         Postgres schema for the runner's tables (default ${DEFAULT_SCHEMA}; env INNGEST_RUNNER_SCHEMA)
  --time-scale <x>        multiply retry backoff / Retry-After delays (default 1; env INNGEST_RUNNER_TIME_SCALE)
  --wait-scale <x>        multiply waitForEvent timeouts (default 1; env INNGEST_RUNNER_WAIT_SCALE)
  --resync-ms <n>         re-sync apps every n ms after the first sync (default 10000, 0 = never)
  --signing-key <key>     sign call requests for apps in cloud mode (env INNGEST_SIGNING_KEY)
  --retention-hours <n>   keep finished runs and events this long (default 168, min 24; env INNGEST_RUNNER_RETENTION_HOURS)
  --help, -h`;

function main(): void {
  const { values } = parseArgs({
    options: {
      port: { type: "string", short: "p" },
      "app-url": { type: "string", short: "u", multiple: true },
      "database-url": { type: "string" },
      schema: { type: "string" },
      "time-scale": { type: "string" },
      "wait-scale": { type: "string" },
      "resync-ms": { type: "string" },
      "signing-key": { type: "string" },
      "retention-hours": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const env = process.env;
  const port = Number(values.port ?? env.INNGEST_RUNNER_PORT ?? DEFAULT_PORT);
  const appUrls =
    values["app-url"] ??
    (env.INNGEST_RUNNER_APP_URLS
      ? env.INNGEST_RUNNER_APP_URLS.split(",")
          .map((u) => u.trim())
          .filter(Boolean)
      : []);
  const retentionHours = values["retention-hours"] ?? env.INNGEST_RUNNER_RETENTION_HOURS;
  const timeScale = Number(values["time-scale"] ?? env.INNGEST_RUNNER_TIME_SCALE ?? 1);
  const waitScale = Number(values["wait-scale"] ?? env.INNGEST_RUNNER_WAIT_SCALE ?? 1);
  if (!Number.isFinite(port) || [timeScale, waitScale].some((scale) => !Number.isFinite(scale) || scale < 0)) {
    console.error(USAGE);
    process.exit(2);
  }
  startInngestRunner({
    port,
    appUrls,
    databaseUrl: values["database-url"] ?? env.DATABASE_URL,
    schema: values.schema ?? env.INNGEST_RUNNER_SCHEMA ?? DEFAULT_SCHEMA,
    timeScale,
    waitScale,
    resyncMs: values["resync-ms"] !== undefined ? Number(values["resync-ms"]) : undefined,
    signingKey: values["signing-key"] ?? (env.INNGEST_SIGNING_KEY || undefined),
    retentionMs: retentionHours ? Number(retentionHours) * 3600 * 1000 : undefined,
  }).then(
    (runner) => {
      let stopping = false;
      const shutdown = (): void => {
        if (stopping) return;
        stopping = true;
        runner.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on("SIGINT", shutdown);
      process.on("SIGTERM", shutdown);
    },
    (err: unknown) => {
      console.error(`[inngest-runner] failed to start: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}

main();
