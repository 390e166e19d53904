/**
 * The Shopee Open Platform v2 simulator over HTTP. Common parameters in the query (partner_id,
 * timestamp, sign; shop APIs also access_token and shop_id), sign = hex HMAC-SHA256(partner_key,
 * partner_id + path + timestamp [+ access_token + shop_id]), a 5-minute timestamp window, the shop
 * authorization (auth_partner page, token/get, access_token/get), items with models, price and stock
 * updates, Shopee's `{error, message, request_id, response}` envelope, a token bucket per shop, and
 * push notifications signed as hex HMAC-SHA256(partner_key, url + "|" + body). See docs/marketplace-sims.md.
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { z } from "zod";
import { parseJson, readBody, sendJson } from "../channel-sim-kit/http.ts";
import { toPrice, type ItemStatus, type MarketplaceItem } from "../marketplace-sim-kit/catalog.ts";
import {
  control,
  injectFaults,
  nowSeconds,
  scheduleReview,
  timestampInWindow,
  unavailableStockUpdate,
  type MarketplaceHooks,
  type MarketplaceSimState,
} from "../marketplace-sim-kit/sim-state.ts";

export const DEMO_SHOPEE_APP = { partnerId: 2001234, partnerKey: "shopee-demo-partner-key" } as const;
export const DEMO_SHOPEE_SHOP = { shopId: 100001, name: "ShopSync Demo (Shopee)", region: "SG" } as const;

/** Push code of an item's change (UNVERIFIED: Shopee's code catalogue was not found; see the doc). */
export const PUSH_CODE_ITEM_UPDATE = 18;
/** Push code of an item's audit result (UNVERIFIED). */
export const PUSH_CODE_ITEM_STATUS = 16;

const STATUS: Record<ItemStatus, string> = { reviewing: "REVIEWING", live: "NORMAL", rejected: "BANNED", delisted: "UNLIST" };

export const shopeeSign = (key: string, base: string): string => createHmac("sha256", key).update(base).digest("hex");

const PUBLIC_PATHS = new Set(["/api/v2/shop/auth_partner", "/api/v2/auth/token/get", "/api/v2/auth/access_token/get"]);

const seller_stock = z.array(z.object({ location_id: z.string().optional(), stock: z.number().int().min(0).max(999_999) })).min(1);
const attributeList = z
  .array(z.object({ attribute_id: z.number().int(), attribute_value_list: z.array(z.object({ original_value_name: z.string() })).min(1) }))
  .optional();
const addItemSchema = z.object({
  item_name: z.string().min(1).max(120),
  description: z.string().min(1).max(5000),
  original_price: z.number().positive(),
  seller_stock,
  category_id: z.number().int().positive(),
  item_sku: z.string().max(100).optional(),
  attribute_list: attributeList,
  weight: z.number().positive().optional(),
  image: z.object({ image_id_list: z.array(z.string()) }).optional(),
});
const initTierSchema = z.object({
  item_id: z.number().int(),
  tier_variation: z
    .array(z.object({ name: z.string().min(1), option_list: z.array(z.object({ option: z.string().min(1) })).min(1) }))
    .min(1)
    .max(2),
  model: z
    .array(
      z.object({
        tier_index: z.array(z.number().int().min(0)).min(1),
        original_price: z.number().positive(),
        model_sku: z.string().max(100).optional(),
        seller_stock,
      }),
    )
    .min(1),
});
const updateItemSchema = z.object({
  item_id: z.number().int(),
  item_name: z.string().min(1).max(120).optional(),
  description: z.string().min(1).max(5000).optional(),
  category_id: z.number().int().positive().optional(),
  attribute_list: attributeList,
  item_sku: z.string().max(100).optional(),
});
const updatePriceSchema = z.object({
  item_id: z.number().int(),
  price_list: z
    .array(z.object({ model_id: z.number().int(), original_price: z.number().positive() }))
    .min(1)
    .max(50),
});
const updateStockSchema = z.object({
  item_id: z.number().int(),
  stock_list: z
    .array(z.object({ model_id: z.number().int(), seller_stock }))
    .min(1)
    .max(50),
});
const unlistSchema = z.object({
  item_list: z
    .array(z.object({ item_id: z.number().int(), unlist: z.boolean() }))
    .min(1)
    .max(50),
});
const tokenGetSchema = z.object({ code: z.string().min(1), partner_id: z.number().int(), shop_id: z.number().int() });
const refreshSchema = z.object({ refresh_token: z.string().min(1), partner_id: z.number().int(), shop_id: z.number().int() });

