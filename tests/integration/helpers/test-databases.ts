/**
 * One PostgreSQL database per test file, copied from a migrated template: files run in parallel
 * (vitest workers) and each sees only its own rows, so no file truncates another's data and none
 * depends on the order files run in. Copying the template (CREATE DATABASE ... TEMPLATE) takes
 * milliseconds; migrating each copy would take seconds.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

/** What global setup hands every worker: the server and the migrated template on it. */
export interface TestDatabaseServer {
  /** A URL on the server that may run CREATE / DROP DATABASE (any database but the template). */
  adminUrl: string;
  template: string;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates the template from `migrate` (run against it), then closes it to connections: a copy
 * needs a template nobody is connected to, and a test that reached the template by mistake fails
 * loudly instead of leaking rows into every later copy.
 */
export async function createTemplate(adminUrl: string, template: string, migrate: (url: string) => Promise<unknown>): Promise<void> {
  await dropDatabase(adminUrl, template);
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${quote(template)}`));
  await migrate(withDatabase(adminUrl, template));
  await withClient(adminUrl, (client) => client.query(`ALTER DATABASE ${quote(template)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`));
}

/** A fresh copy of the template for one test file; returns its URL. */
export async function createFileDatabase(server: TestDatabaseServer, label: string): Promise<string> {
  const name = `test_${label}_${randomBytes(4).toString("hex")}`
    .replace(/[^a-z0-9_]/gi, "_")
    .toLowerCase()
    .slice(0, 63);
  await withClient(server.adminUrl, (client) => client.query(`CREATE DATABASE ${quote(name)} TEMPLATE ${quote(server.template)}`));
  return withDatabase(server.adminUrl, name);
}

/** Drops a database, ending whatever sessions a test left open (apps, runners killed mid-query). */
export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ datistemplate: boolean }>(`SELECT datistemplate FROM pg_database WHERE datname = $1`, [database]);
    if (rows[0]?.datistemplate) await client.query(`ALTER DATABASE ${quote(database)} WITH IS_TEMPLATE false`);
    await client.query(`DROP DATABASE IF EXISTS ${quote(database)} WITH (FORCE)`);
  });
}
