/**
 * The TikTok Shop Partner API (202309) simulator over HTTP. Query `app_key`, `timestamp`, `sign`
 * (and `shop_cipher` for shop APIs), header `x-tts-access-token`; sign = hex HMAC-SHA256(app_secret,
 * app_secret + path + sorted {key}{value} query pairs without sign and access_token + body + app_secret);
 * a 5-minute timestamp window; the shop authorization (authorize page, token/get, token/refresh),
 * products with SKUs (create, partial edit, prices, inventory, search, deactivate), an asynchronous
 * audit (PENDING then ACTIVATE or FAILED with reasons), TikTok's `{code, message, request_id, data}`
 * envelope, a token bucket, and webhooks signed hex HMAC-SHA256(app_secret, app_key + body) in
 * `Authorization`. See docs/marketplace-sims.md.
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { z } from "zod";
import { header, parseJson, readBody, sendJson } from "../channel-sim-kit/http.ts";
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

export const DEMO_TIKTOK_APP = { appKey: "6demoappkey", appSecret: "tiktok-demo-app-secret" } as const;
export const DEMO_TIKTOK_SHOP = {
  id: "7494000000000000001",
  name: "ShopSync Demo (TikTok Shop)",
  region: "US",
  cipher: "ROW_demoCipher0001",
  code: "USDEMO0001",
  sellerType: "LOCAL",
} as const;
export const DEMO_WAREHOUSE_ID = "7494000000000000101";

/** Webhook types (UNVERIFIED numbers: TikTok's catalogue was not found; see the doc). */
export const WEBHOOK_PRODUCT_STATUS_CHANGE = 5;
export const WEBHOOK_PRODUCT_INFORMATION_CHANGE = 15;

const STATUS: Record<ItemStatus, string> = { reviewing: "PENDING", live: "ACTIVATE", rejected: "FAILED", delisted: "SELLER_DEACTIVATED" };

export function tiktokSign(secret: string, path: string, query: URLSearchParams, body: string): string {
  const pairs = [...query.entries()]
    .filter(([key]) => key !== "sign" && key !== "access_token")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}${value}`)
    .join("");
  return createHmac("sha256", secret).update(`${secret}${path}${pairs}${body}${secret}`).digest("hex");
}

const price = z.object({ amount: z.string().regex(/^\d+(\.\d{1,2})?$/), currency: z.string().length(3) });
const inventory = z.array(z.object({ warehouse_id: z.string().optional(), quantity: z.number().int().min(0).max(99_999) })).min(1);
const productAttributes = z
  .array(z.object({ id: z.string(), values: z.array(z.object({ id: z.string().optional(), name: z.string() })).min(1) }))
  .optional();
const skuInput = z.object({
  seller_sku: z.string().max(50).optional(),
  price,
  inventory,
  sales_attributes: z.array(z.object({ name: z.string(), value_name: z.string() })).optional(),
});
const createSchema = z.object({
  title: z.string().min(1).max(255),
  description: z.string().min(1).max(10_000),
  category_id: z.string().min(1),
  main_images: z.array(z.object({ uri: z.string() })).optional(),
  product_attributes: productAttributes,
  skus: z.array(skuInput).min(1).max(100),
});
const partialEditSchema = z.object({
  title: z.string().min(1).max(255).optional(),
  description: z.string().min(1).max(10_000).optional(),
  category_id: z.string().min(1).optional(),
  product_attributes: productAttributes,
});
const pricesSchema = z.object({ skus: z.array(z.object({ id: z.string(), price })).min(1) });
const inventorySchema = z.object({ skus: z.array(z.object({ id: z.string(), inventory })).min(1) });
const searchSchema = z.object({ status: z.string().optional() }).nullable();
const deactivateSchema = z.object({ product_ids: z.array(z.string()).min(1).max(20) });

type Answer = { status: number; code: number; message: string; data: unknown };

function send(res: ServerResponse, answer: Answer): void {
  sendJson(res, answer.status, {
    code: answer.code,
    message: answer.message,
    request_id: randomUUID().replaceAll("-", "").toUpperCase(),
    data: answer.data,
  });
}
const ok = (data: unknown): Answer => ({ status: 200, code: 0, message: "Success", data });
const fail = (status: number, code: number, message: string): Answer => ({ status, code, message, data: null });
const paramError = (error: z.ZodError) =>
  fail(
    400,
    36009003,
    `Invalid parameters: ${error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ")}`,
  );

