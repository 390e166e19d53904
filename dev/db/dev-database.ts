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

/** EMBEDDED_PG_PORT moves the embedded server (two checkouts on one machine, a port in use). */
export const devDatabasePort = (): number => Number(process.env.EMBEDDED_PG_PORT || DEFAULT_PORT);

export const externalDatabaseUrl = (): string | undefined => process.env.DATABASE_URL?.trim() || undefined;

export async function openDevDatabase(options: { migrate?: boolean } = {}): Promise<DevDatabase> {
  const external = externalDatabaseUrl();
  const db: DevDatabase = external
    ? { url: external }
    : await startCluster({ dataDir: DEV_DATA_DIR, port: devDatabasePort(), database: DEFAULT_DATABASE })
        .then((cluster) => ({ url: cluster.url, cluster }))
        .catch((error: unknown) => {
          if (/Address already in use/.test(String((error as Error).message))) {
            throw new Error(
              `port ${devDatabasePort()} is taken (another checkout's embedded PostgreSQL? run npm run db:stop there), or set EMBEDDED_PG_PORT to another port`,
              { cause: error },
            );
          }
          throw error;
        });
  if (options.migrate ?? true) {
    const { applied } = await applyMigrations(db.url);
    for (const name of applied) console.log(`applied migration ${name}`);
  }
  return db;
}

export const stopDevDatabase = (): boolean => stopCluster(DEV_DATA_DIR);
