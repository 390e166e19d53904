import pg from "pg";
import { inject } from "vitest";

export const testDatabaseUrl = (): string => inject("databaseUrl");

/** Empties the app's tables (not _prisma_migrations, not other schemas such as the runner's). */
export async function truncateAppTables(url = testDatabaseUrl()): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
    );
    if (rows.length) await client.query(`TRUNCATE ${rows.map((row) => `"${row.tablename}"`).join(", ")} CASCADE`);
  } finally {
    await client.end();
  }
}

/** Runs one SQL statement against the test database and returns its rows. */
export async function queryRows<T extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
