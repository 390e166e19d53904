/**
 * `npm run db:studio`: Prisma Studio on http://localhost:5555 against the app's database.
 * Prisma 6.19's own Studio needs the native query engine (a download these machines cannot make);
 * Prisma 7's Studio talks to PostgreSQL directly, and only checks that a schema-engine file exists,
 * so it runs from the npm registry alone (see ../shared/research/prisma-offline.md, route B quirk 3).
 * It runs in an empty directory so it does not pick up this project's Prisma 6 config.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDevDatabase } from "./dev-database.ts";

const db = await openDevDatabase();
const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "shopsync-studio-"));
const child = spawn("npx", ["--yes", "prisma@7.10.1", "studio", "--url", db.url, "--port", "5555", "--browser", "none"], {
  cwd,
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, DATABASE_URL: db.url },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => {
  fs.rmSync(cwd, { recursive: true, force: true });
  process.exit(code ?? 0);
});
