import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// Offline Prisma 6.19 (see ../shared/research/prisma-offline.md, route B):
// - `engine: "js"` runs the WASM schema engine bundled in the CLI; the native one would be
//   downloaded from binaries.prisma.sh, which these machines cannot reach.
// - The schema's `url = env("DATABASE_URL")` must resolve even when nothing connects (generate,
//   migrate diff), or the CLI falls back to downloading a native engine: hence the placeholder.
// - Migrations are applied by dev/db/migrate.ts (`npm run db:migrate`), not by the CLI: with the
//   stock adapter, the WASM engine's `migrate deploy` trips prisma/orm#27403 and lingers 60 s on
//   timers it never clears. It records them in _prisma_migrations exactly as Prisma does.
process.env.DATABASE_URL ??= "postgresql://postgres:postgres@127.0.0.1:54337/shopsync";
const connectionString = process.env.DATABASE_URL;

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => new PrismaPg({ connectionString, allowExitOnIdle: true }),
});