type Answer = { status: number; error: string; message: string; response?: unknown; extra?: Record<string, unknown> };

function send(res: ServerResponse, answer: Answer): void {
  sendJson(res, answer.status, {
    error: answer.error,
    message: answer.message,
    request_id: randomUUID().replaceAll("-", ""),
    ...(answer.response === undefined ? {} : { response: answer.response }),
    ...answer.extra,
  });
}
const ok = (response: unknown, extra?: Record<string, unknown>): Answer => ({ status: 200, error: "", message: "", response, extra });
const fail = (status: number, error: string, message: string): Answer => ({ status, error, message });
const paramError = (issues: z.ZodError) =>
  fail(400, "error_param", issues.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; "));

/** Shopee's `model_id` of an item without variations is 0; SKU ids of items with models are model ids. */
const modelId = (item: MarketplaceItem, index: number): number => (item.hasModels ? Number(item.skus[index]!.id) : 0);

export function shopeeHooks(state: MarketplaceSimState): MarketplaceHooks {
  const push = (code: number, data: Record<string, unknown>) => {
    const msgId = randomUUID();
    const body = JSON.stringify({
      ...(state.pushMessageIds ? { msg_id: msgId } : {}),
      shop_id: DEMO_SHOPEE_SHOP.shopId,
      code,
      timestamp: nowSeconds(),
      data,
    });
    state.notifier.send(msgId, body, (url, text) => ({ Authorization: shopeeSign(DEMO_SHOPEE_APP.partnerKey, `${url}|${text}`) }));
  };
  return {
    notifyEdit: (item, changed) =>
      push(PUSH_CODE_ITEM_UPDATE, { item_id: Number(item.id), changed_fields: changed, update_time: item.updateTime }),
    notifyStatus: (item) =>
      push(PUSH_CODE_ITEM_STATUS, {
        item_id: Number(item.id),
        item_status: STATUS[item.status],
        fail_reasons: item.rejectReasons,
        update_time: item.updateTime,
      }),
  };
}

export function createShopeeServer(state: MarketplaceSimState): Server {
  const hooks = shopeeHooks(state);
  return createServer((req, res) => {
    handle(state, hooks, req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, fail(500, "error_server", error instanceof Error ? error.message : String(error)));
      else res.destroy();
    });
  });
}

async function handle(state: MarketplaceSimState, hooks: MarketplaceHooks, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://sim.invalid");
  const method = req.method ?? "GET";
  const text = await readBody(req);
  const parsed = parseJson(text);
  if (url.pathname === "/__sim" || url.pathname.startsWith("/__sim/")) {
    if (!parsed.ok) return sendJson(res, 400, { error: "Body is not JSON" });
    return control(state, hooks, { app: DEMO_SHOPEE_APP, shop: DEMO_SHOPEE_SHOP }, req, url.pathname, parsed.value, res);
  }
  if (await injectFaults(state, res, (status, message) => send(res, fail(status, "error_server", message)))) return;

  const path = url.pathname.replace(/\/+$/, "");
  const query = url.searchParams;
  const route = `${method} ${path}`;
  state.counters.byRoute[route] = (state.counters.byRoute[route] ?? 0) + 1;
  state.counters.requests += 1;

  // Common parameters and the signature, checked before anything else.
  if (query.get("partner_id") !== String(DEMO_SHOPEE_APP.partnerId)) return send(res, fail(403, "error_auth", "Invalid partner_id."));
  const timestamp = query.get("timestamp");
  if (!timestampInWindow(timestamp)) return send(res, fail(403, "error_auth", "Invalid timestamp: it is expired or not within 5 minutes."));
  const publicApi = PUBLIC_PATHS.has(path);
  let base = `${DEMO_SHOPEE_APP.partnerId}${path}${timestamp}`;
  if (!publicApi) base += `${query.get("access_token") ?? ""}${query.get("shop_id") ?? ""}`;
  const given = query.get("sign") ?? "";
  const expected = shopeeSign(DEMO_SHOPEE_APP.partnerKey, base);
  if (given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
    state.counters.rejectedSignatures += 1;
    return send(res, fail(403, "error_sign", "Wrong sign."));
  }

  if (route === "GET /api/v2/shop/auth_partner") return authorizePage(state, query, res);
  if (!parsed.ok) return send(res, fail(400, "error_param", "The request body is not valid JSON."));
  if (route === "POST /api/v2/auth/token/get") {
    const input = tokenGetSchema.safeParse(parsed.value);
    if (!input.success) return send(res, paramError(input.error));
    const pair = state.auth.redeemCode(input.data.code, String(input.data.shop_id));
    if (!pair) return send(res, fail(403, "error_auth", "Invalid code."));
    return send(res, tokenAnswer(pair));
  }
  if (route === "POST /api/v2/auth/access_token/get") {
    const input = refreshSchema.safeParse(parsed.value);
    if (!input.success) return send(res, paramError(input.error));
    const pair = state.auth.refreshPair(input.data.refresh_token);
    if (!pair || pair.shopId !== String(input.data.shop_id)) return send(res, fail(403, "error_auth", "Invalid refresh_token."));
    return send(res, tokenAnswer(pair));
  }

  // Shop APIs: a live token of this shop.
  const token = state.auth.check(query.get("access_token") ?? undefined);
  if (!token.ok)
    return send(res, fail(403, "invalid_access_token", token.reason === "expired" ? "Access token expired." : "Invalid access_token."));
  if (token.pair.shopId !== query.get("shop_id"))
    return send(res, fail(403, "error_auth", "The access_token does not belong to this shop_id."));
  if (!state.bucket.take(state.faults.rateFactor)) {
    state.counters.throttled += 1;
    return send(res, fail(429, "error_too_many_request", "Too many requests; please retry later."));
  }
  send(res, shopApi(state, hooks, route, query, parsed.value));
}

