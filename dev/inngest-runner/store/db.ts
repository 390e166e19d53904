/** pg pool, transactions, and the schema-qualified table names every query uses. */
import pg from "pg";

export type Db = pg.PoolClient | pg.Pool;

export interface Store {
  pool: pg.Pool;
  /** Quoted schema name, e.g. `"inngest_runner"`; interpolate as `${store.s}.runs`. */
  s: string;
  schema: string;
}

export function createStore(databaseUrl: string, schema: string): Store {
  if (!/^[a-z_][a-z0-9_]*$/i.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  // An idle client's connection error (e.g. the database restarting) must not crash the runner.
  pool.on("error", (err) => console.error(`[inngest-runner] pg pool error: ${err.message}`));
  return { pool, s: `"${schema}"`, schema };
}

export async function tx<T>(store: Store, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await store.pool.connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
