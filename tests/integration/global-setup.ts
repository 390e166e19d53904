/**
 * Starts one throwaway embedded PostgreSQL on a free port for the integration run (or uses
 * TEST_DATABASE_URL), applies the migrations, and hands its URL to every test worker through
 * DATABASE_URL. Tests truncate what they touch; nothing here resets a database you care about.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEphemeral } from "../../dev/db/embedded";
import { applyMigrations } from "../../dev/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Tests drive the production build over HTTP; SKIP_NEXT_BUILD=1 reuses an existing .next. */
function buildApp(): void {
  // Vitest runs this setup once per project (integration, e2e): build once per `vitest run`.
  if (process.env.SKIP_NEXT_BUILD === "1" || process.env.SHOPSYNC_NEXT_BUILT === "1") return;
  const started = Date.now();
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  console.log(`next build: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.env.SHOPSYNC_NEXT_BUILT = "1";
}

export default async function setup(project: TestProject) {
  buildApp();
  const external = process.env.TEST_DATABASE_URL;
  const cluster = external ? undefined : await startEphemeral("test");
  const url = external ?? cluster!.url;
  await applyMigrations(url);
  process.env.DATABASE_URL = url;
  project.provide("databaseUrl", url);
  return async () => {
    cluster?.stop();
  };
}