function tokenAnswer(pair: { accessToken: string; refreshToken: string; accessExpiresAt: number; shopId: string }): Answer {
  return {
    status: 200,
    error: "",
    message: "",
    extra: {
      access_token: pair.accessToken,
      refresh_token: pair.refreshToken,
      expire_in: pair.accessExpiresAt - nowSeconds(),
      shop_id_list: [Number(pair.shopId)],
      partner_id: DEMO_SHOPEE_APP.partnerId,
    },
  };
}

/** The authorization page: the demo seller approves at once; Shopee redirects back with code and shop_id. */
function authorizePage(state: MarketplaceSimState, query: URLSearchParams, res: ServerResponse): void {
  const redirect = query.get("redirect");
  if (!redirect || !URL.canParse(redirect)) return send(res, fail(400, "error_param", "redirect is required."));
  const target = new URL(redirect);
  target.searchParams.set("code", state.auth.issueCode(String(DEMO_SHOPEE_SHOP.shopId)));
  target.searchParams.set("shop_id", String(DEMO_SHOPEE_SHOP.shopId));
  res.writeHead(302, { Location: target.toString() });
  res.end();
}

function findItem(state: MarketplaceSimState, id: number): MarketplaceItem | undefined {
  return state.catalog.items.get(String(id));
}

function itemView(item: MarketplaceItem) {
  const hasModel = item.hasModels;
  const attributes = Object.entries(item.attributes).map(([id, value]) => ({
    attribute_id: Number(id),
    attribute_value_list: [{ original_value_name: value }],
  }));
  return {
    item_id: Number(item.id),
    category_id: Number(item.categoryId),
    item_name: item.title,
    description: item.description,
    item_sku: hasModel ? "" : (item.skus[0]?.sellerSku ?? ""),
    create_time: item.createTime,
    update_time: item.updateTime,
    attribute_list: attributes,
    price_info: hasModel
      ? undefined
      : [{ currency: "SGD", original_price: Number(item.skus[0]!.price), current_price: Number(item.skus[0]!.price) }],
    stock_info_v2: hasModel
      ? undefined
      : { seller_stock: [{ stock: item.skus[0]!.stock }], summary_info: { total_available_stock: item.skus[0]!.stock } },
    item_status: STATUS[item.status],
    has_model: hasModel,
    ...(item.status === "rejected" ? { fail_reasons: item.rejectReasons } : {}),
  };
}

