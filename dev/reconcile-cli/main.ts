/**
 * `npm run reconcile -- --shop SHOP [--timeout-seconds 1800]`
 *
 * Asks for the shop's reconciliation now (shop/reconcile.requested, the event the daily cron
 * sends, with a pass id of its own), waits until every resource's line of that pass is final, and
 * prints the report table (resource, Shopify, local, missing, extra, status) and what healing did.
 * Exit 1 when a status is critical (or the pass did not finish in time), 0 otherwise, 2 on bad
 * input or an unknown shop.
 *
 * It reaches the database and Inngest as `npm run sync` does: DATABASE_URL (default: the embedded
 * dev database) and the SDK's INNGEST_DEV / INNGEST_BASE_URL / INNGEST_EVENT_KEY (default: the
 * local runner of `npm run dev`). The app must be running: the pass runs there, not here.
 */
import { parseArgs } from "node:util";
import { databaseUrl, DEFAULT_DATABASE } from "../db/embedded";
import { devDatabasePort } from "../db/dev-database";
import { EnvError, parseEnv } from "../../src/lib/env";
import { normalizeShopDomain, SHOP_DOMAIN_HINT } from "../../src/lib/shopify/shop-domain";
import { exitCodeForReport, renderReportTable } from "./render";

const USAGE = `usage: npm run reconcile -- --shop SHOP [--timeout-seconds 1800]

  --shop SHOP              the store, e.g. demo.myshopify.com (or just demo)
  --timeout-seconds N      stop waiting after N seconds (the pass continues; exit 1)`;
const POLL_MS = 1_000;

function fail(code: number, message: string): never {
  console.error(message);
  process.exit(code);
}

function readOptions(): { shop: string; timeoutMs: number } {
  let values: { shop?: string; "timeout-seconds"?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: { shop: { type: "string" }, "timeout-seconds": { type: "string" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (error) {
    fail(2, `error: ${(error as Error).message}\n\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!values.shop) fail(2, `error: --shop is required\n\n${USAGE}`);
  const shop = normalizeShopDomain(values.shop);
  if (!shop) fail(2, `error: "${values.shop}" is not a shop domain. ${SHOP_DOMAIN_HINT}.`);
  const seconds = Number(values["timeout-seconds"] ?? 1800);
  if (!Number.isFinite(seconds) || seconds <= 0) fail(2, `error: --timeout-seconds must be a positive number\n\n${USAGE}`);
  return { shop, timeoutMs: seconds * 1000 };
}

function configureEnvironment(): void {
  try {
    const env = parseEnv(process.env);
    process.env.DATABASE_URL = env.DATABASE_URL ?? databaseUrl(devDatabasePort(), DEFAULT_DATABASE);
    if (!env.INNGEST_DEV && !env.INNGEST_BASE_URL && !env.INNGEST_EVENT_KEY) process.env.INNGEST_DEV = "1";
  } catch (error) {
    if (error instanceof EnvError) fail(2, error.message);
    throw error;
  }
}

async function main(): Promise<void> {
  const options = readOptions();
  configureEnvironment();
  // Imported only now: the Prisma client and the Inngest client read the environment set above.
  const { requestReconciliation } = await import("../../src/lib/reconciliation/request-reconciliation");
  const { findPassLines } = await import("../../src/lib/reconciliation/report-queries");
  const { RECONCILED } = await import("../../src/lib/sync/reconcile-deletions");
  const { AppError } = await import("../../src/lib/errors");
  const { db } = await import("../../src/lib/db");
  const exit = async (code: number, message?: string): Promise<never> => {
    if (message) (code === 0 ? console.log : console.error)(message);
    await db().$disconnect();
    process.exit(code);
  };

  let passId: string;
  try {
    ({ passId } = await requestReconciliation(options.shop));
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found")
      return exit(2, `error: ${options.shop} is not installed in this ShopSync (install the app on it first).`);
    throw error;
  }
  console.error(`Reconciling ${options.shop} (pass ${passId}): one id export per resource, then the diff and healing...`);
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const lines = await findPassLines(passId);
    if (lines.length === RECONCILED.length && lines.every((line) => line.finishedAt)) {
      console.log(renderReportTable(lines));
      return exit(exitCodeForReport(lines));
    }
    if (Date.now() > deadline)
      return exit(
        1,
        `error: the pass did not finish within ${options.timeoutMs / 1000} s (${lines.length} of ${RECONCILED.length} resources reported; ` +
          "it continues in the app). Is the app running and connected to Inngest (npm run dev)?",
      );
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
