/**
 * Starts one throwaway embedded PostgreSQL on a free port for the integration run (or uses
 * TEST_DATABASE_URL), applies the migrations, and hands its URL to every test worker through
 * DATABASE_URL. Tests truncate what they touch; nothing here resets a database you care about.
 */
import type { TestProject } from "vitest/node";
import { startEphemeral } from "../../dev/db/embedded";
import { applyMigrations } from "../../dev/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL;
  const cluster = external ? undefined : await startEphemeral("test");
  const url = external ?? cluster!.url;
  await applyMigrations(url);
  process.env.DATABASE_URL = url;
  project.provide("databaseUrl", url);
  return async () => {
    cluster?.stop();
  };
}
