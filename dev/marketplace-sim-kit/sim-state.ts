/**
 * State and control API shared by the Shopee and TikTok Shop simulators: the catalogue, shop
 * authorizations, the notifier, faults and the request bucket, and the `/__sim` routes (ground truth,
 * a seller's edit that fires the platform's notification, faults, token expiry, the app's registered
 * URLs). The platform servers speak their wire formats around it.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { channelFaultsPatchSchema, NO_CHANNEL_FAULTS, type ChannelFaults } from "../channel-sim-kit/faults.ts";
import { sendJson, sleep } from "../channel-sim-kit/http.ts";
import type { TokenBucket } from "../channel-sim-kit/token-bucket.ts";
import type { MarketplaceCatalog, MarketplaceItem } from "./catalog.ts";
import { NO_NOTIFICATION_FAULTS, notificationFaultsSchema, type Notifier } from "./notifier.ts";
import type { ShopAuthorizations } from "./shop-auth.ts";

export interface MarketplaceSimState {
  catalog: MarketplaceCatalog;
  auth: ShopAuthorizations;
  notifier: Notifier;
  faults: ChannelFaults;
  bucket: TokenBucket;
  counters: { requests: number; throttled: number; rejectedSignatures: number; byRoute: Record<string, number> };
  random: () => number;
  /** The app's redirect after authorization (TikTok Shop registers it with the app; Shopee takes it per request). */
  redirectUrl: string | undefined;
  /** Milliseconds a new listing stays under review before the platform's verdict. */
  reviewDelayMs: number;
  /**
   * Whether a push carries the platform's message id (Shopee's `msg_id` is UNVERIFIED: no source
   * shows one in a push body). TikTok Shop's webhooks always carry `tts_notification_id`.
   */
  pushMessageIds: boolean;
}

/** A platform's reactions the control API triggers. */
export interface MarketplaceHooks {
  /** The platform's notification for a seller's edit on the channel. */
  notifyEdit(item: MarketplaceItem, changed: string[]): void;
  /** The notification for a listing's new status (audit passed or failed). */
  notifyStatus(item: MarketplaceItem): void;
}

/** Starts the platform's asynchronous audit of a new listing. */
export function scheduleReview(state: MarketplaceSimState, hooks: MarketplaceHooks, item: MarketplaceItem): void {
  const settle = () => {
    state.catalog.settle(item);
    hooks.notifyStatus(item);
  };
  if (state.reviewDelayMs <= 0) settle();
  else setTimeout(settle, state.reviewDelayMs).unref();
}

/** Outage, random timeouts and 5xx: true when the fault answered the request. */
export async function injectFaults(
  state: MarketplaceSimState,
  res: ServerResponse,
  answer: (status: number, message: string) => void,
): Promise<boolean> {
  if (state.faults.outage) {
    answer(503, "The service is temporarily unavailable.");
    return true;
  }
  if (state.random() < state.faults.timeoutRate) {
    await sleep(state.faults.timeoutMs);
    res.destroy();
    return true;
  }
  if (state.random() < state.faults.errorRate) {
    answer(state.faults.errorStatus, "System error, please try again later.");
    return true;
  }
  return false;
}

/**
 * The `unavailableSkus` fault: a stock update naming one of these seller SKUs answers `errorStatus`
 * every time (the platform's trouble with that listing) while the rest of the API works. Returns the
 * status to answer, or undefined when the update goes ahead.
 */
export function unavailableStockUpdate(state: MarketplaceSimState, sellerSkus: readonly string[]): number | undefined {
  return sellerSkus.some((sku) => state.faults.unavailableSkus.includes(sku)) ? state.faults.errorStatus : undefined;
}

const sellerEditSchema = z
  .object({
    title: z.string().min(1).optional(),
    description: z.string().optional(),
    skus: z
      .array(
        z.object({
          sku: z.string().min(1),
          price: z.union([z.string(), z.number()]).optional(),
          stock: z.number().int().min(0).optional(),
        }),
      )
      .optional(),
  })
  .strict();

const appSchema = z
  .object({
    redirectUrl: z.string().url().optional(),
    notificationUrl: z.string().url().optional(),
    pushMessageIds: z.boolean().optional(),
  })
  .strict();

export const CONTROL_ROUTES = [
  "GET    /__sim                       this index and the demo app and shop",
  "GET    /__sim/items                 every listing: id, title, description, status, reject reasons, SKUs with price and stock",
  "PATCH  /__sim/items/{id}            { title?, description?, skus?: [{ sku, price?, stock? }] }: a seller's edit on the channel (fires the notification)",
  "PUT    /__sim/app                   { redirectUrl?, notificationUrl?, pushMessageIds? }: the app's registered URLs; pushMessageIds false: Shopee pushes carry no msg_id",
  "GET    /__sim/notifications         every notification sent: id, url, body, headers, status, attempts, dropped",
  "PUT    /__sim/notification-faults   partial (merged): dropNext (the next N are lost), dropRate (then this fraction is lost), delayMs (sent late)",
  "DELETE /__sim/notification-faults   every notification delivered",
  "POST   /__sim/tokens/expire         every access token expires now",
  "POST   /__sim/tokens/revoke         the shop's authorization ends: every access and refresh token is refused (the seller must authorize again)",
  "PUT    /__sim/restricted-categories { <category id>: <reason> }: new listings in these categories are rejected with the reason",
  "GET    /__sim/stats                 requests, throttled, rejected signatures, per-route counts, tokens",
  "GET    /__sim/faults                current faults",
  "PUT    /__sim/faults                partial faults (merged): errorRate, errorStatus, timeoutRate, timeoutMs, outage, rateFactor, invalidSkus, unavailableSkus",
  "DELETE /__sim/faults                no faults",
];

