import pg from "pg";

/** This test file's own database (tests/integration/file-database.ts creates it). */
export function testDatabaseUrl(): string {
  const url = process.env.SHOPSYNC_TEST_DATABASE_URL;
  if (!url) throw new Error("No test database: run this file in the integration or e2e project (its setup file creates one)");
  return url;
}

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
