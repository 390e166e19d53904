/**
 * The development database: the DATABASE_URL you give, or else an embedded PostgreSQL kept under
 * .data/postgres (reused across starts), with pending migrations applied.
 */
import path from "node:path";
import { DEFAULT_DATABASE, DEFAULT_PORT, startCluster, stopCluster, type RunningCluster } from "./embedded.ts";
import { applyMigrations } from "./migrate.ts";

export const DEV_DATA_DIR = path.resolve(import.meta.dirname, "../../.data/postgres");

export interface DevDatabase {
  url: string;
  /** The embedded cluster this process started or reused; undefined when DATABASE_URL was given. */
  cluster?: RunningCluster;
}

export const externalDatabaseUrl = (): string | undefined => process.env.DATABASE_URL?.trim() || undefined;

export async function openDevDatabase(options: { migrate?: boolean } = {}): Promise<DevDatabase> {
  const external = externalDatabaseUrl();
  const db: DevDatabase = external
    ? { url: external }
    : await startCluster({ dataDir: DEV_DATA_DIR, port: DEFAULT_PORT, database: DEFAULT_DATABASE }).then((cluster) => ({ url: cluster.url, cluster }));
  if (options.migrate ?? true) {
    const { applied } = await applyMigrations(db.url);
    for (const name of applied) console.log(`applied migration ${name}`);
  }
  return db;
}

export const stopDevDatabase = (): boolean => stopCluster(DEV_DATA_DIR);
