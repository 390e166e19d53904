/**
 * The ShipStation API v2 simulator over HTTP: `API-Key` auth, GET/POST /v2/inventory, the
 * warehouse and location lists, 200 requests per minute per key (429 with Retry-After), and
 * ShipStation's error bodies; the control API under /__sim. See docs/channel-sims.md.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { z } from "zod";
import { channelFaultsPatchSchema, NO_CHANNEL_FAULTS, type ChannelFaults } from "../channel-sim-kit/faults.ts";
import { header, parseJson, readBody, sendJson, sleep } from "../channel-sim-kit/http.ts";
import type { TokenBucket } from "../channel-sim-kit/token-bucket.ts";
import { DEMO_SHIPSTATION_ACCOUNT, LOCATIONS, WAREHOUSES, type ShipStationAccount, type Transaction } from "./account.ts";

export interface ShipStationSimState {
  account: ShipStationAccount;
  faults: ChannelFaults;
  bucket: TokenBucket;
  counters: { requests: number; throttled: number; byRoute: Record<string, number> };
  random: () => number;
}

type ErrorType = "account_status" | "business_rules" | "validation" | "security" | "system" | "integrations";

const errorBody = (type: ErrorType, code: string, message: string) => ({
  request_id: randomUUID(),
  errors: [{ error_source: "shipstation", error_type: type, error_code: code, message }],
});

const transactionSchema = z.object({
  transaction_type: z.enum(["increment", "decrement", "adjust", "modify"]),
  inventory_location_id: z.string().optional(),
  sku: z.string().min(1),
  quantity: z.number().int().optional(),
  cost: z.object({ amount: z.number(), currency: z.string() }).optional(),
  condition: z.enum(["sellable", "damaged", "expired", "qa_hold"]).optional(),
  lot: z.string().optional(),
  usable_start_date: z.string().optional(),
  usable_end_date: z.string().optional(),
  effective_at: z.string().optional(),
  reason: z.string().optional(),
  notes: z.string().optional(),
  new_inventory_location_id: z.string().optional(),
  new_cost: z.object({ amount: z.number(), currency: z.string() }).optional(),
  new_condition: z.enum(["sellable", "damaged", "expired", "qa_hold"]).optional(),
});

export function createShipStationServer(state: ShipStationSimState): Server {
  return createServer((req, res) => {
    handle(state, req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorBody("system", "unspecified", error instanceof Error ? error.message : String(error)));
      else res.destroy();
    });
  });
}

async function handle(state: ShipStationSimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://sim.invalid");
  const method = req.method ?? "GET";
  if (url.pathname === "/__sim" || url.pathname.startsWith("/__sim/"))
    return control(state, method, url.pathname, await readBody(req), res);

  if (state.faults.outage) return sendJson(res, 503, errorBody("system", "unspecified", "The service is temporarily unavailable."));
  if (state.random() < state.faults.timeoutRate) {
    await sleep(state.faults.timeoutMs);
    res.destroy();
    return;
  }
  if (state.random() < state.faults.errorRate)
    return sendJson(res, state.faults.errorStatus, errorBody("system", "unspecified", "An unexpected error occurred. Please try again."));

  const route = `${method} ${url.pathname.replace(/\/+$/, "")}`;
  const known = ["GET /v2/inventory", "POST /v2/inventory", "GET /v2/inventory_warehouses", "GET /v2/inventory_locations"];
  if (!known.includes(route)) return sendJson(res, 404, errorBody("validation", "invalid_identifier", `No route matches ${route}.`));

  if (header(req, "api-key") !== DEMO_SHIPSTATION_ACCOUNT.apiKey)
    return sendJson(
      res,
      401,
      errorBody("security", "unauthorized", "The API key is invalid. Please see https://www.shipstation.com/docs/api/ for details."),
    );

  state.counters.requests += 1;
  state.counters.byRoute[route] = (state.counters.byRoute[route] ?? 0) + 1;
  if (!state.bucket.take(state.faults.rateFactor)) {
    state.counters.throttled += 1;
    return sendJson(
      res,
      429,
      errorBody(
        "system",
        "rate_limit_exceeded",
        "You have exceeded the rate limit. Please see https://www.shipstation.com/docs/api/ for details.",
      ),
      state.faults.omitRetryAfter ? {} : { "Retry-After": String(state.bucket.secondsUntilToken(state.faults.rateFactor)) },
    );
  }

  if (route === "GET /v2/inventory_warehouses") return sendJson(res, 200, page("inventory_warehouses", WAREHOUSES, url));
  if (route === "GET /v2/inventory_locations") return sendJson(res, 200, page("inventory_locations", LOCATIONS, url));
  if (route === "GET /v2/inventory") return sendJson(res, 200, listInventory(state, url));

  const parsed = parseJson(await readBody(req));
  if (!parsed.ok || parsed.value === null)
    return sendJson(res, 400, errorBody("validation", "request_body_required", "A JSON request body is required."));
  const input = transactionSchema.safeParse(parsed.value);
  if (!input.success) {
    const issue = input.error.issues[0]!;
    const field = issue.path.join(".");
    const missing = issue.path.length === 1 && (parsed.value as Record<string, unknown>)[String(issue.path[0])] === undefined;
    return sendJson(
      res,
      400,
      errorBody(
        "validation",
        missing ? "field_value_required" : "invalid_field_value",
        missing ? `${field} is required.` : `${field}: ${issue.message}`,
      ),
    );
  }
  if (state.faults.unavailableSkus.includes(input.data.sku))
    return sendJson(res, state.faults.errorStatus, errorBody("system", "unspecified", "An unexpected error occurred. Please try again."));
  const outcome = state.account.apply(input.data as Transaction, state.faults.invalidSkus);
  if (!outcome.ok) return sendJson(res, 400, errorBody("validation", outcome.code, outcome.message));
  return sendJson(res, 204, null);
}

function page<T>(key: string, all: T[], url: URL) {
  const size = Math.min(500, Number(url.searchParams.get("page_size") ?? url.searchParams.get("limit") ?? 100) || 100);
  const number = Math.max(1, Number(url.searchParams.get("page") ?? 1) || 1);
  const pages = Math.max(1, Math.ceil(all.length / size));
  const href = (p: number) => {
    const next = new URL(`https://api.shipstation.com${url.pathname}${url.search}`);
    next.searchParams.set("page", String(p));
    return { href: next.toString() };
  };
  return {
    [key]: all.slice((number - 1) * size, number * size),
    total: all.length,
    page: number,
    pages,
    links: { first: href(1), last: href(pages), prev: number > 1 ? href(number - 1) : {}, next: number < pages ? href(number + 1) : {} },
  };
}

function listInventory(state: ShipStationSimState, url: URL) {
  const skus = url.searchParams.get("sku")?.split(",");
  const locationFilter = url.searchParams.get("inventory_location_id");
  const warehouseFilter = url.searchParams.get("inventory_warehouse_id");
  const groupBy = url.searchParams.get("group_by");
  const warehouseOf = (locationId: string) =>
    LOCATIONS.find((location) => location.inventory_location_id === locationId)!.inventory_warehouse_id;
  const rows = [...state.account.stock.values()].filter(
    (row) =>
      (!skus || skus.includes(row.sku)) &&
      (!locationFilter || row.inventory_location_id === locationFilter) &&
      (!warehouseFilter || warehouseOf(row.inventory_location_id) === warehouseFilter),
  );
  const grouped = new Map<
    string,
    { sku: string; on_hand: number; allocated: number; inventory_warehouse_id?: string; inventory_location_id?: string }
  >();
  for (const row of rows) {
    const key =
      groupBy === "location"
        ? `${row.sku}\u0000${row.inventory_location_id}`
        : groupBy === "warehouse"
          ? `${row.sku}\u0000${warehouseOf(row.inventory_location_id)}`
          : row.sku;
    const entry = grouped.get(key) ?? {
      sku: row.sku,
      on_hand: 0,
      allocated: 0,
      ...(groupBy === "location"
        ? { inventory_warehouse_id: warehouseOf(row.inventory_location_id), inventory_location_id: row.inventory_location_id }
        : {}),
      ...(groupBy === "warehouse" ? { inventory_warehouse_id: warehouseOf(row.inventory_location_id) } : {}),
    };
    entry.on_hand += row.on_hand;
    entry.allocated += row.allocated;
    grouped.set(key, entry);
  }
  const inventory = [...grouped.values()].map((entry) => ({
    ...entry,
    available: entry.on_hand - entry.allocated,
    average_cost: { amount: 0, currency: "usd" },
  }));
  return page("inventory", inventory, url);
}

export const CONTROL_ROUTES = [
  "GET    /__sim                      this index",
  "GET    /__sim/inventory            { <SKU>: available summed over locations } (ground truth)",
  "GET    /__sim/stock                every (SKU, location) row with on_hand and allocated",
  "PUT    /__sim/stock                {sku, inventory_location_id, on_hand?, allocated?} set a row directly",
  "GET    /__sim/stats                requests, throttled, per-route counts, transactions, rejected",
  "GET    /__sim/faults               current faults",
  "PUT    /__sim/faults               partial faults (merged): errorRate, errorStatus, timeoutRate, timeoutMs, outage, rateFactor, omitRetryAfter, invalidSkus, unavailableSkus",
  "DELETE /__sim/faults               no faults",
];

function control(state: ShipStationSimState, method: string, path: string, text: string, res: ServerResponse): void {
  const route = path.replace(/\/+$/, "");
  const parsed = parseJson(text);
  if (!parsed.ok) return sendJson(res, 400, { error: "Body is not JSON" });
  if (route === "/__sim" && method === "GET")
    return sendJson(res, 200, { routes: CONTROL_ROUTES, account: DEMO_SHIPSTATION_ACCOUNT, locations: LOCATIONS });
  if (route === "/__sim/inventory" && method === "GET") return sendJson(res, 200, state.account.inventory());
  if (route === "/__sim/stock" && method === "GET") return sendJson(res, 200, [...state.account.stock.values()]);
  if (route === "/__sim/stock" && method === "PUT") {
    const input = z
      .object({
        sku: z.string().min(1),
        inventory_location_id: z.string(),
        on_hand: z.number().int().min(0).optional(),
        allocated: z.number().int().min(0).optional(),
      })
      .safeParse(parsed.value);
    if (!input.success) return sendJson(res, 400, { error: z.prettifyError(input.error) });
    state.account.products.add(input.data.sku);
    const row = state.account.row(input.data.sku, input.data.inventory_location_id);
    if (input.data.on_hand !== undefined) row.on_hand = input.data.on_hand;
    if (input.data.allocated !== undefined) row.allocated = input.data.allocated;
    return sendJson(res, 200, row);
  }
  if (route === "/__sim/stats" && method === "GET")
    return sendJson(res, 200, { ...state.counters, ...state.account.stats, limitPerMinute: 200 });
  if (route === "/__sim/faults") {
    if (method === "GET") return sendJson(res, 200, state.faults);
    if (method === "DELETE") {
      state.faults = { ...NO_CHANNEL_FAULTS };
      return sendJson(res, 200, state.faults);
    }
    if (method === "PUT") {
      const patch = channelFaultsPatchSchema.safeParse(parsed.value);
      if (!patch.success) return sendJson(res, 400, { error: z.prettifyError(patch.error) });
      state.faults = { ...state.faults, ...patch.data };
      return sendJson(res, 200, state.faults);
    }
  }
  sendJson(res, 404, { error: "unknown control route", routes: CONTROL_ROUTES });
}
