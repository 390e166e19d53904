/**
 * The whole of ShopSync for a test: the Shopify simulator and the Inngest runner in process, and
 * the real Next.js app (production build) as a child process, all on free ports and the test
 * database. The app reaches them exactly as in production: SHOPIFY_API_ORIGIN and INNGEST_DEV.
 */
import { startInngestRunner } from "../../../dev/inngest-runner/index";
import { startShopifySim, type ShopifySimOptions } from "../../../dev/shopify-sim/index";
import { testDatabaseUrl } from "./database";
import { startApp, TEST_APP_ENV, type RunningApp } from "./app-server";

export interface Stack {
  sim: Awaited<ReturnType<typeof startShopifySim>>;
  runner: Awaited<ReturnType<typeof startInngestRunner>>;
  app: RunningApp;
  stop(): Promise<void>;
}

export interface StackOptions {
  sim?: ShopifySimOptions;
  appEnv?: Record<string, string>;
  /** Runner state schema (tests use their own, so runs of different files never mix). */
  runnerSchema: string;
  /** Multiplies the runner's waitForEvent timeouts (tests of long waits on a short clock). */
  runnerWaitScale?: number;
  /** Multiplies the runner's retry backoff and Retry-After delays. Default TEST_RUNNER_TIME_SCALE. */
  runnerTimeScale?: number;
}

/**
 * A failed step is retried as in production (same attempts, same code path), after a twentieth of
 * Inngest's backoff: 0.75-2.25 s instead of 15-45 s for the first retry. A test that waits on
 * retries would otherwise spend most of its time asleep.
 */
export const TEST_RUNNER_TIME_SCALE = 0.05;

/**
 * The simulator's default plan in tests: Standard's bucket (2,000 points) refilling 5x faster
 * (500 points/s instead of 100). A tiny store's sync still drains the bucket, so the app paces
 * its requests by the throttle status as in production, but waits a fifth as long. Tests of the
 * throttle itself pass `sim: { plan: "standard" }` (Shopify's own figures).
 */
export const TEST_PLAN = { name: "standard", restoreRate: 500, maximumAvailable: 2_000 } as const;

export async function startStack(options: StackOptions): Promise<Stack> {
  const sim = await startShopifySim({
    port: 0,
    size: "tiny",
    bulkObjectsPerSecond: Number.POSITIVE_INFINITY,
    bulkStartDelayMs: 20,
    webhookRetryScale: 0.0001,
    plan: TEST_PLAN,
    ...options.sim,
    apiKey: TEST_APP_ENV.SHOPIFY_API_KEY,
    apiSecret: TEST_APP_ENV.SHOPIFY_API_SECRET,
  });
  const runner = await startInngestRunner({
    port: 0,
    databaseUrl: testDatabaseUrl(),
    schema: options.runnerSchema,
    waitScale: options.runnerWaitScale,
    timeScale: options.runnerTimeScale ?? TEST_RUNNER_TIME_SCALE,
    appUrls: [],
    log: () => undefined,
  });
  const app = await startApp({ SHOPIFY_API_ORIGIN: sim.url, INNGEST_DEV: runner.url, ...options.appEnv });
  await runner.syncApps(`${app.url}/api/inngest`);
  return {
    sim,
    runner,
    app,
    async stop() {
      await app.stop();
      await runner.stop();
      await sim.stop();
    },
  };
}

/** A browser's cookie jar, reduced to what OAuth needs: name=value per host. */
export class CookieJar {
  private readonly cookies = new Map<string, Map<string, string>>();

  store(url: string, response: Response): void {
    const host = new URL(url).host;
    const jar = this.cookies.get(host) ?? new Map<string, string>();
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const index = pair!.indexOf("=");
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(header) || value === "") jar.delete(name);
      else jar.set(name, value);
    }
    this.cookies.set(host, jar);
  }

  header(url: string): string {
    const jar = this.cookies.get(new URL(url).host);
    return jar ? [...jar].map(([name, value]) => `${name}=${value}`).join("; ") : "";
  }

  get(url: string, name: string): string | undefined {
    return this.cookies.get(new URL(url).host)?.get(name);
  }
}

export const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

/** Follows redirects like a browser, keeping cookies; returns every hop. */
export async function browse(
  url: string,
  jar: CookieJar,
  maxHops = 10,
): Promise<{ url: string; status: number; location: string | null }[]> {
  const hops: { url: string; status: number; location: string | null }[] = [];
  let current = url;
  for (let i = 0; i < maxHops; i++) {
    const response = await fetch(current, { redirect: "manual", headers: { cookie: jar.header(current), "user-agent": BROWSER_UA } });
    jar.store(current, response);
    const location = response.headers.get("location");
    hops.push({ url: current, status: response.status, location });
    await response.arrayBuffer();
    if (response.status < 300 || response.status >= 400 || !location) break;
    current = new URL(location, current).toString();
  }
  return hops;
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Sends an event to the stack's runner as the app would (tests run crons now this way). */
export async function sendRunnerEvent(stack: Stack, name: string, data: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${stack.runner.url}/e/test-key`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, data }),
  });
  if (res.status !== 200) throw new Error(`the runner refused ${name}: HTTP ${res.status}`);
}

/** The merchant's "Sync now": POST /api/sync with the merchant's session, from the app's own origin. */
export function postMerchantSync(stack: Stack, jar: CookieJar, body: Record<string, unknown> = {}): Promise<Response> {
  return fetch(`${stack.app.url}/api/sync`, {
    method: "POST",
    headers: { cookie: jar.header(stack.app.url), origin: stack.app.url, "content-type": "application/json", "user-agent": BROWSER_UA },
    body: JSON.stringify(body),
  });
}
