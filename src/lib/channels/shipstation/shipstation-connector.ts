/**
 * ShipStation API v2 connector: `API-Key` header; a push is one `POST /v2/inventory` per SKU with
 * `transaction_type: adjust`, which sets on_hand at one inventory location to an absolute quantity
 * (so a retry is harmless); reads sum `available` over locations. 200 requests per minute per key;
 * a 429 carries Retry-After, which the request policy honours.
 */
import { z } from "zod";
import type { ChannelConnector, ChannelSku, PushResult, QuantityUpdate } from "../channel";
import { ChannelAuthError, ChannelUnavailableError } from "../errors";
import { channelRequest } from "../http";
import { pacerFor, type Pacer } from "../pacer";
import { pushEachSku } from "../push-each-sku";
import type { ShipStationCredentials } from "./credentials";

const REQUESTS_PER_MINUTE = 200;
const PAGE_SIZE = 500;

export interface ShipStationConnectorOptions {
  connectionKey: string;
  credentials: ShipStationCredentials;
  origin: string;
  timeoutMs: number;
  /** Attempts per request (default 5). */
  maxAttempts?: number;
}

const errorBodySchema = z.object({
  errors: z.array(z.object({ error_code: z.string().optional(), message: z.string() })),
});
const linksSchema = z.object({ next: z.object({ href: z.string().optional() }).optional() }).optional();
const inventoryPageSchema = z.object({
  inventory: z.array(z.object({ sku: z.string(), on_hand: z.number().int(), allocated: z.number().int(), available: z.number().int() })),
  page: z.number().int(),
  pages: z.number().int(),
  links: linksSchema,
});
const locationsSchema = z.object({ inventory_locations: z.array(z.object({ inventory_location_id: z.string() })) });

export class ShipStationConnector implements ChannelConnector {
  readonly kind = "shipstation" as const;
  readonly rateLimit = {
    requestsPerSecond: REQUESTS_PER_MINUTE / 60,
    burst: 10,
    source: "ShipStation API v2: 200 requests per minute per API key",
  };
  private readonly pacer: Pacer;
  private locationId: string | undefined;

  constructor(private readonly options: ShipStationConnectorOptions) {
    this.pacer = pacerFor(`${options.connectionKey}:api`, REQUESTS_PER_MINUTE / 60, 10);
    this.locationId = options.credentials.inventoryLocationId;
  }

  private async call(path: string, init: { method: string; body?: unknown }): Promise<Response> {
    const response = await channelRequest(
      `${this.options.origin}${path}`,
      () => ({
        method: init.method,
        headers: { "API-Key": this.options.credentials.apiKey, ...(init.body ? { "Content-Type": "application/json" } : {}) },
        body: init.body ? JSON.stringify(init.body) : undefined,
      }),
      { pacer: this.pacer, timeoutMs: this.options.timeoutMs, maxAttempts: this.options.maxAttempts },
    );
    if (response.status === 401 || response.status === 403)
      throw new ChannelAuthError(`ShipStation refused the API key: ${await errorMessage(response)}`);
    return response;
  }

  async authenticate(): Promise<void> {
    await this.inventoryLocation();
  }

  private async inventoryLocation(): Promise<string> {
    if (this.locationId) return this.locationId;
    const response = await this.call("/v2/inventory_locations?page_size=1", { method: "GET" });
    const body = locationsSchema.safeParse(await response.json().catch(() => null));
    if (!response.ok || !body.success)
      throw new ChannelUnavailableError(`GET /v2/inventory_locations answered HTTP ${response.status}`, response.status);
    const first = body.data.inventory_locations[0]?.inventory_location_id;
    if (!first)
      throw new ChannelAuthError("The ShipStation account has no inventory location: create one (Inventory > Warehouses) and reconnect");
    this.locationId = first;
    return first;
  }

  async pushQuantities(updates: QuantityUpdate[]): Promise<PushResult[]> {
    const location = await this.inventoryLocation();
    return pushEachSku(updates, 4, async (update): Promise<PushResult> => {
      const response = await this.call("/v2/inventory", {
        method: "POST",
        body: {
          transaction_type: "adjust",
          inventory_location_id: location,
          sku: update.sku,
          quantity: update.quantity,
          reason: "ShopSync stock sync",
        },
      });
      if (response.ok) {
        await response.body?.cancel();
        return { sku: update.sku, outcome: "accepted" };
      }
      if (response.status >= 400 && response.status < 500)
        return { sku: update.sku, outcome: "rejected", message: await errorMessage(response) };
      throw new ChannelUnavailableError(`POST /v2/inventory answered HTTP ${response.status}`, response.status);
    });
  }

  private async allInventory(): Promise<Map<string, number>> {
    const totals = new Map<string, number>();
    for (let page = 1; ; page++) {
      const response = await this.call(`/v2/inventory?page_size=${PAGE_SIZE}&page=${page}`, { method: "GET" });
      const body = inventoryPageSchema.safeParse(await response.json().catch(() => null));
      if (!response.ok || !body.success)
        throw new ChannelUnavailableError(`GET /v2/inventory answered HTTP ${response.status}`, response.status);
      for (const row of body.data.inventory) totals.set(row.sku, (totals.get(row.sku) ?? 0) + row.available);
      if (page >= body.data.pages) return totals;
    }
  }

  async readQuantities(skus: string[]): Promise<Map<string, number | null>> {
    const totals = await this.allInventory();
    return new Map(skus.filter((sku) => totals.has(sku)).map((sku) => [sku, totals.get(sku)!]));
  }

  async listSkus(): Promise<ChannelSku[]> {
    return [...(await this.allInventory())].map(([sku, quantity]) => ({ sku, quantity, isFba: false }));
  }
}

async function errorMessage(response: Response): Promise<string> {
  const body = errorBodySchema.safeParse(await response.json().catch(() => null));
  if (!body.success) return `HTTP ${response.status}`;
  return body.data.errors.map((error) => (error.error_code ? `${error.error_code}: ${error.message}` : error.message)).join("; ");
}
