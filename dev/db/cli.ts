/**
 * Database commands behind the db:* npm scripts.
 *   start    start (or reuse) the embedded dev PostgreSQL and apply migrations; prints its URL
 *   stop     stop the embedded dev PostgreSQL
 *   url      print the URL the app would use
 *   migrate  apply pending migrations to DATABASE_URL, or to the embedded database
 *   reset    drop and recreate the embedded dev database, then migrate (refuses DATABASE_URL), and
 *            forget the Shopify simulator's state (.data/shopify-sim), so both start over together
 *   run -- <command...>  run a command with DATABASE_URL set (embedded unless you set one)
 */
import { spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { DEFAULT_DATABASE, databaseUrl } from "./embedded.ts";
import { devDatabasePort, externalDatabaseUrl, openDevDatabase, stopDevDatabase } from "./dev-database.ts";
import { DEV_SIM_STATE_DIR } from "../shopify-sim/state/sim-state.ts";

const [command, ...rest] = process.argv.slice(2);

async function reset(): Promise<void> {
  if (externalDatabaseUrl()) {
    console.error("db:reset only resets the embedded development database; unset DATABASE_URL (it would drop your data).");
    process.exit(2);
  }
  const { cluster } = await openDevDatabase({ migrate: false });
  const admin = new pg.Client({ connectionString: databaseUrl(cluster?.port ?? devDatabasePort(), "postgres") });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${DEFAULT_DATABASE}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${DEFAULT_DATABASE}"`);
  await admin.end();
  await openDevDatabase();
  console.log("embedded database recreated and migrated");
  // The simulator's tokens and changes belong with the database that knew them.
  if (existsSync(DEV_SIM_STATE_DIR)) {
    rmSync(DEV_SIM_STATE_DIR, { recursive: true, force: true });
    console.log(
      `Shopify simulator state removed (${path.relative(process.cwd(), DEV_SIM_STATE_DIR) || DEV_SIM_STATE_DIR}); a running npm run dev keeps its own until restarted`,
    );
  }
}

switch (command) {
  case "start": {
    const db = await openDevDatabase();
    console.log(db.url);
    break;
  }
  case "stop":
    console.log(stopDevDatabase() ? "embedded PostgreSQL stopped" : "embedded PostgreSQL was not running");
    break;
  case "url":
    console.log(externalDatabaseUrl() ?? databaseUrl(devDatabasePort(), DEFAULT_DATABASE));
    break;
  case "migrate": {
    const db = await openDevDatabase();
    console.log(`migrations up to date on ${db.url.replace(/:[^:@/]+@/, ":***@")}`);
    break;
  }
  case "reset":
    await reset();
    break;
  case "run": {
    const args = rest[0] === "--" ? rest.slice(1) : rest;
    if (!args[0]) {
      console.error("usage: tsx dev/db/cli.ts run -- <command...>");
      process.exit(2);
    }
    const db = await openDevDatabase();
    const child = spawn(args[0], args.slice(1), { stdio: "inherit", env: { ...process.env, DATABASE_URL: db.url } });
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
    child.on("exit", (code) => process.exit(code ?? 1));
    break;
  }
  default:
    console.error("usage: tsx dev/db/cli.ts start|stop|url|migrate|reset|run -- <command>");
    process.exit(2);
}