export function control(
  state: MarketplaceSimState,
  hooks: MarketplaceHooks,
  index: Record<string, unknown>,
  req: IncomingMessage,
  path: string,
  body: unknown,
  res: ServerResponse,
): void {
  const method = req.method ?? "GET";
  const route = path.replace(/\/+$/, "");
  const bad = (error: z.ZodError) => sendJson(res, 400, { error: z.prettifyError(error) });
  if (route === "/__sim" && method === "GET") return sendJson(res, 200, { routes: CONTROL_ROUTES, ...index });
  if (route === "/__sim/items" && method === "GET") return sendJson(res, 200, { items: state.catalog.view() });
  const itemMatch = /^\/__sim\/items\/([^/]+)$/.exec(route);
  if (itemMatch && method === "PATCH") {
    const item = state.catalog.items.get(decodeURIComponent(itemMatch[1]!));
    if (!item) return sendJson(res, 404, { error: `no item ${itemMatch[1]}` });
    const edit = sellerEditSchema.safeParse(body);
    if (!edit.success) return bad(edit.error);
    let changed: string[];
    try {
      changed = state.catalog.applySellerEdit(item, {
        ...edit.data,
        skus: edit.data.skus?.map((sku) => ({ ...sku, price: sku.price === undefined ? undefined : String(sku.price) })),
      });
    } catch (error) {
      return sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
    }
    if (changed.length > 0) hooks.notifyEdit(item, changed);
    return sendJson(res, 200, { changed, item: state.catalog.view().find((view) => view.id === item.id) });
  }
  if (route === "/__sim/app" && method === "PUT") {
    const input = appSchema.safeParse(body);
    if (!input.success) return bad(input.error);
    if (input.data.redirectUrl) state.redirectUrl = input.data.redirectUrl;
    if (input.data.notificationUrl) state.notifier.url = input.data.notificationUrl;
    if (input.data.pushMessageIds !== undefined) state.pushMessageIds = input.data.pushMessageIds;
    return sendJson(res, 200, {
      redirectUrl: state.redirectUrl,
      notificationUrl: state.notifier.url,
      pushMessageIds: state.pushMessageIds,
    });
  }
  if (route === "/__sim/notifications" && method === "GET") return sendJson(res, 200, { notifications: state.notifier.sent });
  if (route === "/__sim/notification-faults") {
    if (method === "GET") return sendJson(res, 200, state.notifier.faults);
    if (method === "DELETE") {
      state.notifier.faults = { ...NO_NOTIFICATION_FAULTS };
      return sendJson(res, 200, state.notifier.faults);
    }
    if (method === "PUT") {
      const patch = notificationFaultsSchema.partial().safeParse(body);
      if (!patch.success) return bad(patch.error);
      state.notifier.faults = { ...state.notifier.faults, ...patch.data };
      return sendJson(res, 200, state.notifier.faults);
    }
  }
  if (route === "/__sim/tokens/expire" && method === "POST") return sendJson(res, 200, { expired: state.auth.expireAll() });
  if (route === "/__sim/tokens/revoke" && method === "POST") return sendJson(res, 200, { revoked: state.auth.revokeAll() });
  if (route === "/__sim/restricted-categories" && method === "PUT") {
    const input = z.record(z.string(), z.string()).safeParse(body);
    if (!input.success) return bad(input.error);
    state.catalog.restrictedCategories.clear();
    for (const [category, reason] of Object.entries(input.data)) state.catalog.restrictedCategories.set(category, reason);
    return sendJson(res, 200, input.data);
  }
  if (route === "/__sim/stats" && method === "GET") return sendJson(res, 200, { ...state.counters, tokens: state.auth.stats });
  if (route === "/__sim/faults") {
    if (method === "GET") return sendJson(res, 200, state.faults);
    if (method === "DELETE") {
      state.faults = { ...NO_CHANNEL_FAULTS };
      return sendJson(res, 200, state.faults);
    }
    if (method === "PUT") {
      const patch = channelFaultsPatchSchema.safeParse(body);
      if (!patch.success) return bad(patch.error);
      state.faults = { ...state.faults, ...patch.data };
      return sendJson(res, 200, state.faults);
    }
  }
  sendJson(res, 404, { error: "unknown control route", routes: CONTROL_ROUTES });
}

/** Seconds since the epoch on the simulator's clock. */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** Both platforms refuse a request whose timestamp is more than 5 minutes from their clock. */
export const TIMESTAMP_WINDOW_SECONDS = 300;

export function timestampInWindow(raw: string | null): boolean {
  if (!raw || !/^\d+$/.test(raw)) return false;
  return Math.abs(nowSeconds() - Number(raw)) <= TIMESTAMP_WINDOW_SECONDS;
}