function shopApi(state: MarketplaceSimState, hooks: MarketplaceHooks, route: string, query: URLSearchParams, body: unknown): Answer {
  const invalid = new Set(state.faults.invalidSkus);
  switch (route) {
    case "POST /api/v2/product/add_item": {
      const input = addItemSchema.safeParse(body);
      if (!input.success) return paramError(input.error);
      const sku = input.data.item_sku ?? "";
      if (invalid.has(sku)) return fail(400, "error_item_invalid", `The item is not allowed: SKU ${sku} failed validation.`);
      const attributes: Record<string, string> = {};
      for (const attribute of input.data.attribute_list ?? [])
        attributes[String(attribute.attribute_id)] = attribute.attribute_value_list[0]!.original_value_name;
      const item = state.catalog.create({
        title: input.data.item_name,
        description: input.data.description,
        categoryId: String(input.data.category_id),
        attributes,
        skus: [
          {
            sellerSku: sku,
            price: toPrice(input.data.original_price),
            stock: input.data.seller_stock.reduce((sum, row) => sum + row.stock, 0),
          },
        ],
      });
      scheduleReview(state, hooks, item);
      return ok(itemView(item));
    }
    case "POST /api/v2/product/init_tier_variation": {
      const input = initTierSchema.safeParse(body);
      if (!input.success) return paramError(input.error);
      const item = findItem(state, input.data.item_id);
      if (!item) return fail(400, "error_item_not_found", `Item ${input.data.item_id} not found.`);
      if (item.hasModels) return fail(400, "error_param", "The item already has tier variations.");
      const bad = input.data.model.find((model) => invalid.has(model.model_sku ?? ""));
      if (bad) return fail(400, "error_item_invalid", `Model SKU ${bad.model_sku} failed validation.`);
      item.hasModels = true;
      item.tiers = input.data.tier_variation;
      item.skus = input.data.model.map((model) => ({
        id: state.catalog.newSkuId(),
        sellerSku: model.model_sku ?? "",
        price: toPrice(model.original_price),
        stock: model.seller_stock.reduce((sum, row) => sum + row.stock, 0),
        tierIndex: model.tier_index,
      }));
      state.catalog.touch(item);
      return ok({
        item_id: Number(item.id),
        tier_variation: input.data.tier_variation,
        model: item.skus.map((sku, index) => ({
          model_id: Number(sku.id),
          tier_index: input.data.model[index]!.tier_index,
          model_sku: sku.sellerSku,
        })),
      });
    }
    case "POST /api/v2/product/update_item": {
      const input = updateItemSchema.safeParse(body);
      if (!input.success) return paramError(input.error);
      const item = findItem(state, input.data.item_id);
      if (!item) return fail(400, "error_item_not_found", `Item ${input.data.item_id} not found.`);
      if (input.data.item_name !== undefined) item.title = input.data.item_name;
      if (input.data.description !== undefined) item.description = input.data.description;
      const recategorized = input.data.category_id !== undefined && String(input.data.category_id) !== item.categoryId;
      if (input.data.category_id !== undefined) item.categoryId = String(input.data.category_id);
      if (input.data.item_sku !== undefined && !item.hasModels) item.skus[0]!.sellerSku = input.data.item_sku;
      for (const attribute of input.data.attribute_list ?? [])
        item.attributes[String(attribute.attribute_id)] = attribute.attribute_value_list[0]!.original_value_name;
      state.catalog.touch(item);
      // A new category is reviewed again, as a new listing is.
      if (recategorized) {
        item.status = "reviewing";
        scheduleReview(state, hooks, item);
      }
      return ok(itemView(item));
    }
    case "POST /api/v2/product/update_price": {
      const input = updatePriceSchema.safeParse(body);
      if (!input.success) return paramError(input.error);
      const item = findItem(state, input.data.item_id);
      if (!item) return fail(400, "error_item_not_found", `Item ${input.data.item_id} not found.`);
      const success_list: unknown[] = [];
      const failure_list: unknown[] = [];
      for (const entry of input.data.price_list) {
        const index = item.skus.findIndex((_, i) => modelId(item, i) === entry.model_id);
        if (index < 0) failure_list.push({ model_id: entry.model_id, failed_reason: "Model not found." });
        else {
          item.skus[index]!.price = toPrice(entry.original_price);
          success_list.push({ model_id: entry.model_id, original_price: entry.original_price });
        }
      }
      state.catalog.touch(item);
      return ok({ success_list, failure_list });
    }
    case "POST /api/v2/product/update_stock": {
      const input = updateStockSchema.safeParse(body);
      if (!input.success) return paramError(input.error);
      const item = findItem(state, input.data.item_id);
      if (!item) return fail(400, "error_item_not_found", `Item ${input.data.item_id} not found.`);
      const unavailable = unavailableStockUpdate(
        state,
        input.data.stock_list.map((entry) => item.skus.find((_, i) => modelId(item, i) === entry.model_id)?.sellerSku ?? ""),
      );
      if (unavailable) return fail(unavailable, "error_server", "System error, please try again later.");
      const success_list: unknown[] = [];
      const failure_list: unknown[] = [];
      for (const entry of input.data.stock_list) {
        const index = item.skus.findIndex((_, i) => modelId(item, i) === entry.model_id);
        const sku = item.skus[index];
        if (!sku) failure_list.push({ model_id: entry.model_id, failed_reason: "Model not found." });
        else if (invalid.has(sku.sellerSku))
          failure_list.push({ model_id: entry.model_id, failed_reason: "Stock update is not allowed for this model." });
        else {
          sku.stock = entry.seller_stock.reduce((sum, row) => sum + row.stock, 0);
          success_list.push({ model_id: entry.model_id, location_id: entry.seller_stock[0]?.location_id ?? "", stock: sku.stock });
        }
      }
      state.catalog.touch(item);
      return ok({ success_list, failure_list });
    }
    case "POST /api/v2/product/unlist_item": {
      const input = unlistSchema.safeParse(body);
      if (!input.success) return paramError(input.error);
      const success: unknown[] = [];
      const failure: unknown[] = [];
      for (const entry of input.data.item_list) {
        const item = findItem(state, entry.item_id);
        if (!item || item.status === "reviewing" || item.status === "rejected")
          failure.push({ item_id: entry.item_id, failed_reason: item ? "Item status does not allow this." : "Item not found." });
        else {
          item.status = entry.unlist ? "delisted" : "live";
          state.catalog.touch(item);
          success.push({ item_id: entry.item_id, unlist: entry.unlist });
        }
      }
      return ok({ success_list: success, failure_list: failure });
    }
    case "GET /api/v2/product/get_item_list": {
      const offset = Number(query.get("offset") ?? 0);
      const pageSize = Number(query.get("page_size") ?? 0);
      if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100)
        return fail(400, "error_param", "page_size must be 1-100 and offset 0 or more.");
      const statuses = query.getAll("item_status");
      if (statuses.length === 0) return fail(400, "error_param", "item_status is required.");
      const all = [...state.catalog.items.values()].filter((item) => statuses.includes(STATUS[item.status]));
      const page = all.slice(offset, offset + pageSize);
      return ok({
        item: page.map((item) => ({ item_id: Number(item.id), item_status: STATUS[item.status], update_time: item.updateTime })),
        total_count: all.length,
        has_next_page: offset + pageSize < all.length,
        next_offset: offset + pageSize < all.length ? offset + pageSize : undefined,
      });
    }
    case "GET /api/v2/product/get_item_base_info": {
      const ids = (query.get("item_id_list") ?? "").split(",").filter(Boolean).map(Number);
      if (ids.length === 0 || ids.length > 50 || ids.some((id) => !Number.isInteger(id)))
        return fail(400, "error_param", "item_id_list needs 1-50 item ids.");
      return ok({
        item_list: ids
          .map((id) => findItem(state, id))
          .filter((item) => item !== undefined)
          .map(itemView),
      });
    }
    case "GET /api/v2/product/get_model_list": {
      const item = findItem(state, Number(query.get("item_id")));
      if (!item) return fail(400, "error_item_not_found", `Item ${query.get("item_id")} not found.`);
      if (!item.hasModels) return ok({ tier_variation: [], model: [] });
      return ok({
        tier_variation: item.tiers ?? [],
        model: item.skus.map((sku) => ({
          model_id: Number(sku.id),
          model_sku: sku.sellerSku,
          tier_index: sku.tierIndex ?? [],
          price_info: [{ currency: "SGD", original_price: Number(sku.price), current_price: Number(sku.price) }],
          stock_info_v2: { seller_stock: [{ stock: sku.stock }], summary_info: { total_available_stock: sku.stock } },
        })),
      });
    }
    default:
      return fail(404, "error_not_found", `No API matches ${route}.`);
  }
}
