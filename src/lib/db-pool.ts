/**
 * A small raw `pg` pool beside the Prisma client, for the one statement on the webhook ingress
 * path (Shopify waits 5 s, and a flash sale sends hundreds a second): a plain parameterised query
 * skips Prisma's query compiler and result mapping, which cost more than the statement itself.
 * Everything else goes through `db()`.
 */
import "server-only";
import pg from "pg";
import { POOL_TIMEOUTS } from "./db";
import { requireDatabaseUrl } from "./env";

const globalForPool = globalThis as unknown as { shopsyncPgPool?: pg.Pool };

/** Lazily created, like db(): importing this module needs no database. */
export function pgPool(): pg.Pool {
  globalForPool.shopsyncPgPool ??= new pg.Pool({ connectionString: requireDatabaseUrl(), max: 5, ...POOL_TIMEOUTS });
  return globalForPool.shopsyncPgPool;
}
