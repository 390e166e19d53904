import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, readMigrations, MIGRATIONS_DIR } from "../../dev/db/migrate";
import { diffSchemas, isEmptyMigration } from "../../dev/db/prisma-cli";
import { testDatabaseUrl } from "./helpers/database";

const SCHEMA = path.resolve(import.meta.dirname, "../../prisma/schema.prisma");

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const urlFor = (database: string) => {
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${database}`;
  return url.toString();
};

/** Everything Prisma's schema decides, read from the catalog, in a stable order. */
async function describeSchema(url: string) {
  return withClient(url, async (client) => {
    const q = async (sql: string) => (await client.query(sql)).rows;
    return {
      columns:
        await q(`SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length, numeric_precision, numeric_scale
        FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1, 2`),
      indexes: await q(
        `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1, 2`,
      ),
      constraints: await q(`SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
        WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations' ORDER BY 1, 2`),
      enums: await q(
        `SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY 1 ORDER BY 1`,
      ),
    };
  });
}

describe("migrations", () => {
  const databases = ["mig_applied", "mig_schema"];

  beforeAll(async () => {
    await withClient(testDatabaseUrl(), async (client) => {
      for (const name of databases) {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.query(`CREATE DATABASE ${name}`);
      }
    });
  });

  afterAll(async () => {
    await withClient(testDatabaseUrl(), async (client) => {
      for (const name of databases) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
  });

  it("applied to an empty database, give exactly the schema in prisma/schema.prisma", async () => {
    const first = await applyMigrations(urlFor("mig_applied"));
    expect(first.applied).toEqual(readMigrations().map((m) => m.name));

    const direct = diffSchemas(undefined, SCHEMA, urlFor("mig_schema"));
    await withClient(urlFor("mig_schema"), (client) => client.query(direct));

    const fromMigrations = await describeSchema(urlFor("mig_applied"));
    const fromSchema = await describeSchema(urlFor("mig_schema"));
    expect(fromMigrations.columns.length).toBeGreaterThan(50);
    expect(fromMigrations).toEqual(fromSchema);
  });

  it("are recorded as Prisma records them, and applying twice is a no-op", async () => {
    const again = await applyMigrations(urlFor("mig_applied"));
    expect(again.applied).toEqual([]);
    const rows = await withClient(
      urlFor("mig_applied"),
      async (client) =>
        (
          await client.query(
            `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
          )
        ).rows,
    );
    expect(rows.map((row) => [row.migration_name, row.checksum, row.applied_steps_count])).toEqual(
      readMigrations().map((m) => [m.name, m.checksum, 1]),
    );
    expect(rows.every((row) => row.finished_at instanceof Date)).toBe(true);
  });

  it("leave no schema change unmigrated (the newest snapshot equals schema.prisma)", () => {
    const newest = readMigrations().at(-1)!;
    const sql = diffSchemas(path.join(MIGRATIONS_DIR, newest.name, "schema.prisma"), SCHEMA, testDatabaseUrl());
    expect(isEmptyMigration(sql), `schema.prisma changed without a migration; run npm run db:migrate:new -- <name>:\n${sql}`).toBe(true);
  });
});
