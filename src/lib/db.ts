/**
 * The app's one Prisma client. Driver adapter (pg) over the WASM query compiler: no native engine.
 * Shop tokens are omitted from every query unless a caller asks for them explicitly
 * (`omit: { accessToken: false }`), so they cannot leak into a DTO or a log by accident.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { requireDatabaseUrl } from "./env";

function createPrismaClient(connectionString: string) {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString, max: 10 }),
    omit: { shop: { accessToken: true, refreshToken: true } },
  });
}

export type Db = ReturnType<typeof createPrismaClient>;

const globalForPrisma = globalThis as unknown as { shopsyncPrisma?: Db };

/** Lazily created so that importing this module (e.g. during `next build`) needs no database. */
export function db(): Db {
  globalForPrisma.shopsyncPrisma ??= createPrismaClient(requireDatabaseUrl());
  return globalForPrisma.shopsyncPrisma;
}

export { createPrismaClient };
