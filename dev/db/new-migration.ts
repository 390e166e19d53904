/**
 * `npm run db:migrate:new -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with
 * the SQL that takes the schema of the newest migration (its schema.prisma snapshot) to
 * prisma/schema.prisma, and snapshots the schema beside it for the next one. Needs no database of
 * yours: Prisma's WASM engine wants a reachable one even to diff files, so a throwaway cluster is
 * started for the few seconds it takes. Pass --empty for a hand-written migration (CHECK
 * constraints, triggers, backfills).
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { startEphemeral } from "./embedded.ts";
import { MIGRATIONS_DIR, readMigrations } from "./migrate.ts";
import { diffSchemas, isEmptyMigration } from "./prisma-cli.ts";

const SCHEMA = path.resolve(import.meta.dirname, "../../prisma/schema.prisma");

const { positionals, values } = parseArgs({ allowPositionals: true, options: { empty: { type: "boolean", default: false } } });
const name = positionals[0]
  ?.toLowerCase()
  .replace(/[^a-z0-9]+/g, "_")
  .replace(/^_|_$/g, "");
if (!name) {
  console.error("usage: npm run db:migrate:new -- <name> [--empty]");
  process.exit(2);
}

const previous = readMigrations().at(-1);
const previousSnapshot = previous ? path.join(MIGRATIONS_DIR, previous.name, "schema.prisma") : undefined;
if (previousSnapshot && !fs.existsSync(previousSnapshot)) {
  console.error(`error: ${previousSnapshot} is missing; it is the schema the next migration is diffed from.`);
  process.exit(1);
}

const cluster = await startEphemeral("diff");
let sql: string;
try {
  sql = values.empty ? "-- Hand-written migration.\n" : diffSchemas(previousSnapshot, SCHEMA, cluster.url);
} finally {
  cluster.stop();
}
if (!values.empty && isEmptyMigration(sql)) {
  console.log("prisma/schema.prisma matches the newest migration: nothing to write.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, "migration.sql"), sql.endsWith("\n") ? sql : `${sql}\n`);
fs.copyFileSync(SCHEMA, path.join(dir, "schema.prisma"));
console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql; apply it with npm run db:migrate`);
