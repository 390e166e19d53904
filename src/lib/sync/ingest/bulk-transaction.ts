/**
 * The bulk path's transactions: plain `pg` on a small pool of its own, no Prisma. A chunk's COPYs,
 * merges, dead letters and the stage's compare-and-set all run on one connection between BEGIN and
 * COMMIT, so the chunk and its cursor commit or roll back together (crash-exact resume) without
 * Prisma's parameter serialisation or a second client on the hot path. The webhook drain writes
 * its set-based batches through the same transactions (webhooks/apply-batch.ts).
 */
import pg from "pg";
import { POOL_TIMEOUTS, type SqlTx } from "../../db";
import { requireDatabaseUrl } from "../../env";
import { log } from "../../log";

/** Bulk chunks (and drain batches) of different shops run side by side, each holding one connection while it commits. */
const POOL_SIZE = 4;

const globalForBulk = globalThis as unknown as { shopsyncBulkPool?: pg.Pool };

function bulkPool(): pg.Pool {
  if (!globalForBulk.shopsyncBulkPool) {
    const pool = new pg.Pool({ connectionString: requireDatabaseUrl(), max: POOL_SIZE, ...POOL_TIMEOUTS });
    // an idle client's lost connection: the pool replaces it (a busy one fails its query instead)
    pool.on("error", (error) => log.warn({ error: error.message }, "bulk pool: idle connection lost"));
    globalForBulk.shopsyncBulkPool = pool;
  }
  return globalForBulk.shopsyncBulkPool;
}

/** The SqlTx face of a raw connection, for the queries every ingest path shares. */
export function sqlTxOf(client: pg.ClientBase): SqlTx {
  return {
    $queryRawUnsafe: async <T>(query: string, ...values: unknown[]) => (await client.query(query, values)).rows as T,
    $executeRawUnsafe: async (query: string, ...values: unknown[]) => (await client.query(query, values)).rowCount ?? 0,
  };
}

/**
 * Runs `work` in one transaction on one raw connection; commits if it returns, rolls back if it
 * throws. `setUp` runs on the connection first, outside the transaction (session state: staging tables).
 */
export async function withBulkTransaction<T>(
  work: (tx: SqlTx, client: pg.ClientBase) => Promise<T>,
  setUp?: (client: pg.ClientBase) => Promise<void>,
): Promise<T> {
  const client = await bulkPool().connect();
  let broken: Error | undefined;
  try {
    await setUp?.(client);
    await client.query("BEGIN");
    const result = await work(sqlTxOf(client), client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    // a connection that cannot even roll back (lost, timed out) is dropped, not reused
    await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
}

/** Closes the bulk pool (scripts and benchmarks that end their process). */
export async function closeBulkDb(): Promise<void> {
  const pool = globalForBulk.shopsyncBulkPool;
  if (!pool) return;
  globalForBulk.shopsyncBulkPool = undefined;
  await pool.end();
}
