import { z } from "zod";
import { faultsPatchSchema } from "./faults.ts";
import { STORE_SIZES } from "./generator.ts";
import { PLAN_NAMES, type PlanOption } from "./throttle.ts";
import { InputError, NotFoundError, type Simulator } from "./simulator.ts";

/**
 * The control API under /__sim (the app never calls it): ground-truth counts, record CRUD that fires
 * webhooks, fault injection, plans, tokens and delivery logs. JSON in, JSON out. See docs/shopify-sim.md.
 */
export interface ControlAnswer {
  status: number;
  body: unknown;
}

const planSchema = z.union([
  z.enum(PLAN_NAMES as [string, ...string[]]),
  z.object({ name: z.string(), restoreRate: z.number().positive(), maximumAvailable: z.number().positive() }),
]);

const newShopSchema = z
  .object({
    domain: z.string(),
    size: z.enum(STORE_SIZES as unknown as [string, ...string[]]).optional(),
    seed: z.number().int().optional(),
    plan: planSchema.optional(),
    timezone: z.string().optional(),
  })
  .strict();

const tokenSchema = z.object({ scopes: z.array(z.string()).optional(), expiring: z.boolean().default(false) }).strict();

export const ROUTES = [
  "GET    /__sim                                  this index",
  "GET    /__sim/clock                            Shopify's clock: {now, offsetMs} (offset from the host's clock)",
  "POST   /__sim/clock/advance                    {ms} let time pass on Shopify's side (never backwards)",
  "GET    /__sim/shops                            shops with plan and counts",
  "POST   /__sim/shops                            {domain, size?, seed?, plan?, timezone?} add a generated shop",
  "GET    /__sim/shops/:shop/counts               ground-truth record counts",
  "GET    /__sim/shops/:shop/throttle             leaky bucket status and counters (requests, throttled, points consumed)",
  "PUT    /__sim/shops/:shop/plan                 {plan} standard|advanced|plus|enterprise or {name,restoreRate,maximumAvailable}",
  "PUT    /__sim/shops/:shop/timezone             {timezone} the shop's IANA zone (REST webhook timestamps use it)",
  "GET    /__sim/shops/:shop/faults               current faults",
  "PUT    /__sim/shops/:shop/faults               partial faults (merged); DELETE resets",
  "POST   /__sim/shops/:shop/tokens               {scopes?, expiring?} issue an access token without OAuth",
  "POST   /__sim/shops/:shop/uninstall            app/uninstalled webhook, tokens revoked, subscriptions dropped",
  "GET    /__sim/shops/:shop/webhooks             subscriptions",
  "GET    /__sim/shops/:shop/webhooks/deliveries  delivery log (attempts, status, outcome)",
  "GET    /__sim/shops/:shop/bulk-operations      bulk operations of every app",
  "GET    /__sim/shops/:shop/{products|orders|customers}/:id   one record (internal shape)",
  "POST   /__sim/shops/:shop/{products|orders|customers}       create (fires */create)",
  "PATCH  /__sim/shops/:shop/{products|orders|customers}/:id   update (fires */update, orders/updated)",
  "DELETE /__sim/shops/:shop/{products|orders|customers}/:id   delete (fires */delete)",
  "PUT    /__sim/shops/:shop/inventory-levels     {inventoryItemId, locationId, name?, quantity} (fires inventory_levels/update)",
  "DELETE /__sim/shops/:shop/inventory-levels     {inventoryItemId, locationId} (stops stocking it there; fires inventory_levels/disconnect)",
];

function shopSummary(sim: Simulator, domain: string): unknown {
  const shop = sim.shop(domain);
  return { domain, plan: shop.plan, counts: sim.counts(domain) };
}

export function handleControl(sim: Simulator, method: string, path: string, body: unknown): ControlAnswer {
  try {
    return route(sim, method, path.replace(/\/+$/, ""), body);
  } catch (error) {
    if (error instanceof NotFoundError) return { status: 404, body: { error: error.message } };
    if (error instanceof InputError) return { status: 422, body: { error: error.message } };
    if (error instanceof z.ZodError) return { status: 422, body: { error: "Invalid body", issues: error.issues } };
    throw error;
  }
}

const advanceSchema = z.object({ ms: z.number().nonnegative().finite() }).strict();

function clockRoute(sim: Simulator, method: string, sub: string, body: unknown): ControlAnswer {
  const state = (): ControlAnswer => ({ status: 200, body: { now: sim.clock.iso(), offsetMs: sim.clock.offset } });
  if (method === "GET" && sub === "") return state();
  if (method === "POST" && sub === "advance") {
    sim.clock.advance(advanceSchema.parse(body).ms);
    return state();
  }
  return { status: 404, body: { error: `No control route ${method} /__sim/clock/${sub}` } };
}

