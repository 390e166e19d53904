/**
 * `npm run sync -- --shop SHOP [--data-type products,orders,...] [--dry-run] [--force] [--full]`
 *
 * Starts a manual sync exactly as the dashboard does (startManualSync: same rate limit, same run
 * rows, same shop/sync.requested event to Inngest), then follows the run's SyncRun/SyncStage rows
 * with a progress bar per stage until it ends (with platform_push: until every channel's push
 * has finished; a dry run prints per channel the SKUs that would change, from and to). Exit 0 when it completed, 1 when it failed or was
 * cancelled (or could not start), 2 on bad input.
 *
 * It reaches the app's database and Inngest the way the app does: DATABASE_URL (default: the
 * embedded dev database, as `npm run db:url` prints) and the SDK's own INNGEST_DEV /
 * INNGEST_BASE_URL / INNGEST_EVENT_KEY (default: INNGEST_DEV=1, the local runner of `npm run dev`).
 */
import { databaseUrl, DEFAULT_DATABASE } from "../db/embedded";
import { devDatabasePort } from "../db/dev-database";
import { EnvError, parseEnv } from "../../src/lib/env";
import { parseSyncArgs, USAGE, UsageError, type SyncCliOptions } from "./args";
import { exitCodeFor, isFollowing, renderChannelDryRun, renderRun, summarizeDryRun } from "./render";

const POLL_MS = 500;
const QUEUED_HINT_MS = 30_000;

function fail(code: number, message: string): never {
  console.error(message);
  process.exit(code);
}

function readOptions(): SyncCliOptions {
  try {
    const options = parseSyncArgs(process.argv.slice(2));
    if (options === "help") {
      console.log(USAGE);
      process.exit(0);
    }
    return options;
  } catch (error) {
    if (error instanceof UsageError) fail(2, `error: ${error.message}\n\n${USAGE}`);
    throw error;
  }
}

/** The same defaults `npm run dev` gives the app, set before the app's modules read them. */
function configureEnvironment(): string {
  try {
    const env = parseEnv(process.env);
    const url = env.DATABASE_URL ?? databaseUrl(devDatabasePort(), DEFAULT_DATABASE);
    process.env.DATABASE_URL = url;
    if (!env.INNGEST_DEV && !env.INNGEST_BASE_URL && !env.INNGEST_EVENT_KEY) process.env.INNGEST_DEV = "1";
    return url;
  } catch (error) {
    if (error instanceof EnvError) fail(2, error.message);
    throw error;
  }
}

const isConnectionError = (error: unknown) =>
  /ECONNREFUSED|ENOTFOUND|connect|Can't reach database/i.test(String((error as Error)?.message ?? error)) ||
  (error as { code?: string })?.code === "ECONNREFUSED";

async function main(): Promise<void> {
  const options = readOptions();
  const url = configureEnvironment();
  // Imported only now: the Prisma client and the Inngest client read the environment set above.
  const { startManualSync } = await import("../../src/lib/sync/manual-sync");
  const { getSyncRunProgress } = await import("../../src/lib/sync/sync-run-queries");
  const { syncRunChannelPushes } = await import("../../src/lib/channels/channel-push-queries");
  const { AppError } = await import("../../src/lib/errors");
  const { db } = await import("../../src/lib/db");
  const exit = async (code: number, message?: string): Promise<never> => {
    if (message) (code === 0 ? console.log : console.error)(message);
    await db().$disconnect();
    process.exit(code);
  };

  let started: { runId: string; created: boolean };
  try {
    started = await startManualSync(options.shop, {
      resources: options.resources,
      dryRun: options.dryRun,
      full: options.full,
      force: options.force,
    });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found")
      return exit(2, `error: ${options.shop} is not installed in this ShopSync (install the app on it first).`);
    if (error instanceof AppError) return exit(1, `error: ${error.message}`);
    if (isConnectionError(error))
      return exit(
        1,
        `error: cannot reach the database at ${url.replace(/:[^:@/]+@/, ":***@")}: is \`npm run dev\` running (or DATABASE_URL set)?`,
      );
    throw error;
  }
  console.log(
    started.created
      ? `Started ${options.dryRun ? "a dry run" : "a sync"} of ${options.shop} (run ${started.runId}).`
      : `A sync of ${options.shop} is already running (run ${started.runId}); following it. Use --force to replace it.`,
  );

  process.on("SIGINT", () => void exit(130, "\nStopped following; the sync continues (see the dashboard)."));
  const isTty = Boolean(process.stdout.isTTY);
  let shown: string[] = [];
  let hinted = false;
  const since = Date.now();
  for (;;) {
    const run = await getSyncRunProgress(started.runId);
    if (!run) return exit(1, `error: run ${started.runId} disappeared (the shop was removed?)`);
    const lines = renderRun(run);
    if (isTty) {
      if (shown.length) process.stdout.write(`\x1b[${shown.length}A\x1b[J`);
      process.stdout.write(`${lines.join("\n")}\n`);
    } else {
      // Piped (CI, tests): print only what changed, so the log reads as a timeline.
      for (const [i, line] of lines.entries()) if (shown[i] !== line) console.log(line);
    }
    shown = lines;
    if (!isFollowing(run)) {
      const code = exitCodeFor(run.status);
      if (run.status === "COMPLETED" && run.dryRun && run.stages.some((stage) => stage.resource === "platform_push"))
        console.log(renderChannelDryRun(await syncRunChannelPushes(run.id)).join("\n"));
      if (run.status === "COMPLETED") return exit(0, run.dryRun ? summarizeDryRun(run) : "Sync completed.");
      return exit(code, `Sync ${run.status.toLowerCase()}${run.error ? `: ${run.error}` : "."}`);
    }
    if (!hinted && run.status === "QUEUED" && Date.now() - since > QUEUED_HINT_MS) {
      hinted = true;
      console.error("still queued: is the app running and connected to Inngest (npm run dev)?");
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
