/**
 * The runner's HTTP surface, at an origin root (the SDK drops base-URL paths, protocol note §2):
 * the SDK-facing routes (/fn/register, /e/:key), the JSON API (/v1/...), and the runs view (/).
 */
import http from "node:http";
import type { Engine } from "../engine/context.ts";
import { EventError, ingestEvents } from "../engine/events.ts";
import { cancelRunById, getRun, listApps, listEvents, listFunctions, listRuns, replayRun } from "../engine/queries.ts";
import { handleRegister } from "../protocol/sync.ts";
import { runsPage } from "../ui/page.ts";

/** Inngest Cloud accepts event requests up to 3 MiB per event and a bit more for a batch. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface HttpHooks {
  /** Re-sync every configured app (or one URL), as POST /v1/apps/sync asks. */
  syncApps: (url?: string) => Promise<{ url: string; ok: boolean; status: number; message: string }[]>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, `request body exceeds ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, "body is not valid JSON");
  }
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "x-inngest-server-kind": "dev", ...headers });
  res.end(text);
}

export function createHttpServer(eng: Engine, hooks: HttpHooks): http.Server {
  return http.createServer((req, res) => {
    handle(eng, hooks, req, res).catch((err: unknown) => {
      const status = err instanceof HttpError || err instanceof EventError ? err.status : 500;
      if (status === 500) eng.log(`HTTP ${req.method ?? ""} ${req.url ?? ""} failed: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) send(res, status, { error: (err as Error).message, status });
      else res.end();
    });
  });
}

async function handle(eng: Engine, hooks: HttpHooks, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://runner.local");
  const path = url.pathname.replace(/\/+$/, "") || "/";
  const method = req.method ?? "GET";
  const parts = path.split("/").filter(Boolean);

  // --- SDK-facing routes ---------------------------------------------------------------------
  if (method === "POST" && path === "/fn/register") {
    const reply = await handleRegister(eng, await readJson(req));
    return send(res, "status" in reply ? reply.status : 200, reply);
  }
  if (method === "POST" && parts[0] === "e" && parts.length === 2) {
    const body = await readJson(req);
    const events = Array.isArray(body) ? body : body === undefined ? [] : [body];
    const seed = req.headers["x-inngest-event-id-seed"];
    const ids = await ingestEvents(eng, events, typeof seed === "string" ? seed : undefined);
    // The SDK requires `status: 200` in the body, or send() throws (protocol note §10.1).
    return send(res, 200, { ids, status: 200 });
  }

  // --- JSON API --------------------------------------------------------------------------------
  if (parts[0] === "v1") {
    const [, resource, id, action] = parts;
    if (method === "GET" && resource === "runs" && !id) {
      const limit = url.searchParams.get("limit");
      return send(res, 200, {
        data: await listRuns(eng, {
          status: url.searchParams.get("status") ?? undefined,
          functionId: url.searchParams.get("function_id") ?? undefined,
          eventName: url.searchParams.get("event") ?? undefined,
          limit: limit ? Number(limit) : undefined,
        }),
      });
    }
    if (method === "GET" && resource === "runs" && id && !action) {
      const run = await getRun(eng, id);
      return run ? send(res, 200, { data: run }) : send(res, 404, { error: "run not found" });
    }
    if (method === "POST" && resource === "runs" && id && action === "cancel") {
      const result = await cancelRunById(eng, id);
      return send(res, result === "not-found" ? 404 : result === "already-finished" ? 409 : 200, { result });
    }
    if (method === "POST" && resource === "runs" && id && action === "replay") {
      const runId = await replayRun(eng, id);
      return runId ? send(res, 201, { run_id: runId }) : send(res, 404, { error: "run or function not found" });
    }
    if (method === "GET" && resource === "events") {
      const limit = url.searchParams.get("limit");
      return send(res, 200, {
        data: await listEvents(eng, { name: url.searchParams.get("name") ?? undefined, limit: limit ? Number(limit) : undefined }),
      });
    }
    if (method === "GET" && resource === "functions") return send(res, 200, { data: await listFunctions(eng) });
    if (method === "GET" && resource === "apps") return send(res, 200, { data: await listApps(eng) });
    if (method === "POST" && resource === "apps" && id === "sync") {
      const body = (await readJson(req)) as { url?: string } | undefined;
      return send(res, 200, { data: await hooks.syncApps(body?.url) });
    }
    return send(res, 404, { error: "not found" });
  }

  // --- Runs view -------------------------------------------------------------------------------
  if (method === "GET" && (path === "/" || path === "/runs" || (parts[0] === "runs" && parts.length === 2))) {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(runsPage());
    return;
  }
  if (method === "GET" && path === "/health") return send(res, 200, { ok: true });
  send(res, 404, { error: "not found" });
}
