/**
 * The app's one Prisma client. Driver adapter (pg) over the WASM query compiler: no native engine.
 * Shop tokens and channel credentials are omitted from every query unless a caller asks for them explicitly
 * (`omit: { accessToken: false }`), so they cannot leak into a DTO or a log by accident.
 */
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { requireDatabaseUrl } from "./env";

/**
 * Bounds on every database wait, so an outage or a stuck query fails a step (which Inngest
 * retries) instead of hanging it: a connection must open within 10 s, a statement ends within
 * 2 min (bulk chunks and the shop/redact cascade take seconds), and a session left idle inside a
 * transaction (a crashed holder, a forgotten network call) is ended after 2 min, releasing its locks.
 */
export const POOL_TIMEOUTS = {
  connectionTimeoutMillis: 10_000,
  statement_timeout: 120_000,
  idle_in_transaction_session_timeout: 120_000,
} as const;

function createPrismaClient(connectionString: string) {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString, max: 10, ...POOL_TIMEOUTS }),
    omit: { shop: { accessToken: true, refreshToken: true }, channelConnection: { credentials: true, accessToken: true } },
  });
}

export type Db = ReturnType<typeof createPrismaClient>;
/**
 * The raw-SQL calls a transaction needs, whether it is Prisma's or the bulk path's raw `pg` one
 * (sync/ingest/bulk-transaction.ts): queries written against this run in either.
 */
export interface SqlTx {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

/** The client inside `db().$transaction(async (tx) => ...)`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const globalForPrisma = globalThis as unknown as { shopsyncPrisma?: Db };

/** Lazily created so that importing this module (e.g. during `next build`) needs no database. */
export function db(): Db {
  globalForPrisma.shopsyncPrisma ??= createPrismaClient(requireDatabaseUrl());
  return globalForPrisma.shopsyncPrisma;
}

export { createPrismaClient };
