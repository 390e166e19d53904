import { randomUUID } from "node:crypto";
import { createReadStream, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { handleControl } from "./control-api.ts";
import { answerGraphQL, type GraphQLRequestBody } from "./executor.ts";
import type { SimContext } from "./resolvers/context.ts";
import { API_VERSION } from "./schema.ts";
import type { Simulator } from "./simulator.ts";
import { simLog } from "./log.ts";

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const UNAUTHORIZED = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };

/** The shop a request addresses: the Host header when it names a shop, else X-Forwarded-Host. */
export function shopFromHeaders(req: IncomingMessage): string | null {
  for (const raw of [req.headers.host, req.headers["x-forwarded-host"]]) {
    const value = Array.isArray(raw) ? raw[0] : raw;
    const host = value?.split(",")[0]?.trim().toLowerCase().replace(/:\d+$/, "");
    if (host && host.endsWith(".myshopify.com")) return host;
  }
  return null;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error("Request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json; charset=utf-8",
    ...headers,
  });
  res.end(text);
}

function parseParams(text: string, contentType: string | undefined): Record<string, unknown> {
  if (!text) return {};
  if (contentType?.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  return JSON.parse(text) as Record<string, unknown>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createSimServer(sim: Simulator): Server {
  return createServer((req, res) => {
    handle(sim, req, res).catch((error: unknown) => {
      simLog.error({ err: error, method: req.method, path: req.url }, "request failed");
      if (!res.headersSent)
        send(res, 500, { errors: "Internal Server Error", detail: error instanceof Error ? error.message : String(error) });
      else res.destroy();
    });
  });
}

async function handle(sim: Simulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://sim.invalid");
  const method = req.method ?? "GET";
  res.setHeader("X-Request-Id", randomUUID());

  if (url.pathname === "/__sim" || url.pathname.startsWith("/__sim/")) {
    const text = await readBody(req);
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      return send(res, 400, { error: "Body is not JSON" });
    }
    const answer = handleControl(sim, method, url.pathname, body);
    return send(res, answer.status, answer.body);
  }

  const bulkFile = /^\/bulk-results\/([\w-]+)\.jsonl$/.exec(url.pathname);
  if (bulkFile && method === "GET") {
    const path = sim.bulk.filePath(bulkFile[1]!);
    if (!path)
      return send(res, 404, "<?xml version='1.0' encoding='UTF-8'?><Error><Code>NoSuchKey</Code></Error>", {
        "Content-Type": "application/xml",
      });
    // Like the cloud storage Shopify's files live in: `Range: bytes=N-` answers 206 from byte N
    // (416 at or past the end), so a reader resuming at an offset does not download the prefix.
    const size = statSync(path).size;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
    const start = range ? Number(range[1]) : 0;
    if (range && start >= size) return send(res, 416, "", { "Content-Range": `bytes */${size}` });
    res.writeHead(range ? 206 : 200, {
      "Content-Type": "application/jsonl",
      "Content-Length": String(size - start),
      ...(range ? { "Content-Range": `bytes ${start}-${size - 1}/${size}` } : {}),
    });
    createReadStream(path, { start }).pipe(res);
    return;
  }

  if (url.pathname === "/admin/oauth/authorize" && method === "GET") {
    const domain = shopFromHeaders(req) ?? url.searchParams.get("shop");
    if (!domain || !sim.shops.has(domain)) return send(res, 404, "Unavailable Shop");
    const answer = sim.oauth.authorize(url, domain);
    return send(res, answer.status, answer.body ?? "", answer.headers);
  }

  if (url.pathname === "/admin/oauth/access_token" && method === "POST") {
    const domain = shopFromHeaders(req);
    if (!domain || !sim.shops.has(domain)) return send(res, 404, { errors: "Not Found" });
    let params: Record<string, unknown>;
    try {
      params = parseParams(await readBody(req), req.headers["content-type"]);
    } catch {
      return send(res, 400, { error: "invalid_request", error_description: "Body is not valid JSON or form data" });
    }
    const answer = sim.oauth.accessToken(params, domain);
    const faults = sim.shops.get(domain)!.faults;
    if (answer.status === 200 && params["grant_type"] === "refresh_token" && faults.lostRefreshResponses > 0) {
      sim.setFaults(domain, { lostRefreshResponses: faults.lostRefreshResponses - 1 });
      await sleep(faults.timeoutMs);
      res.destroy();
      return;
    }
    return send(res, answer.status, answer.body, answer.headers);
  }

  const api = /^\/admin\/api\/([\w-]+)\/graphql\.json$/.exec(url.pathname);
  if (api) {
    const domain = shopFromHeaders(req);
    const shop = domain ? sim.shops.get(domain) : undefined;
    if (!domain || !shop) return send(res, 404, { errors: "Not Found" });
    if (method !== "POST") return send(res, 405, { errors: "Method Not Allowed" });
    await shop.hold?.pass();
    const faults = shop.faults;
    if (sim.random.chance(faults.timeoutRate)) {
      await sleep(faults.timeoutMs);
      res.destroy();
      return;
    }
    if (sim.random.chance(faults.slowRate)) await sleep(faults.slowMs);
    if (sim.random.chance(faults.errorRate)) {
      return send(res, faults.errorStatus, { errors: faults.errorStatus === 503 ? "Service Unavailable" : "Internal Server Error" });
    }
    const tokenHeader = req.headers["x-shopify-access-token"];
    const token = sim.oauth.authenticate(Array.isArray(tokenHeader) ? tokenHeader[0] : tokenHeader, domain);
    if (!token) return send(res, 401, UNAUTHORIZED);
    if (api[1] !== API_VERSION) {
      return send(res, 404, { errors: `The simulator serves only API version ${API_VERSION}; ${api[1]} is not available here.` });
    }
    let body: GraphQLRequestBody;
    try {
      const text = await readBody(req);
      body = req.headers["content-type"]?.includes("application/graphql") ? { query: text } : (JSON.parse(text) as GraphQLRequestBody);
    } catch {
      return send(res, 400, { errors: { query: "Required parameter missing or invalid" } });
    }
    if (typeof body.query !== "string" || !body.query.trim())
      return send(res, 400, { errors: { query: "Required parameter missing or invalid" } });
    const ctx: SimContext = {
      shop,
      apiKey: token.apiKey,
      scopes: new Set(token.scopes),
      bulkOperations: sim.bulk,
      webhooks: sim.webhooks,
      bulk: null,
      now: sim.clock.now(),
    };
    return send(res, 200, answerGraphQL(sim.schema, body, ctx), { "X-Shopify-API-Version": API_VERSION });
  }

  return send(res, 404, { errors: "Not Found" });
}
