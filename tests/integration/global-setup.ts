/**
 * Once per `vitest run`, for the integration and e2e projects alike: builds the app (unless
 * SKIP_NEXT_BUILD=1), starts one throwaway embedded PostgreSQL on a free port (or uses the server
 * of TEST_DATABASE_URL) and migrates a template database there. Every test file then works in its
 * own copy of the template (tests/integration/file-database.ts), so files run in parallel.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEphemeral } from "../../dev/db/embedded";
import { applyMigrations } from "../../dev/db/migrate";
import { createTemplate, dropDatabase, type TestDatabaseServer } from "./helpers/test-databases";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseServer: TestDatabaseServer;
  }
}

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * Tests drive the production build over HTTP; SKIP_NEXT_BUILD=1 reuses an existing .next.
 * A checkout's first build (a clean clone: CI) skips Turbopack's filesystem cache: measured on 2
 * cores, writing it costs 69 CPU s against 56 without, and a clean clone never builds again to
 * read it. A checkout that has built before keeps it (a rebuild from it took 35 CPU s).
 */
function buildApp(): void {
  if (process.env.SKIP_NEXT_BUILD === "1") return;
  const started = Date.now();
  const firstBuild = !fs.existsSync(path.join(ROOT, process.env.NEXT_DIST_DIR || ".next"));
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...(firstBuild ? { NEXT_BUILD_FS_CACHE: "0" } : {}) },
  });
  console.log(`next build: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * The bulk path's worker thread (dist/worker/bulk-chunk-worker.mjs) is loaded from the built file by
 * the app under test and by tests that ingest directly: rebuilt every run (esbuild, well under a
 * second), so it is never older than the source.
 */
function buildWorker(): void {
  execFileSync("npm", ["run", "--silent", "build:worker"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
}

async function startDatabaseServer(): Promise<{ server: TestDatabaseServer; stop(): Promise<void> }> {
  const external = process.env.TEST_DATABASE_URL;
  const cluster = external ? undefined : await startEphemeral("test");
  const adminUrl = external ?? cluster!.url;
  // Unique per run, so two runs against one TEST_DATABASE_URL server never share a template.
  const template = `shopsync_template_${process.pid}`;
  await createTemplate(adminUrl, template, applyMigrations);
  return {
    server: { adminUrl, template },
    async stop() {
      if (cluster) cluster.stop();
      else await dropDatabase(adminUrl, template);
    },
  };
}

/**
 * Vitest runs global setup once per project that lists it: the first call builds and starts,
 * the others share it (the module may be loaded once per project, so the state lives on
 * globalThis), and the last teardown stops the server.
 */
interface Shared {
  ready: Promise<Awaited<ReturnType<typeof startDatabaseServer>>>;
  users: number;
}
const SHARED = Symbol.for("shopsync.test-database-server");
const globals = globalThis as typeof globalThis & { [SHARED]?: Shared };

export default async function setup(project: TestProject) {
  const shared = (globals[SHARED] ??= {
    ready: (async () => {
      buildWorker();
      buildApp();
      return startDatabaseServer();
    })(),
    users: 0,
  });
  shared.users += 1;
  const { server } = await shared.ready;
  project.provide("testDatabaseServer", server);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    delete globals[SHARED];
    await (await shared.ready).stop();
  };
}
