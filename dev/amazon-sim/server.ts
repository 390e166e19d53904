/**
 * The Amazon SP-API simulator over HTTP: Login with Amazon (`POST /auth/o2/token`), Listings Items
 * 2021-08-01 (get, patch) and Feeds 2021-06-30, each operation behind its own token bucket with the
 * rates of Amazon's models, 429 `QuotaExceeded`, `x-amzn-RateLimit-Limit` and `x-amzn-RequestId`
 * headers, Amazon's ErrorList bodies; the control API under /__sim. See docs/channel-sims.md.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { z } from "zod";
import { channelFaultsPatchSchema, NO_CHANNEL_FAULTS, type ChannelFaults } from "../channel-sim-kit/faults.ts";
import { header, parseJson, readBody, sendJson, sleep } from "../channel-sim-kit/http.ts";
import { type TokenBucket } from "../channel-sim-kit/token-bucket.ts";
import { DEMO_AMAZON_ACCOUNT, type AmazonAccount, type Listing, type PatchOperation } from "./account.ts";
import type { FeedService } from "./feeds.ts";

/** rate (requests per second) / burst per operation, from the Listings Items and Feeds API models. */
export const OPERATION_LIMITS = {
  getListingsItem: { rate: 5, burst: 10 },
  searchListingsItems: { rate: 5, burst: 5 },
  patchListingsItem: { rate: 5, burst: 5 },
  createFeedDocument: { rate: 0.5, burst: 15 },
  createFeed: { rate: 0.0083, burst: 15 },
  getFeed: { rate: 2, burst: 15 },
  getFeedDocument: { rate: 0.0222, burst: 10 },
} as const;
export type Operation = keyof typeof OPERATION_LIMITS;

export interface AmazonSimState {
  account: AmazonAccount;
  feeds: FeedService;
  faults: ChannelFaults;
  buckets: Map<Operation, TokenBucket>;
  counters: { requests: number; throttled: number; byOperation: Record<string, number> };
  random: () => number;
}

const errorList = (code: string, message: string, details = "") => ({ errors: [{ code, message, details }] });

const patchRequestSchema = z.object({
  productType: z.string().min(1),
  patches: z
    .array(
      z.object({
        op: z.enum(["add", "replace", "merge", "delete"]),
        path: z.string().regex(/^\/attributes\/[a-z0-9_]+$/, "Only top-level attributes can be patched"),
        value: z.array(z.unknown()).optional(),
      }),
    )
    .min(1),
});

const createFeedSchema = z.object({
  feedType: z.string().min(1),
  marketplaceIds: z.array(z.string()).min(1).max(25),
  inputFeedDocumentId: z.string().min(1),
  feedOptions: z.record(z.string(), z.string()).optional(),
});

export function createAmazonServer(state: AmazonSimState): Server {
  return createServer((req, res) => {
    handle(state, req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorList("InternalFailure", error instanceof Error ? error.message : String(error)));
      else res.destroy();
    });
  });
}

function rateHeader(operation: Operation): Record<string, string> {
  const rate = OPERATION_LIMITS[operation].rate;
  return { "x-amzn-RateLimit-Limit": Number.isInteger(rate) ? rate.toFixed(1) : String(rate) };
}

