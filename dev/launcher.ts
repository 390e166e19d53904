/**
 * `npm run dev`: the whole of ShopSync on one machine with no configuration.
 *
 *   1. validates the environment (one line per bad variable, exit 1)
 *   2. database: DATABASE_URL if set, else an embedded PostgreSQL under .data/ (reused), migrated
 *   3. Shopify: the simulator with the demo store on :4100, its state (issued tokens, webhook
 *      subscriptions, changes to the store) kept in .data/shopify-sim, unless SHOPIFY_API_ORIGIN is
 *      set or real app credentials are configured
 *   3b. channels: the Amazon SP-API simulator on :4200 and the ShipStation simulator on :4300 (demo
 *      accounts whose listings are the demo shop's SKUs), unless their origin variables are set;
 *      the Shopee simulator on :4500 and the TikTok Shop simulator on :4600 (demo shops that
 *      authorize the app at once; their notifications go to the app's channel webhook routes)
 *   4. Inngest: the local runner on :8288, unless INNGEST_BASE_URL or an INNGEST_DEV URL points at
 *      another Inngest server (e.g. `npx inngest-cli@latest dev`)
 *   5. notifications: a local SMTP server with a web inbox (maildev, :1025 / :1080) and a Slack
 *      incoming-webhook sink (:4400), unless SMTP_URL is set; the demo shop's notifications go to both
 *   6. the Next.js app on :3000
 *
 * Ports move with PORT (app), SIM_PORT, RUNNER_PORT and EMBEDDED_PG_PORT, so two checkouts can run
 * side by side. Every process gets the same env. Ctrl-C stops them all, then the embedded PostgreSQL.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import split2 from "split2";
import { DEMO_SHOPIFY_API_KEY, EnvError, parseEnv } from "../src/lib/env";
import { DEMO_AMAZON_ACCOUNT as DEMO_AMAZON_CREDENTIALS } from "./amazon-sim/account.ts";
import { openDevDatabase } from "./db/dev-database";
import { DEV_SIM_STATE_DIR } from "./shopify-sim/state/sim-state";
import { DEMO_SHIPSTATION_ACCOUNT as DEMO_SHIPSTATION_CREDENTIALS } from "./shipstation-sim/account.ts";
import { DEMO_SHOPEE_APP, DEMO_SHOPEE_SHOP } from "./shopee-sim/server.ts";
import { DEMO_TIKTOK_APP, DEMO_TIKTOK_SHOP } from "./tiktok-sim/server.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const port = (name: string, fallback: number): number => {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65_535) {
    console.error(`${name}: "${raw}" is not a port (example: ${name}=${fallback + 1})`);
    process.exit(1);
  }
  return value;
};
const APP_PORT = port("PORT", 3000);
const SIM_PORT = port("SIM_PORT", 4100);
const RUNNER_PORT = port("RUNNER_PORT", 8288);
const AMAZON_SIM_PORT = port("AMAZON_SIM_PORT", 4200);
const SHIPSTATION_SIM_PORT = port("SHIPSTATION_SIM_PORT", 4300);
const SMTP_PORT = port("SMTP_PORT", 1025);
const MAIL_WEB_PORT = port("MAIL_WEB_PORT", 1080);
const SLACK_SINK_PORT = port("SLACK_SINK_PORT", 4400);
const SHOPEE_SIM_PORT = port("SHOPEE_SIM_PORT", 4500);
const TIKTOK_SIM_PORT = port("TIKTOK_SIM_PORT", 4600);

function validateEnv() {
  try {
    return parseEnv(process.env);
  } catch (error) {
    if (error instanceof EnvError) {
      for (const line of error.lines) console.error(line);
      process.exit(1);
    }
    throw error;
  }
}

const children: { name: string; child: ChildProcess }[] = [];
let stopping = false;

function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  // Own process group: a terminal Ctrl-C reaches only the launcher, which stops the children in
  // order (app and runner first, the database last) and takes their grandchildren with them.
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const label = `[${name}]`.padEnd(9);
  child.stdout?.pipe(split2()).on("data", (line: string) => console.log(`${label}${line}`));
  child.stderr?.pipe(split2()).on("data", (line: string) => console.error(`${label}${line}`));
  child.on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`${label}exited (${signal ?? code}); stopping everything`);
    void shutdown(typeof code === "number" && code !== 0 ? code : 1);
  });
  children.push({ name, child });
  return child;
}

const tsx = (script: string, args: string[] = []) => [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), script, ...args];

let stopDatabase: (() => void) | undefined;

async function shutdown(code: number): Promise<never> {
  if (stopping) return new Promise(() => undefined);
  stopping = true;
  console.log("\nstopping...");
  await Promise.all(
    children.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const signalGroup = (signal: NodeJS.Signals) => {
            try {
              process.kill(-child.pid!, signal);
            } catch {
              child.kill(signal);
            }
          };
          const timer = setTimeout(() => signalGroup("SIGKILL"), 8_000);
          child.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          signalGroup("SIGTERM");
        }),
    ),
  );
  if (stopDatabase) {
    stopDatabase();
    console.log("embedded PostgreSQL stopped");
  }
  process.exit(code);
}

async function main() {
  const env = validateEnv();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? "1" };

  const db = await openDevDatabase();
  childEnv.DATABASE_URL = db.url;
  if (db.cluster) {
    const cluster = db.cluster;
    stopDatabase = () => cluster.stop("fast");
    console.log(`database: embedded PostgreSQL at ${db.url} (data in ${path.relative(ROOT, cluster.dataDir) || cluster.dataDir})`);
  } else {
    console.log("database: DATABASE_URL (no embedded server started)");
  }
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(0));

  // APP_URL unset: the app's own port (PORT moves it), so OAuth and webhooks come back to it.
  const appUrl = process.env.APP_URL?.trim() ? env.APP_URL : `http://localhost:${APP_PORT}`;
  childEnv.APP_URL = appUrl;

  const useSimulator = !env.SHOPIFY_API_ORIGIN && env.SHOPIFY_API_KEY === DEMO_SHOPIFY_API_KEY;
  if (useSimulator) {
    childEnv.SHOPIFY_API_ORIGIN = `http://localhost:${SIM_PORT}`;
    start(
      "sim",
      process.execPath,
      tsx("dev/shopify-sim/main.ts", [
        "--size",
        process.env.SIM_SIZE ?? "demo",
        "--port",
        String(SIM_PORT),
        "--state-dir",
        DEV_SIM_STATE_DIR,
      ]),
      childEnv,
    );
  }

  // Channel simulators: derived from the same store size and seed as the Shopify simulator.
  const useAmazonSim = !env.AMAZON_SP_API_ORIGIN && !env.AMAZON_LWA_ORIGIN;
  if (useAmazonSim) {
    childEnv.AMAZON_SP_API_ORIGIN = childEnv.AMAZON_LWA_ORIGIN = `http://localhost:${AMAZON_SIM_PORT}`;
    start(
      "amazon",
      process.execPath,
      tsx("dev/amazon-sim/main.ts", ["--size", process.env.SIM_SIZE ?? "demo", "--port", String(AMAZON_SIM_PORT)]),
      childEnv,
    );
  }
  const useShipStationSim = !env.SHIPSTATION_API_ORIGIN;
  if (useShipStationSim) {
    childEnv.SHIPSTATION_API_ORIGIN = `http://localhost:${SHIPSTATION_SIM_PORT}`;
    start(
      "shipstn",
      process.execPath,
      tsx("dev/shipstation-sim/main.ts", ["--size", process.env.SIM_SIZE ?? "demo", "--port", String(SHIPSTATION_SIM_PORT)]),
      childEnv,
    );
  }

  // Marketplaces: the app's registered redirect and notification URLs are the app's own routes.
  const useShopeeSim = !env.SHOPEE_API_ORIGIN;
  if (useShopeeSim) {
    childEnv.SHOPEE_API_ORIGIN = `http://localhost:${SHOPEE_SIM_PORT}`;
    start(
      "shopee",
      process.execPath,
      tsx("dev/shopee-sim/main.ts", ["--port", String(SHOPEE_SIM_PORT), "--notification-url", `${appUrl}/api/webhooks/channels/shopee`]),
      childEnv,
    );
  }
  const useTikTokSim = !env.TIKTOK_API_ORIGIN && !env.TIKTOK_AUTH_ORIGIN;
  if (useTikTokSim) {
    childEnv.TIKTOK_API_ORIGIN = childEnv.TIKTOK_AUTH_ORIGIN = `http://localhost:${TIKTOK_SIM_PORT}`;
    start(
      "tiktok",
      process.execPath,
      tsx("dev/tiktok-sim/main.ts", [
        "--port",
        String(TIKTOK_SIM_PORT),
        "--notification-url",
        `${appUrl}/api/webhooks/channels/tiktok`,
        "--redirect-url",
        `${appUrl}/api/channels/connect/callback/tiktok`,
      ]),
      childEnv,
    );
  }

  const inngestDev = env.INNGEST_DEV;
  const externalInngest = env.INNGEST_BASE_URL ?? (inngestDev && /^https?:\/\//.test(inngestDev) ? inngestDev : undefined);
  if (!externalInngest) {
    // "1" means the default :8288; a moved runner is named by its URL.
    childEnv.INNGEST_DEV = RUNNER_PORT === 8288 ? "1" : `http://localhost:${RUNNER_PORT}`;
    start(
      "runner",
      process.execPath,
      tsx("dev/inngest-runner/main.ts", ["--port", String(RUNNER_PORT), "--app-url", `${appUrl}/api/inngest`]),
      childEnv,
    );
  }

  const localMail = !env.SMTP_URL;
  if (localMail) {
    // maildev 2 (its REST API answers GET /email on the web port); the app reaches it as any SMTP server.
    start(
      "mail",
      process.execPath,
      [
        path.join(ROOT, "node_modules/maildev/bin/maildev"),
        "--smtp",
        String(SMTP_PORT),
        "--web",
        String(MAIL_WEB_PORT),
        "--ip",
        "127.0.0.1",
      ],
      childEnv,
    );
    start("slack", process.execPath, tsx("dev/slack-sink/main.ts", ["--port", String(SLACK_SINK_PORT)]), childEnv);
    childEnv.SMTP_URL = `smtp://localhost:${SMTP_PORT}`;
    // Shops without their own settings (the demo shop) notify both sinks.
    childEnv.NOTIFY_DEFAULT_EMAIL = env.NOTIFY_DEFAULT_EMAIL ?? "merchant@demo.shopsync.local";
    childEnv.NOTIFY_DEFAULT_SLACK_WEBHOOK_URL = env.NOTIFY_DEFAULT_SLACK_WEBHOOK_URL ?? `http://localhost:${SLACK_SINK_PORT}/services/demo`;
  }

  start("app", process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "dev", "--port", String(APP_PORT)], childEnv);

  console.log(
    [
      "",
      `  ShopSync      ${appUrl}`,
      useSimulator ? `  Shopify sim   http://localhost:${SIM_PORT}  (demo shop: demo.myshopify.com)` : "  Shopify       your app's store",
      useAmazonSim
        ? `  Amazon sim    http://localhost:${AMAZON_SIM_PORT}  (credentials: ${JSON.stringify(DEMO_AMAZON_CREDENTIALS)})`
        : `  Amazon        ${env.AMAZON_SP_API_ORIGIN}`,
      useShipStationSim
        ? `  ShipStn sim   http://localhost:${SHIPSTATION_SIM_PORT}  (credentials: ${JSON.stringify(DEMO_SHIPSTATION_CREDENTIALS)})`
        : `  ShipStation   ${env.SHIPSTATION_API_ORIGIN}`,
      useShopeeSim
        ? `  Shopee sim    http://localhost:${SHOPEE_SIM_PORT}  (partner_id ${DEMO_SHOPEE_APP.partnerId}, partner_key ${DEMO_SHOPEE_APP.partnerKey}, shop ${DEMO_SHOPEE_SHOP.shopId})`
        : `  Shopee        ${env.SHOPEE_API_ORIGIN}`,
      useTikTokSim
        ? `  TikTok sim    http://localhost:${TIKTOK_SIM_PORT}  (app_key ${DEMO_TIKTOK_APP.appKey}, app_secret ${DEMO_TIKTOK_APP.appSecret}, shop ${DEMO_TIKTOK_SHOP.id})`
        : `  TikTok Shop   ${env.TIKTOK_API_ORIGIN}`,
      externalInngest ? `  Inngest       ${externalInngest}` : `  Inngest runs  http://localhost:${RUNNER_PORT}`,
      localMail
        ? `  Mail inbox    http://localhost:${MAIL_WEB_PORT}  (SMTP on :${SMTP_PORT}; GET /email lists mail)`
        : "  Mail          SMTP_URL (your server)",
      localMail ? `  Slack sink    http://localhost:${SLACK_SINK_PORT}/messages` : "",
      "",
      useSimulator ? `  Open ${appUrl} and install demo.myshopify.com. Ctrl-C stops everything.` : "  Ctrl-C stops everything.",
      "",
    ].join("\n"),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  void shutdown(1);
});
