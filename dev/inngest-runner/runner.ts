/** Composes the runner: Postgres store, scheduler, HTTP server, and app sync loops. */
import type { AddressInfo } from "node:net";
import type { Engine } from "./engine/context.ts";
import { emitInternalEvents } from "./engine/events.ts";
import { Scheduler } from "./engine/scheduler.ts";
import { createHttpServer } from "./http/server.ts";
import { DEFAULT_LIMITS, type Limits } from "./limits.ts";
import { syncApp, type SyncResult } from "./protocol/sync.ts";
import { createStore } from "./store/db.ts";
import { pruneRunnerHistory } from "./store/retention.ts";
import { migrate } from "./store/schema.ts";
import { createDevLogger } from "../log.ts";

export const DEFAULT_PORT = 8288;
export const DEFAULT_SCHEMA = "inngest_runner";

export interface InngestRunnerOptions {
  /** Port to listen on; 8288 (the Inngest dev server's) by default, 0 for a free one. */
  port?: number;
  /** Interface to bind; all interfaces by default, so both localhost (::1) and 127.0.0.1 work. */
  host?: string;
  /** Postgres for runner state; defaults to DATABASE_URL. */
  databaseUrl?: string;
  /** Postgres schema holding the runner's tables (default "inngest_runner"). */
  schema?: string;
  /** Serve URLs to sync on start (PUT, retried until the app answers) and re-sync periodically. */
  appUrls?: string[];
  /** Re-sync interval after the first successful sync (default 10 s; 0 disables). */
  resyncMs?: number;
  /** Multiplies retry backoff and Retry-After delays (default 1, Inngest's timing). */
  timeScale?: number;
  /** Multiplies waitForEvent timeouts (default 1; tests of long waits set it small). */
  waitScale?: number;
  /** Override Inngest's limits (tests only). */
  limits?: Partial<Limits>;
  /** Sign call requests for apps in cloud mode (INNGEST_SIGNING_KEY). Not needed with INNGEST_DEV=1. */
  signingKey?: string;
  /** Jobs (call requests) in flight at once (default 16). */
  maxInFlight?: number;
  /** Queue poll interval when idle (default 200 ms). */
  pollMs?: number;
  /** Per-call timeout (default 2 h, Inngest's MaxFunctionTimeout). */
  callTimeoutMs?: number;
  /**
   * Finished runs (with their steps and history) and events older than this are deleted (default
   * 7 days, at least 24 h: event ids dedupe for 24 h), checked every `pruneEveryMs` (default 10 min).
   */
  retentionMs?: number;
  pruneEveryMs?: number;
  /** Logger; false silences. Default: pino at LOG_LEVEL (dev/log.ts) named "inngest-runner". */
  log?: ((message: string) => void) | false;
}

export interface InngestRunner {
  url: string;
  port: number;
  workerId: string;
  /** PUT every configured app (or `url`) now; resolves with each answer. */
  syncApps(url?: string): Promise<(SyncResult & { url: string })[]>;
  stop(): Promise<void>;
}

export async function startInngestRunner(options: InngestRunnerOptions = {}): Promise<InngestRunner> {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("the Inngest runner needs a Postgres URL: pass databaseUrl or set DATABASE_URL");
  const log = options.log === false ? () => undefined : (options.log ?? defaultLog());
  const store = createStore(databaseUrl, options.schema ?? DEFAULT_SCHEMA);
  await migrate(store.pool, store.schema);

  const kick = { fn: (): void => undefined };
  const eng: Engine = {
    store,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    timeScale: options.timeScale ?? 1,
    waitScale: options.waitScale ?? 1,
    signingKey: options.signingKey,
    callTimeoutMs: options.callTimeoutMs ?? 2 * 3600 * 1000,
    log,
    kick: () => kick.fn(),
    emitEvents: (client, events) => emitInternalEvents(eng, client, events),
  };
  const scheduler = new Scheduler(eng, {
    maxInFlight: options.maxInFlight ?? 16,
    pollMs: options.pollMs ?? 200,
    heartbeatMs: 2000,
    staleMs: 15_000,
  });

  kick.fn = () => scheduler.kick();

  const appUrls = [...new Set(options.appUrls ?? [])];
  const syncApps = async (url?: string): Promise<(SyncResult & { url: string })[]> => {
    const targets = url ? [url] : appUrls;
    return Promise.all(targets.map(async (u) => ({ url: u, ...(await syncApp(u)) })));
  };

  const server = createHttpServer(eng, { syncApps });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? DEFAULT_PORT, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  await scheduler.start();
  log(`listening on ${url} (runs view: ${url}/), state in schema ${store.schema}`);

  // Sync loops: retry until the app is up (Next.js compiles the route on first hit), then re-sync.
  let stopping = false;
  const timers = new Set<NodeJS.Timeout>();
  const later = (fn: () => void, ms: number): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const resyncMs = options.resyncMs ?? 10_000;
  for (const appUrl of appUrls) {
    let failures = 0;
    let synced = false;
    const attempt = (): void => {
      if (stopping) return;
      void syncApp(appUrl).then((result) => {
        if (stopping) return;
        if (result.ok) {
          if (!synced) log(`app ${appUrl} synced`);
          synced = true;
          failures = 0;
          if (resyncMs > 0) later(attempt, resyncMs);
          return;
        }
        if (failures % 10 === 0) log(`waiting for app ${appUrl} (${result.status || "unreachable"}: ${result.message})`);
        failures++;
        later(attempt, synced ? resyncMs || 1000 : 1000);
      });
    };
    attempt();
  }

  // Bounded history: the tables do not grow with every event and run ever handled.
  const retentionMs = options.retentionMs ?? 7 * 24 * 3600 * 1000;
  const prune = (): void => {
    if (stopping) return;
    void pruneRunnerHistory(store, retentionMs).then(
      (pruned) => {
        if (pruned.runs || pruned.events) log(`pruned ${pruned.runs} finished run(s) and ${pruned.events} event(s) past the retention`);
        // A full batch: more is due, go on soon.
        later(prune, pruned.runs >= 2_000 || pruned.events >= 2_000 ? 1_000 : (options.pruneEveryMs ?? 600_000));
      },
      (err: Error) => {
        log(`pruning history failed: ${err.message}`);
        later(prune, options.pruneEveryMs ?? 600_000);
      },
    );
  };
  later(prune, 5_000);

  return {
    url,
    port,
    workerId: scheduler.workerId,
    syncApps,
    async stop() {
      stopping = true;
      for (const t of timers) clearTimeout(t);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await scheduler.stop();
      await store.pool.end();
    },
  };
}

/** Lines that report a failure are warnings; the rest (listening, synced, run finished) are info. */
function defaultLog(): (message: string) => void {
  const logger = createDevLogger("inngest-runner");
  return (message) => (/\bfailed\b|unreachable/.test(message) ? logger.warn(message) : logger.info(message));
}
