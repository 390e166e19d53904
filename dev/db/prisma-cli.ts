/** Runs the Prisma CLI against a given database (migrate diff needs a reachable one, see prisma.config.ts). */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export function runPrisma(args: string[], databaseUrl: string): string {
  const cli = require.resolve("prisma/build/index.js");
  const res = spawnSync(process.execPath, [cli, ...args], { env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: "utf8" });
  if (res.status !== 0) throw new Error(`prisma ${args.join(" ")} failed:\n${res.stderr}`);
  return res.stdout;
}

/** SQL that turns a database shaped by `fromSchema` (a schema file, or nothing) into `toSchema`. */
export function diffSchemas(fromSchema: string | undefined, toSchema: string, databaseUrl: string): string {
  const from = fromSchema ? ["--from-schema-datamodel", fromSchema] : ["--from-empty"];
  return runPrisma(["migrate", "diff", ...from, "--to-schema-datamodel", toSchema, "--script"], databaseUrl);
}

export const isEmptyMigration = (sql: string): boolean => sql.trim() === "" || sql.trim() === "-- This is an empty migration.";