async function handle(state: AmazonSimState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://sim.invalid");
  const method = req.method ?? "GET";
  res.setHeader("x-amzn-RequestId", randomUUID());

  if (url.pathname === "/__sim" || url.pathname.startsWith("/__sim/"))
    return control(state, method, url.pathname, await readBody(req), res);

  const documentPath = /^\/__documents\/([^/]+)$/.exec(url.pathname);
  if (documentPath) return presignedDocument(state, method, decodeURIComponent(documentPath[1]!), req, res);

  // Platform faults apply to every API request, the token exchange included.
  if (state.faults.outage)
    return sendJson(res, 503, errorList("ServiceUnavailable", "Service is temporarily unavailable. Please retry later."));
  if (state.random() < state.faults.timeoutRate) {
    await sleep(state.faults.timeoutMs);
    res.destroy();
    return;
  }
  if (state.random() < state.faults.errorRate)
    return sendJson(res, state.faults.errorStatus, errorList("InternalFailure", "We encountered an internal error. Please try again."));

  if (url.pathname === "/auth/o2/token" && method === "POST") return token(state, await readBody(req), res);

  const listing = /^\/listings\/2021-08-01\/items\/([^/]+)\/([^/]+)$/.exec(url.pathname);
  const search = method === "GET" ? /^\/listings\/2021-08-01\/items\/([^/]+)$/.exec(url.pathname) : null;
  const feedsRoot = url.pathname === "/feeds/2021-06-30/feeds" && method === "POST";
  const documentsRoot = url.pathname === "/feeds/2021-06-30/documents" && method === "POST";
  const feedById = /^\/feeds\/2021-06-30\/feeds\/([^/]+)$/.exec(url.pathname);
  const documentById = /^\/feeds\/2021-06-30\/documents\/([^/]+)$/.exec(url.pathname);
  const operation: Operation | undefined = listing
    ? method === "GET"
      ? "getListingsItem"
      : method === "PATCH"
        ? "patchListingsItem"
        : undefined
    : search
      ? "searchListingsItems"
      : documentsRoot
        ? "createFeedDocument"
        : feedsRoot
          ? "createFeed"
          : feedById && method === "GET"
            ? "getFeed"
            : documentById && method === "GET"
              ? "getFeedDocument"
              : undefined;
  if (!operation) return sendJson(res, 404, errorList("NotFound", "Resource not found"));

  const accessToken = header(req, "x-amz-access-token");
  const tokenState = state.account.checkAccessToken(accessToken);
  if (tokenState !== "valid")
    return sendJson(
      res,
      403,
      errorList(
        "Unauthorized",
        "Access to requested resource is denied.",
        tokenState === "expired"
          ? "The access token you provided has expired."
          : accessToken
            ? "The access token you provided is invalid."
            : "",
      ),
    );

  state.counters.requests += 1;
  state.counters.byOperation[operation] = (state.counters.byOperation[operation] ?? 0) + 1;
  if (operation === "patchListingsItem" && state.faults.unavailableSkus.includes(decodeURIComponent(listing![2]!)))
    return sendJson(res, state.faults.errorStatus, errorList("InternalFailure", "We encountered an internal error. Please try again."));
  const bucket = state.buckets.get(operation)!;
  if (!bucket.take(state.faults.rateFactor)) {
    state.counters.throttled += 1;
    return sendJson(res, 429, errorList("QuotaExceeded", "You exceeded your quota for the requested resource."));
  }
  const limitHeaders = rateHeader(operation);
  const body = method === "GET" ? "" : await readBody(req);

  if (listing) {
    const sellerId = decodeURIComponent(listing[1]!);
    const sku = decodeURIComponent(listing[2]!);
    if (sellerId !== DEMO_AMAZON_ACCOUNT.sellerId)
      return sendJson(res, 403, errorList("Unauthorized", "Access to requested resource is denied."));
    const marketplaceIds = url.searchParams.get("marketplaceIds");
    if (!marketplaceIds)
      return sendJson(res, 400, errorList("InvalidInput", "Missing required parameter: marketplaceIds", "marketplaceIds"), limitHeaders);
    if (!marketplaceIds.split(",").includes(DEMO_AMAZON_ACCOUNT.marketplaceId))
      return sendJson(res, 400, errorList("InvalidInput", `Invalid marketplaceIds: ${marketplaceIds}`, "marketplaceIds"), limitHeaders);
    return operation === "getListingsItem"
      ? getListing(state, sku, url, res, limitHeaders)
      : patchListing(state, sku, url, body, res, limitHeaders);
  }
  if (search) {
    if (decodeURIComponent(search[1]!) !== DEMO_AMAZON_ACCOUNT.sellerId)
      return sendJson(res, 403, errorList("Unauthorized", "Access to requested resource is denied."));
    if (!url.searchParams.get("marketplaceIds")?.split(",").includes(DEMO_AMAZON_ACCOUNT.marketplaceId))
      return sendJson(res, 400, errorList("InvalidInput", "Missing or invalid parameter: marketplaceIds", "marketplaceIds"), limitHeaders);
    return searchListings(state, url, res, limitHeaders);
  }
  if (operation === "createFeedDocument") {
    const parsed = parseJson(body);
    const contentType = parsed.ok ? (parsed.value as { contentType?: unknown } | null)?.contentType : undefined;
    if (typeof contentType !== "string") return sendJson(res, 400, errorList("InvalidInput", "contentType is required"), limitHeaders);
    return sendJson(res, 201, state.feeds.createDocument(contentType), limitHeaders);
  }
  if (operation === "createFeed") {
    const parsed = parseJson(body);
    const input = createFeedSchema.safeParse(parsed.ok ? parsed.value : undefined);
    if (!input.success) return sendJson(res, 400, errorList("InvalidInput", z.prettifyError(input.error)), limitHeaders);
    const feedId = state.feeds.createFeed(input.data);
    if (!feedId) return sendJson(res, 400, errorList("InvalidInput", "inputFeedDocumentId does not exist"), limitHeaders);
    return sendJson(res, 202, { feedId }, limitHeaders);
  }
  if (operation === "getFeed") {
    const feed = state.feeds.getFeed(decodeURIComponent(feedById![1]!));
    if (!feed) return sendJson(res, 404, errorList("NotFound", "The requested feed was not found."), limitHeaders);
    return sendJson(res, 200, feed, limitHeaders);
  }
  const document = state.feeds.getDocument(decodeURIComponent(documentById![1]!));
  if (!document) return sendJson(res, 404, errorList("NotFound", "The requested feed document was not found."), limitHeaders);
  return sendJson(res, 200, document, limitHeaders);
}

