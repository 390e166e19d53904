/**
 * Setup file of the integration and e2e projects (vitest runs it before each test file, in the
 * file's worker): gives the file its own database, a copy of the migrated template made by global
 * setup, as DATABASE_URL and testDatabaseUrl(). New test files need nothing to get one.
 */
import path from "node:path";
import { afterAll, expect, inject } from "vitest";
import { createFileDatabase, dropDatabase } from "./helpers/test-databases";

const server = inject("testDatabaseServer");
const testFile = expect.getState().testPath ?? "file";
const url = await createFileDatabase(server, path.basename(testFile).replace(/\.test\.ts$/, ""));
process.env.DATABASE_URL = url;
process.env.SHOPSYNC_TEST_DATABASE_URL = url;

afterAll(async () => {
  await dropDatabase(server.adminUrl, new URL(url).pathname.slice(1));
});