export function tiktokHooks(state: MarketplaceSimState): MarketplaceHooks {
  const send = (type: number, data: Record<string, unknown>) => {
    const id = randomUUID().replaceAll("-", "");
    const body = JSON.stringify({ type, tts_notification_id: id, shop_id: DEMO_TIKTOK_SHOP.id, timestamp: nowSeconds(), data });
    state.notifier.send(id, body, (_url, text) => ({
      Authorization: createHmac("sha256", DEMO_TIKTOK_APP.appSecret).update(`${DEMO_TIKTOK_APP.appKey}${text}`).digest("hex"),
    }));
  };
  return {
    notifyEdit: (item, changed) =>
      send(WEBHOOK_PRODUCT_INFORMATION_CHANGE, { product_id: item.id, changed_fields: changed, update_time: item.updateTime }),
    notifyStatus: (item) =>
      send(WEBHOOK_PRODUCT_STATUS_CHANGE, {
        product_id: item.id,
        status: STATUS[item.status],
        suspended_reason: item.rejectReasons.join("; "),
        update_time: item.updateTime,
      }),
  };
}

export function createTikTokServer(state: MarketplaceSimState): Server {
  const hooks = tiktokHooks(state);
  return createServer((req, res) => {
    handle(state, hooks, req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, fail(500, 36009009, error instanceof Error ? error.message : String(error)));
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
    return control(state, hooks, { app: DEMO_TIKTOK_APP, shop: DEMO_TIKTOK_SHOP }, req, url.pathname, parsed.value, res);
  }
  if (await injectFaults(state, res, (status, message) => send(res, fail(status, 36009009, message)))) return;
  const path = url.pathname.replace(/\/+$/, "");
  const query = url.searchParams;
  const route = `${method} ${path.replace(/\/products\/\d+/, "/products/{id}")}`;
  state.counters.byRoute[route] = (state.counters.byRoute[route] ?? 0) + 1;
  state.counters.requests += 1;

  // The authorization (auth host on the real platform): app_key and app_secret in the query, no sign.
  if (route === "GET /oauth/authorize") return authorizePage(state, query, res);
  if (route === "GET /api/v2/token/get" || route === "GET /api/v2/token/refresh") return send(res, tokenApi(state, route, query));

  if (query.get("app_key") !== DEMO_TIKTOK_APP.appKey)
    return send(res, fail(401, 106001, "Invalid credentials. The 'app_key' query parameter is invalid."));
  if (!timestampInWindow(query.get("timestamp")))
    return send(res, fail(401, 106002, "Invalid timestamp. The 'timestamp' query parameter is expired or not within 5 minutes."));
  const expected = tiktokSign(
    DEMO_TIKTOK_APP.appSecret,
    path,
    query,
    header(req, "content-type")?.startsWith("multipart/form-data") ? "" : text,
  );
  const given = query.get("sign") ?? "";
  if (given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
    state.counters.rejectedSignatures += 1;
    return send(res, fail(401, 106001, "Invalid credentials. The 'sign' query parameter is invalid. Please check your sign generation."));
  }
  const token = state.auth.check(header(req, "x-tts-access-token"));
  if (!token.ok)
    return send(
      res,
      fail(
        401,
        token.reason === "expired" ? 105002 : 105001,
        token.reason === "expired"
          ? "Expired credentials. The access token has expired."
          : "Invalid credentials. The access token is invalid.",
      ),
    );
  if (route !== "GET /authorization/202309/shops" && query.get("shop_cipher") !== DEMO_TIKTOK_SHOP.cipher)
    return send(res, fail(400, 106011, "Invalid shop_cipher. The shop is not authorized for this app."));
  if (!state.bucket.take(state.faults.rateFactor)) {
    state.counters.throttled += 1;
    return send(res, fail(429, 36009004, "Too many requests. Please retry later."));
  }
  if (!parsed.ok) return send(res, fail(400, 36009003, "Invalid parameters: the body is not valid JSON."));
  send(res, shopApi(state, hooks, method, path, query, parsed.value));
}

function tokenApi(state: MarketplaceSimState, route: string, query: URLSearchParams): Answer {
  if (query.get("app_key") !== DEMO_TIKTOK_APP.appKey || query.get("app_secret") !== DEMO_TIKTOK_APP.appSecret)
    return fail(401, 106001, "Invalid credentials. The app_key or app_secret is invalid.");
  const refreshing = route.endsWith("/refresh");
  if (query.get("grant_type") !== (refreshing ? "refresh_token" : "authorized_code")) return fail(400, 36004004, "Invalid grant_type.");
  const pair = refreshing ? state.auth.refreshPair(query.get("refresh_token") ?? "") : state.auth.redeemCode(query.get("auth_code") ?? "");
  if (!pair) return fail(400, refreshing ? 36004005 : 36004006, refreshing ? "Invalid refresh_token." : "Invalid auth_code.");
  return ok({
    access_token: pair.accessToken,
    access_token_expire_in: pair.accessExpiresAt,
    refresh_token: pair.refreshToken,
    refresh_token_expire_in: pair.refreshExpiresAt,
    open_id: "demo-open-id",
    seller_name: DEMO_TIKTOK_SHOP.name,
    seller_base_region: DEMO_TIKTOK_SHOP.region,
    user_type: 0,
    granted_scopes: ["seller.product.basic", "seller.product.write"],
  });
}

/** The authorization page: the demo seller approves at once; TikTok redirects to the app's registered URL with code and state. */
function authorizePage(state: MarketplaceSimState, query: URLSearchParams, res: ServerResponse): void {
  if (query.get("app_key") !== DEMO_TIKTOK_APP.appKey && query.get("service_id") !== DEMO_TIKTOK_APP.appKey)
    return send(res, fail(400, 106001, "Invalid app_key."));
  if (!state.redirectUrl) return send(res, fail(400, 36004007, "The app has no redirect URL registered (PUT /__sim/app)."));
  const target = new URL(state.redirectUrl);
  target.searchParams.set("code", state.auth.issueCode(DEMO_TIKTOK_SHOP.id));
  const stateParam = query.get("state");
  if (stateParam) target.searchParams.set("state", stateParam);
  res.writeHead(302, { Location: target.toString() });
  res.end();
}

function productView(item: MarketplaceItem) {
  return {
    id: item.id,
    title: item.title,
    description: item.description,
    status: STATUS[item.status],
    category_chains: [{ id: item.categoryId, is_leaf: true }],
    product_attributes: Object.entries(item.attributes).map(([id, name]) => ({ id, values: [{ name }] })),
    create_time: item.createTime,
    update_time: item.updateTime,
    skus: item.skus.map((sku) => ({
      id: sku.id,
      seller_sku: sku.sellerSku,
      price: { tax_exclusive_price: sku.price, sale_price: sku.price, currency: "USD" },
      inventory: [{ warehouse_id: DEMO_WAREHOUSE_ID, quantity: sku.stock }],
    })),
    ...(item.status === "rejected"
      ? { audit_failed_reasons: [{ position: "product", reasons: item.rejectReasons, suggestions: [] as string[] }] }
      : {}),
  };
}

function shopApi(
  state: MarketplaceSimState,
  hooks: MarketplaceHooks,
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown,
): Answer {
  const invalid = new Set(state.faults.invalidSkus);
  if (method === "GET" && path === "/authorization/202309/shops")
    return ok({
      shops: [
        {
          id: DEMO_TIKTOK_SHOP.id,
          name: DEMO_TIKTOK_SHOP.name,
          region: DEMO_TIKTOK_SHOP.region,
          seller_type: DEMO_TIKTOK_SHOP.sellerType,
          cipher: DEMO_TIKTOK_SHOP.cipher,
          code: DEMO_TIKTOK_SHOP.code,
        },
      ],
    });
  if (method === "POST" && path === "/product/202309/products") {
    const input = createSchema.safeParse(body);
    if (!input.success) return paramError(input.error);
    const bad = input.data.skus.find((sku) => invalid.has(sku.seller_sku ?? ""));
    if (bad) return fail(400, 12019020, `The seller_sku ${bad.seller_sku} failed validation.`);
    const attributes: Record<string, string> = {};
    for (const attribute of input.data.product_attributes ?? []) attributes[attribute.id] = attribute.values[0]!.name;
    const item = state.catalog.create({
      title: input.data.title,
      description: input.data.description,
      categoryId: input.data.category_id,
      attributes,
      skus: input.data.skus.map((sku) => ({
        sellerSku: sku.seller_sku ?? "",
        price: toPrice(sku.price.amount),
        stock: sku.inventory.reduce((sum, row) => sum + row.quantity, 0),
      })),
    });
    scheduleReview(state, hooks, item);
    return ok({ product_id: item.id, skus: item.skus.map((sku) => ({ id: sku.id, seller_sku: sku.sellerSku })), warnings: [] });
  }
  if (method === "POST" && path === "/product/202309/products/search") {
    const input = searchSchema.safeParse(body);
    if (!input.success) return paramError(input.error);
    const size = Number(query.get("page_size") ?? 0);
    if (!Number.isInteger(size) || size < 1 || size > 100) return fail(400, 36009003, "Invalid parameters: page_size must be 1-100.");
    const offset = Number(query.get("page_token") || 0);
    const wanted = input.data?.status && input.data.status !== "ALL" ? input.data.status : undefined;
    const all = [...state.catalog.items.values()].filter((item) => !wanted || STATUS[item.status] === wanted);
    const page = all.slice(offset, offset + size);
    return ok({
      products: page.map((item) => ({
        id: item.id,
        title: item.title,
        status: STATUS[item.status],
        skus: productView(item).skus,
        create_time: item.createTime,
        update_time: item.updateTime,
      })),
      next_page_token: offset + size < all.length ? String(offset + size) : "",
      total_count: all.length,
    });
  }
  if (method === "POST" && path === "/product/202309/products/deactivate") {
    const input = deactivateSchema.safeParse(body);
    if (!input.success) return paramError(input.error);
    const errors: unknown[] = [];
    for (const id of input.data.product_ids) {
      const item = state.catalog.items.get(id);
      if (!item || item.status !== "live")
        errors.push({
          code: 12052048,
          message: item ? "Only live products can be deactivated." : "Product not found.",
          detail: { product_id: id },
        });
      else {
        item.status = "delisted";
        state.catalog.touch(item);
      }
    }
    return ok({ errors });
  }
  const match = /^\/product\/202309\/products\/(\d+)(\/[a-z_/]+)?$/.exec(path);
  const item = match ? state.catalog.items.get(match[1]!) : undefined;
  if (match && !item) return fail(404, 12052700, `Product ${match[1]} does not exist.`);
  if (item && method === "GET" && match?.[2] === undefined) return ok(productView(item));
  if (item && method === "POST" && match?.[2] === "/partial_edit") {
    const input = partialEditSchema.safeParse(body);
    if (!input.success) return paramError(input.error);
    if (input.data.title !== undefined) item.title = input.data.title;
    if (input.data.description !== undefined) item.description = input.data.description;
    const recategorized = input.data.category_id !== undefined && input.data.category_id !== item.categoryId;
    if (input.data.category_id !== undefined) item.categoryId = input.data.category_id;
    for (const attribute of input.data.product_attributes ?? []) item.attributes[attribute.id] = attribute.values[0]!.name;
    state.catalog.touch(item);
    // A new category is audited again, as a new product is.
    if (recategorized) {
      item.status = "reviewing";
      scheduleReview(state, hooks, item);
    }
    return ok({ product_id: item.id, skus: item.skus.map((sku) => ({ id: sku.id, seller_sku: sku.sellerSku })), warnings: [] });
  }
  if (item && method === "POST" && match?.[2] === "/prices/update") {
    const input = pricesSchema.safeParse(body);
    if (!input.success) return paramError(input.error);
    const unknown = input.data.skus.find((entry) => !item.skus.some((sku) => sku.id === entry.id));
    if (unknown) return fail(400, 12052230, `SKU ${unknown.id} does not belong to product ${item.id}.`);
    for (const entry of input.data.skus) item.skus.find((sku) => sku.id === entry.id)!.price = toPrice(entry.price.amount);
    state.catalog.touch(item);
    return ok(null);
  }
  if (item && method === "POST" && match?.[2] === "/inventory/update") {
    const input = inventorySchema.safeParse(body);
    if (!input.success) return paramError(input.error);
    const unavailable = unavailableStockUpdate(
      state,
      input.data.skus.map((entry) => item.skus.find((sku) => sku.id === entry.id)?.sellerSku ?? ""),
    );
    if (unavailable) return fail(unavailable, 36009009, "Internal error. Please try again later.");
    const errors: unknown[] = [];
    for (const entry of input.data.skus) {
      const sku = item.skus.find((candidate) => candidate.id === entry.id);
      if (!sku)
        errors.push({
          code: 12052230,
          message: "The SKU does not belong to this product.",
          detail: { sku_id: entry.id, extra_errors: [] },
        });
      else if (item.status !== "live" || invalid.has(sku.sellerSku))
        errors.push({
          code: 12052217,
          message: item.status !== "live" ? "Only live SKUs can be updated." : "The inventory update is not allowed for this SKU.",
          detail: { sku_id: entry.id, extra_errors: [] },
        });
      else sku.stock = entry.inventory.reduce((sum, row) => sum + row.quantity, 0);
    }
    state.catalog.touch(item);
    return ok(errors.length > 0 ? { errors } : {});
  }
  return fail(404, 36009001, `No API matches ${method} ${path}.`);
}