function route(sim: Simulator, method: string, path: string, body: unknown): ControlAnswer {
  const ok = (value: unknown, status = 200): ControlAnswer => ({ status, body: value });
  const parts = path.split("/").filter(Boolean).slice(1).map(decodeURIComponent); // drop "__sim"
  if (parts.length === 0 && method === "GET") return ok({ routes: ROUTES });
  if (parts[0] === "clock") return clockRoute(sim, method, parts.slice(1).join("/"), body);
  if (parts[0] !== "shops") return { status: 404, body: { error: `No control route ${method} ${path}` } };
  if (parts.length === 1) {
    if (method === "GET") return ok({ shops: [...sim.shops.keys()].map((d) => shopSummary(sim, d)) });
    if (method === "POST") {
      const input = newShopSchema.parse(body);
      sim.addShop(input.domain, {
        size: input.size as never,
        seed: input.seed,
        plan: input.plan as PlanOption | undefined,
        timezone: input.timezone,
      });
      return ok(shopSummary(sim, input.domain), 201);
    }
  }
  const domain = parts[1]!;
  const shop = sim.shop(domain);
  const [, , resource, id, sub] = parts;
  switch (`${method} ${resource ?? ""}${id ? " :id" : ""}${sub ? ` ${sub}` : ""}`) {
    case "GET ":
      return ok(shopSummary(sim, domain));
    case "GET counts":
      return ok(sim.counts(domain));
    case "GET throttle":
      return ok({
        apiKey: sim.options.apiKey,
        throttleStatus: shop.bucket(sim.options.apiKey).status(),
        stats: shop.bucket(sim.options.apiKey).stats(),
      });
    case "PUT plan":
      sim.setPlan(domain, planSchema.parse((body as { plan?: unknown } | null)?.plan) as PlanOption);
      return ok({ plan: shop.plan });
    case "PUT timezone":
      return ok({ ianaTimezone: sim.setTimeZone(domain, z.object({ timezone: z.string() }).parse(body).timezone) });
    case "GET faults":
      return ok(shop.faults);
    case "PUT faults":
      return ok(sim.setFaults(domain, faultsPatchSchema.parse(body)));
    case "DELETE faults":
      return ok(
        sim.setFaults(domain, {
          errorRate: 0,
          slowRate: 0,
          timeoutRate: 0,
          lostRefreshResponses: 0,
          restoreRateFactor: 1,
          malformedRate: 0,
          bulkFailure: null,
          protectedCustomerData: false,
          webhookDropRate: 0,
          webhookDuplicateRate: 0,
          webhookReorderMs: 0,
        }),
      );
    case "POST tokens": {
      const input = tokenSchema.parse(body ?? {});
      return ok(sim.oauth.issue(domain, input.scopes ?? DEFAULT_SCOPES, input.expiring), 201);
    }
    case "POST uninstall":
      sim.uninstall(domain);
      return ok({ uninstalled: domain });
    case "GET webhooks":
      return ok({ subscriptions: sim.webhooks.listForShop(domain) });
    case "GET webhooks :id":
      if (id === "deliveries") return ok({ deliveries: sim.webhooks.deliveries(domain) });
      break;
    case "GET bulk-operations":
      return ok({ bulkOperations: sim.bulk.listForShop(domain) });
    case "PUT inventory-levels":
      return ok(sim.setInventory(domain, body));
    case "DELETE inventory-levels":
      return ok(sim.disconnectInventory(domain, body));
    case "POST products":
      return ok(sim.createProduct(domain, body), 201);
    case "POST customers":
      return ok(sim.createCustomer(domain, body), 201);
    case "POST orders":
      return ok(sim.createOrder(domain, body), 201);
    case "GET products :id":
      return ok(found(shop.store.products.get(Number(id)), id));
    case "GET customers :id":
      return ok(found(shop.store.customers.get(Number(id)), id));
    case "GET orders :id":
      return ok(found(shop.store.orders.get(Number(id)), id));
    case "PATCH products :id":
      return ok(sim.updateProduct(domain, id!, body));
    case "PATCH customers :id":
      return ok(sim.updateCustomer(domain, id!, body));
    case "PATCH orders :id":
      return ok(sim.updateOrder(domain, id!, body));
    case "DELETE products :id":
      sim.deleteProduct(domain, id!);
      return ok({ deleted: Number(id) });
    case "DELETE customers :id":
      sim.deleteCustomer(domain, id!);
      return ok({ deleted: Number(id) });
    case "DELETE orders :id":
      sim.deleteOrder(domain, id!);
      return ok({ deleted: Number(id) });
  }
  return { status: 404, body: { error: `No control route ${method} ${path}` } };
}

function found<T>(value: T | undefined, id: string | undefined): T {
  if (value === undefined) throw new NotFoundError(`No record ${id}`);
  return value;
}

/** Scopes of the pre-issued demo token and of control-API tokens by default. */
export const DEFAULT_SCOPES = [
  "read_products",
  "write_products",
  "read_orders",
  "read_all_orders",
  "read_customers",
  "read_inventory",
  "write_inventory",
  "read_locations",
];
