/**
 * App sync (protocol note §3): the runner PUTs the app's serve URL, the SDK POSTs its function
 * configs to /fn/register, and the runner answers `{"ok":true,"modified":true}` (a failure carries
 * `status` in the JSON body, which the SDK turns into the PUT's status).
 */
import { assertCompiles } from "../cel.ts";
import { nextFireTime } from "../cron.ts";
import type { Engine, FunctionRow } from "../engine/context.ts";
import { reconcileCrons } from "../engine/cron.ts";
import { tx } from "../store/db.ts";
import type { FunctionConfig, RegisterPayload } from "../types.ts";

/** `deployId` on the PUT leaks into every URL the SDK reports (protocol note §3.1): strip it. */
export function stripDeployId(raw: string): string {
  try {
    const url = new URL(raw);
    url.searchParams.delete("deployId");
    return url.toString();
  } catch {
    return raw;
  }
}

function validateFunction(fn: FunctionConfig): string | undefined {
  if (!fn.id || !Array.isArray(fn.triggers)) return `function ${fn.id ?? "(no id)"} has no id or triggers`;
  if (!fn.steps?.step?.runtime?.url) return `function ${fn.id} has no step runtime URL`;
  const expressions: string[] = [];
  for (const t of fn.triggers) {
    if ("cron" in t) {
      if (!nextFireTime(t.cron, new Date())) return `function ${fn.id}: invalid cron "${t.cron}"`;
    } else if (t.expression) expressions.push(t.expression);
  }
  for (const c of fn.cancel ?? []) if (c.if) expressions.push(c.if);
  for (const e of expressions) {
    try {
      assertCompiles(e);
    } catch (err) {
      return `function ${fn.id}: invalid expression "${e}": ${(err as Error).message}`;
    }
  }
  return undefined;
}

export type RegisterReply = { ok: true; modified: boolean } | { status: number; error: string; modified: false };

export async function handleRegister(eng: Engine, body: unknown): Promise<RegisterReply> {
  const payload = body as RegisterPayload;
  if (!payload || typeof payload.url !== "string" || !Array.isArray(payload.functions)) {
    return { status: 400, error: "register payload needs url and functions", modified: false };
  }
  const appUrl = stripDeployId(payload.url);
  for (const fn of payload.functions) {
    const problem = validateFunction(fn);
    if (problem) return { status: 400, error: problem, modified: false };
  }
  const functions: FunctionRow[] = payload.functions.map((config) => ({
    id: config.id,
    app_url: appUrl,
    name: config.name ?? config.id,
    url: stripDeployId(config.steps.step?.runtime.url ?? appUrl),
    config,
  }));
  await tx(eng.store, async (c) => {
    await c.query(
      `INSERT INTO ${eng.store.s}.apps (url, app_id, sdk, framework, synced_at) VALUES ($1,$2,$3,$4,now())
       ON CONFLICT (url) DO UPDATE SET app_id = EXCLUDED.app_id, sdk = EXCLUDED.sdk, framework = EXCLUDED.framework, synced_at = now()`,
      [appUrl, payload.appName ?? null, payload.sdk ?? null, payload.framework ?? null],
    );
    const ids = functions.map((f) => f.id);
    const removed = await c.query<{ id: string }>(
      `DELETE FROM ${eng.store.s}.functions WHERE app_url = $1 AND NOT (id = ANY($2)) RETURNING id`,
      [appUrl, ids],
    );
    for (const f of functions) {
      await c.query(
        `INSERT INTO ${eng.store.s}.functions (id, app_url, name, url, config, updated_at) VALUES ($1,$2,$3,$4,$5,now())
         ON CONFLICT (id) DO UPDATE SET app_url = EXCLUDED.app_url, name = EXCLUDED.name, url = EXCLUDED.url, config = EXCLUDED.config, updated_at = now()`,
        [f.id, f.app_url, f.name, f.url, JSON.stringify(f.config)],
      );
    }
    await reconcileCrons(
      eng,
      c,
      functions,
      removed.rows.map((r) => r.id),
    );
  });
  eng.log(`synced ${appUrl}: ${functions.length} function(s)`);
  return { ok: true, modified: true };
}

export interface SyncResult {
  ok: boolean;
  status: number;
  message: string;
}

/** Ask the app to register itself with us (what `inngest dev -u <url>` does). */
export async function syncApp(appUrl: string, timeoutMs = 30_000): Promise<SyncResult> {
  try {
    const res = await fetch(appUrl, {
      method: "PUT",
      headers: { "content-type": "application/json", "x-inngest-server-kind": "dev" },
      body: JSON.stringify({ url: appUrl }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {
      /* not JSON: keep the text */
    }
    return { ok: res.status === 200, status: res.status, message: message.slice(0, 500) };
  } catch (err) {
    return { ok: false, status: 0, message: (err as Error).message };
  }
}