function getListing(state: AmazonSimState, sku: string, url: URL, res: ServerResponse, headers: Record<string, string>): void {
  const listing = state.account.listings.get(sku);
  if (!listing)
    return sendJson(
      res,
      404,
      errorList("NOT_FOUND", `SKU '${sku}' not found in marketplace ${DEMO_AMAZON_ACCOUNT.marketplaceId}`),
      headers,
    );
  sendJson(res, 200, itemOf(state, listing, url), headers);
}

/** searchListingsItems: pageSize 1..20 (default 10), opaque pageToken, sortBy sku|createdDate|lastUpdatedDate. */
function searchListings(state: AmazonSimState, url: URL, res: ServerResponse, headers: Record<string, string>): void {
  const pageSize = Number(url.searchParams.get("pageSize") ?? 10);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 20)
    return sendJson(res, 400, errorList("InvalidInput", "pageSize must be between 1 and 20", "pageSize"), headers);
  const sortBy = url.searchParams.get("sortBy") ?? "lastUpdatedDate";
  const descending = (url.searchParams.get("sortOrder") ?? "DESC") === "DESC";
  const key = (listing: Listing) =>
    sortBy === "sku" ? listing.sku : sortBy === "createdDate" ? listing.createdDate : listing.lastUpdatedDate;
  const all = [...state.account.listings.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.sku < b.sku ? -1 : 1));
  if (descending) all.reverse();
  const token = url.searchParams.get("pageToken");
  const offset = token ? Number(Buffer.from(token, "base64url").toString("utf8")) : 0;
  if (!Number.isInteger(offset) || offset < 0)
    return sendJson(res, 400, errorList("InvalidInput", "Invalid pageToken", "pageToken"), headers);
  const items = all.slice(offset, offset + pageSize).map((listing) => itemOf(state, listing, url));
  const pagination: Record<string, string> = {};
  if (offset + pageSize < all.length) pagination.nextToken = Buffer.from(String(offset + pageSize)).toString("base64url");
  if (offset > 0) pagination.previousToken = Buffer.from(String(Math.max(0, offset - pageSize))).toString("base64url");
  sendJson(res, 200, { numberOfResults: all.length, pagination, items }, headers);
}

function itemOf(state: AmazonSimState, listing: Listing, url: URL): Record<string, unknown> {
  const included = new Set((url.searchParams.get("includedData") ?? "summaries").split(","));
  const item: Record<string, unknown> = { sku: listing.sku };
  if (included.has("summaries"))
    item.summaries = [
      {
        marketplaceId: DEMO_AMAZON_ACCOUNT.marketplaceId,
        asin: listing.asin,
        productType: listing.productType,
        conditionType: "new_new",
        status: ["BUYABLE", "DISCOVERABLE"],
        itemName: listing.itemName,
        createdDate: listing.createdDate,
        lastUpdatedDate: listing.lastUpdatedDate,
      },
    ];
  if (included.has("attributes")) item.attributes = listing.attributes;
  if (included.has("issues")) item.issues = [];
  if (included.has("fulfillmentAvailability"))
    item.fulfillmentAvailability = state.account.fulfillment(listing).map((entry) => ({
      fulfillmentChannelCode: entry.fulfillment_channel_code,
      ...(typeof entry.quantity === "number" ? { quantity: entry.quantity } : {}),
    }));
  return item;
}

function patchListing(
  state: AmazonSimState,
  sku: string,
  url: URL,
  body: string,
  res: ServerResponse,
  headers: Record<string, string>,
): void {
  const parsed = parseJson(body);
  const request = patchRequestSchema.safeParse(parsed.ok ? parsed.value : undefined);
  if (!request.success) return sendJson(res, 400, errorList("InvalidInput", z.prettifyError(request.error)), headers);
  const patches = request.data.patches as PatchOperation[];
  const issues = state.account.validatePatches(sku, patches, state.faults.invalidSkus);
  const submissionId = randomUUID();
  if (issues.some((issue) => issue.severity === "ERROR")) {
    state.account.stats.patchesInvalid += 1;
    return sendJson(res, 200, { sku, status: "INVALID", submissionId, issues }, headers);
  }
  if (url.searchParams.get("mode") === "VALIDATION_PREVIEW")
    return sendJson(res, 200, { sku, status: "VALID", submissionId, issues }, headers);
  return sendJson(res, 200, { sku, status: "ACCEPTED", submissionId: state.account.schedulePatches(sku, patches), issues }, headers);
}

