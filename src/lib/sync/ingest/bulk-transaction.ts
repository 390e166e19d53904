/**
 * One transaction that is both a Prisma interactive transaction (the stage's compare-and-set,
 * the shop guard, dead letters: the same queries every path uses) and a raw `pg` connection (COPY
 * into staging tables and the merges: no Prisma parameter serialisation on the hot path). Prisma
 * runs over its own small pool here; inside the transaction the pool client holding it is found by
 * its backend pid, so both speak in the same session and the chunk commits or rolls back whole.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, type Prisma } from "../../../generated/prisma/client";
import { POOL_TIMEOUTS } from "../../db";
import { requireDatabaseUrl } from "../../env";

/** Bulk chunks of different shops run side by side, each holding one connection while it commits. */
const POOL_SIZE = 4;

/** Used only inside withBulkTransaction by the ingest's own queries, none of which reads a secret. */
function createPrismaOver(pool: pg.Pool) {
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}

interface BulkDb {
  pool: pg.Pool;
  prisma: ReturnType<typeof createPrismaOver>;
  byPid: Map<number, pg.PoolClient>;
}

const globalForBulk = globalThis as unknown as { shopsyncBulkDb?: BulkDb };

function createBulkDb(): BulkDb {
  const pool = new pg.Pool({ connectionString: requireDatabaseUrl(), max: POOL_SIZE, ...POOL_TIMEOUTS });
  const byPid = new Map<number, pg.PoolClient>();
  pool.on("connect", (client) => {
    byPid.set((client as unknown as { processID: number }).processID, client);
  });
  pool.on("remove", (client) => byPid.delete((client as unknown as { processID: number }).processID));
  pool.on("error", () => undefined); // an idle client's lost connection: the pool replaces it
  const prisma = createPrismaOver(pool);
  return { pool, prisma, byPid };
}

function bulkDb(): BulkDb {
  globalForBulk.shopsyncBulkDb ??= createBulkDb();
  return globalForBulk.shopsyncBulkDb;
}

export type BulkTx = Prisma.TransactionClient;

/** Runs `work` in one transaction, given both its Prisma client and its raw `pg` connection. */
export async function withBulkTransaction<T>(work: (tx: BulkTx, client: pg.ClientBase) => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const { prisma, byPid } = bulkDb();
  return prisma.$transaction(
    async (tx) => {
      const [{ pid }] = await tx.$queryRawUnsafe<[{ pid: number }]>(`SELECT pg_backend_pid() AS pid`);
      const client = byPid.get(pid);
      if (!client) throw new Error(`bulk ingest: no pool connection with backend pid ${pid}`);
      return work(tx, client);
    },
    { timeout: timeoutMs, maxWait: timeoutMs },
  );
}

/** Closes the bulk pool (scripts and benchmarks that end their process). */
export async function closeBulkDb(): Promise<void> {
  const current = globalForBulk.shopsyncBulkDb;
  if (!current) return;
  globalForBulk.shopsyncBulkDb = undefined;
  await current.prisma.$disconnect();
  await current.pool.end();
}
