/**
 * Readiness: can this instance do its work? Three checks, each bounded by a timeout
 * (READINESS_CHECK_TIMEOUT_MS, default 2 s) so a hung dependency makes the probe fail fast instead
 * of hanging the load balancer:
 * - database: a round trip through the app's own pool;
 * - migrations: every directory in prisma/migrations is recorded as finished in
 *   `_prisma_migrations` (the table `prisma migrate deploy` and `npm run db:migrate` write);
 * - inngest: the Inngest server the SDK sends events to answers HTTP.
 * The answer names each check's state and nothing else: reasons go to the log, never the body.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { db } from "../db";
import { env } from "../env";
import { inngestOrigin } from "./inngest-origin";
import { withTimeout } from "./with-timeout";
import { log } from "../log";

export type CheckState = "ok" | "failing" | "skipped";
export type CheckName = "database" | "migrations" | "inngest";

export interface Readiness {
  status: "ok" | "unavailable";
  checks: Record<CheckName, CheckState>;
  failing: CheckName[];
}

const checkTimeoutMs = () => env().READINESS_CHECK_TIMEOUT_MS;
/** next.config.mjs traces this directory into the server bundle for the readiness route. */
const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

async function checkDatabase(): Promise<void> {
  await withTimeout(db().$queryRaw`SELECT 1`, checkTimeoutMs(), "database");
}

async function migrationsOnDisk(): Promise<string[]> {
  const entries = await fs.readdir(MIGRATIONS_DIR, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
}

async function checkMigrations(): Promise<void> {
  const [expected, applied] = await Promise.all([
    migrationsOnDisk(),
    withTimeout(
      db().$queryRaw<{ migration_name: string }[]>`
        SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      checkTimeoutMs(),
      "migrations query",
    ),
  ]);
  const done = new Set(applied.map((row) => row.migration_name));
  const pending = expected.filter((name) => !done.has(name));
  if (pending.length > 0) throw new Error(`pending migrations: ${pending.join(", ")}`);
}

async function checkInngest(): Promise<void> {
  const origin = inngestOrigin(env());
  // Any HTTP answer below 500 means the server is there; the path does not matter.
  const res = await fetch(origin, { method: "GET", signal: AbortSignal.timeout(checkTimeoutMs()), cache: "no-store" });
  await res.body?.cancel();
  if (res.status >= 500) throw new Error(`Inngest at ${origin} answered ${res.status}`);
}

async function settle(name: CheckName, check: () => Promise<void>): Promise<CheckState> {
  try {
    await check();
    return "ok";
  } catch (error) {
    log.error({ check: name, error: error instanceof Error ? error.message : String(error) }, "readiness check failing");
    return "failing";
  }
}

export async function checkReadiness(): Promise<Readiness> {
  const database = await settle("database", checkDatabase);
  const [migrations, inngest] = await Promise.all([
    // Without a database the migrations cannot be compared: say so rather than guess.
    database === "ok" ? settle("migrations", checkMigrations) : Promise.resolve<CheckState>("skipped"),
    settle("inngest", checkInngest),
  ]);
  const checks = { database, migrations, inngest };
  const failing = (Object.keys(checks) as CheckName[]).filter((name) => checks[name] === "failing");
  return { status: failing.length === 0 && migrations === "ok" ? "ok" : "unavailable", checks, failing };
}