function token(state: AmazonSimState, body: string, res: ServerResponse): void {
  const params = new URLSearchParams(body);
  const grant = params.get("grant_type");
  if (grant !== "refresh_token")
    return sendJson(res, 400, {
      error: "unsupported_grant_type",
      error_description: "The authorization grant type is not supported by the authorization server",
    });
  if (params.get("client_id") !== DEMO_AMAZON_ACCOUNT.clientId || params.get("client_secret") !== DEMO_AMAZON_ACCOUNT.clientSecret)
    return sendJson(res, 401, { error: "invalid_client", error_description: "Client authentication failed" });
  if (params.get("refresh_token") !== DEMO_AMAZON_ACCOUNT.refreshToken)
    return sendJson(res, 400, { error: "invalid_grant", error_description: "The request has an invalid grant parameter : refresh_token" });
  sendJson(res, 200, state.account.issueAccessToken());
}

async function presignedDocument(
  state: AmazonSimState,
  method: string,
  id: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const xml = (code: string, status: number) => {
    res.writeHead(status, { "Content-Type": "application/xml" });
    res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code></Error>`);
  };
  if (method === "PUT") {
    const outcome = state.feeds.upload(id, await readBody(req));
    if (outcome === "missing") return xml("NoSuchKey", 404);
    if (outcome === "expired") return xml("AccessDenied", 403);
    res.writeHead(200);
    res.end();
    return;
  }
  const content = state.feeds.download(id);
  if (content === undefined) return xml("NoSuchKey", 404);
  res.writeHead(200, { "Content-Type": "application/json" });
  res.end(content);
}

export const CONTROL_ROUTES = [
  "GET    /__sim                      this index",
  "GET    /__sim/inventory            { <seller SKU>: DEFAULT (merchant-fulfilled) quantity } (ground truth, applied updates only)",
  "GET    /__sim/listings             every listing with its fulfillment availability",
  "PUT    /__sim/listings/:sku        {fulfillment_channel_code, quantity} set a quantity directly (an order on Amazon)",
  "GET    /__sim/stats                requests, throttled, per-operation counts, tokens issued, patches accepted/invalid/applied",
  "GET    /__sim/faults               current faults",
  "PUT    /__sim/faults               partial faults (merged): errorRate, errorStatus, timeoutRate, timeoutMs, outage, rateFactor, invalidSkus, unavailableSkus",
  "DELETE /__sim/faults               no faults",
  "POST   /__sim/tokens/expire        expire every issued access token now",
];

function control(state: AmazonSimState, method: string, path: string, text: string, res: ServerResponse): void {
  const route = path.replace(/\/+$/, "");
  const parsed = parseJson(text);
  if (!parsed.ok) return sendJson(res, 400, { error: "Body is not JSON" });
  if (route === "/__sim" && method === "GET") return sendJson(res, 200, { routes: CONTROL_ROUTES, account: DEMO_AMAZON_ACCOUNT });
  if (route === "/__sim/inventory" && method === "GET") return sendJson(res, 200, state.account.inventory());
  if (route === "/__sim/listings" && method === "GET")
    return sendJson(
      res,
      200,
      [...state.account.listings.values()].map((listing) => ({
        sku: listing.sku,
        asin: listing.asin,
        productType: listing.productType,
        fulfillmentAvailability: state.account.fulfillment(listing),
      })),
    );
  const one = /^\/__sim\/listings\/(.+)$/.exec(route);
  if (one && method === "PUT") {
    const sku = decodeURIComponent(one[1]!);
    const input = z.object({ fulfillment_channel_code: z.string().min(1), quantity: z.number().int().min(0) }).safeParse(parsed.value);
    if (!input.success) return sendJson(res, 400, { error: z.prettifyError(input.error) });
    if (!state.account.listings.has(sku)) return sendJson(res, 404, { error: `no listing ${sku}` });
    state.account.applyPatches(sku, [{ op: "merge", path: "/attributes/fulfillment_availability", value: [input.data] }]);
    return sendJson(res, 200, state.account.inventory()[sku] ?? null);
  }
  if (route === "/__sim/stats" && method === "GET")
    return sendJson(res, 200, { ...state.counters, ...state.account.stats, limits: OPERATION_LIMITS });
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
  if (route === "/__sim/tokens/expire" && method === "POST") return sendJson(res, 200, { expired: state.account.expireAccessTokens() });
  sendJson(res, 404, { error: "unknown control route", routes: CONTROL_ROUTES });
}
