/**
 * Amazon SP-API connector: Listings Items 2021-08-01. A push is one `patchListingsItem` per SKU with
 * a JSON merge on `fulfillment_availability` (only the DEFAULT, merchant-fulfilled quantity
 * changes; lead times and restock dates stay), paced at the operation's 5 requests per second.
 * ACCEPTED means queued by Amazon (applied asynchronously); INVALID is the SKU's permanent error.
 * An expired access token (403) is refreshed once and the request repeated.
 */
import { z } from "zod";
import type { ChannelConnector, ChannelSku, PushResult, QuantityUpdate } from "../channel";
import { ChannelAuthError, ChannelUnavailableError } from "../errors";
import { channelRequest } from "../http";
import { pacerFor, type Pacer } from "../pacer";
import { pushEachSku } from "../push-each-sku";
import { mapWithConcurrency } from "../pool";
import type { AmazonCredentials } from "./credentials";
import { buildListingsFeed, feedResults, feedSchema, processingReportSchema } from "./listings-feed";
import { exchangeRefreshToken, type AccessToken } from "./lwa";

/** Per-account limits of Amazon's Listings Items model (rate per second / burst). */
const LIMITS = {
  patch: { rate: 5, burst: 5 },
  get: { rate: 5, burst: 10 },
  search: { rate: 5, burst: 5 },
  token: { rate: 1, burst: 5 },
  // Feeds API 2021-06-30 model: createFeedDocument 0.5/15, createFeed 0.0083/15, getFeed 2/15, getFeedDocument 0.0222/10.
  feedDocument: { rate: 0.5, burst: 15 },
  feed: { rate: 0.0083, burst: 15 },
  feedStatus: { rate: 2, burst: 15 },
  resultDocument: { rate: 0.0222, burst: 10 },
};
const MERCHANT_FULFILLED = "DEFAULT";
/** Refresh a little before Amazon's 1-hour expiry, so a token never dies mid-request. */
const TOKEN_MARGIN_MS = 60_000;

export interface TokenStore {
  load(): Promise<AccessToken | undefined>;
  save(token: AccessToken): Promise<void>;
}

export interface AmazonConnectorOptions {
  /** Pacing key: one bucket per connection. */
  connectionKey: string;
  credentials: AmazonCredentials;
  spApiOrigin: string;
  lwaOrigin: string;
  timeoutMs: number;
  /** Attempts per request (default 5). */
  maxAttempts?: number;
  tokenStore?: TokenStore;
}

const errorListSchema = z.object({ errors: z.array(z.object({ code: z.string(), message: z.string(), details: z.string().optional() })) });
const submissionSchema = z.object({
  sku: z.string(),
  status: z.enum(["ACCEPTED", "INVALID", "VALID"]),
  submissionId: z.string(),
  issues: z.array(z.object({ code: z.string(), message: z.string(), severity: z.enum(["ERROR", "WARNING", "INFO"]) })).optional(),
});
const itemSchema = z.object({
  sku: z.string(),
  summaries: z.array(z.object({ asin: z.string().optional(), productType: z.string().optional() })).optional(),
  fulfillmentAvailability: z.array(z.object({ fulfillmentChannelCode: z.string(), quantity: z.number().int().optional() })).optional(),
});
const searchSchema = z.object({
  numberOfResults: z.number().int(),
  pagination: z.object({ nextToken: z.string().optional() }).optional(),
  items: z.array(itemSchema),
});

export class AmazonConnector implements ChannelConnector {
  readonly kind = "amazon" as const;
  readonly rateLimit = {
    requestsPerSecond: LIMITS.patch.rate,
    burst: LIMITS.patch.burst,
    source: "Listings Items API model: patchListingsItem 5/s, burst 5",
  };
  private token: AccessToken | undefined;
  private readonly pacers: Record<keyof typeof LIMITS, Pacer>;

  constructor(private readonly options: AmazonConnectorOptions) {
    this.pacers = {
      patch: pacerFor(`${options.connectionKey}:patch`, LIMITS.patch.rate, LIMITS.patch.burst),
      get: pacerFor(`${options.connectionKey}:get`, LIMITS.get.rate, LIMITS.get.burst),
      search: pacerFor(`${options.connectionKey}:search`, LIMITS.search.rate, LIMITS.search.burst),
      token: pacerFor(`${options.connectionKey}:token`, LIMITS.token.rate, LIMITS.token.burst),
      feedDocument: pacerFor(`${options.connectionKey}:feedDocument`, LIMITS.feedDocument.rate, LIMITS.feedDocument.burst),
      feed: pacerFor(`${options.connectionKey}:feed`, LIMITS.feed.rate, LIMITS.feed.burst),
      feedStatus: pacerFor(`${options.connectionKey}:feedStatus`, LIMITS.feedStatus.rate, LIMITS.feedStatus.burst),
      resultDocument: pacerFor(`${options.connectionKey}:resultDocument`, LIMITS.resultDocument.rate, LIMITS.resultDocument.burst),
    };
  }

  async authenticate(): Promise<void> {
    await this.accessToken(true);
  }

  private async accessToken(forceRefresh = false): Promise<string> {
    if (!forceRefresh) {
      this.token ??= await this.options.tokenStore?.load();
      if (this.token && this.token.expiresAt.getTime() - TOKEN_MARGIN_MS > Date.now()) return this.token.token;
    }
    this.token = await exchangeRefreshToken(this.options.credentials, {
      origin: this.options.lwaOrigin,
      timeoutMs: this.options.timeoutMs,
      maxAttempts: this.options.maxAttempts,
      pacer: this.pacers.token,
    });
    await this.options.tokenStore?.save(this.token);
    return this.token.token;
  }

  /** An SP-API call with the access token; a 403 refreshes the token once, a second 403 is an auth error. */
  private async call(pacer: Pacer, path: string, init: { method: string; body?: unknown }): Promise<Response> {
    let token = await this.accessToken();
    let refreshed = false;
    const response = await channelRequest(
      `${this.options.spApiOrigin}${path}`,
      () => ({
        method: init.method,
        headers: {
          "x-amz-access-token": token,
          "x-amz-date": new Date()
            .toISOString()
            .replace(/[-:]/g, "")
            .replace(/\.\d{3}/, ""),
          "user-agent": "ShopSync/0.1 (Language=TypeScript; Platform=Node.js)",
          ...(init.body ? { "content-type": "application/json" } : {}),
        },
        body: init.body ? JSON.stringify(init.body) : undefined,
      }),
      {
        pacer,
        timeoutMs: this.options.timeoutMs,
        maxAttempts: this.options.maxAttempts,
        onStatus: async (response) => {
          if (response.status !== 403 || refreshed) return false;
          refreshed = true;
          await response.body?.cancel();
          token = await this.accessToken(true);
          return true;
        },
      },
    );
    if (response.status === 403) {
      const body = errorListSchema.safeParse(await response.json().catch(() => null));
      throw new ChannelAuthError(
        `Amazon refused access: ${body.success ? body.data.errors.map((e) => `${e.code} ${e.message} ${e.details ?? ""}`).join("; ") : "HTTP 403"}`,
      );
    }
    return response;
  }

  private listingPath(sku: string, query: Record<string, string>): string {
    const { sellerId, marketplaceId } = this.options.credentials;
    const params = new URLSearchParams({ marketplaceIds: marketplaceId, ...query });
    return `/listings/2021-08-01/items/${encodeURIComponent(sellerId)}/${encodeURIComponent(sku)}?${params}`;
  }

  async pushQuantities(updates: QuantityUpdate[]): Promise<PushResult[]> {
    // As many in flight as the bucket's burst, so latency does not keep the rate below the limit.
    return pushEachSku(updates, LIMITS.patch.burst, (update) => this.pushOne(update));
  }

  private async pushOne(update: QuantityUpdate): Promise<PushResult> {
    const productType = update.productType ?? (await this.readItem(update.sku))?.summaries?.[0]?.productType;
    if (!productType) return { sku: update.sku, outcome: "rejected", message: `Amazon has no listing for SKU ${update.sku}` };
    const response = await this.call(this.pacers.patch, this.listingPath(update.sku, {}), {
      method: "PATCH",
      body: {
        productType,
        patches: [
          {
            op: "merge",
            path: "/attributes/fulfillment_availability",
            value: [{ fulfillment_channel_code: MERCHANT_FULFILLED, quantity: update.quantity }],
          },
        ],
      },
    });
    const body = (await response.json().catch(() => null)) as unknown;
    if (response.status === 400) {
      const errors = errorListSchema.safeParse(body);
      return {
        sku: update.sku,
        outcome: "rejected",
        message: errors.success ? errors.data.errors.map((e) => `${e.code}: ${e.message}`).join("; ") : "HTTP 400",
      };
    }
    const submission = submissionSchema.safeParse(body);
    if (!response.ok || !submission.success)
      throw new ChannelUnavailableError(`patchListingsItem answered HTTP ${response.status} with an unreadable body`, response.status);
    if (submission.data.status === "INVALID") {
      const issues = (submission.data.issues ?? []).filter((issue) => issue.severity === "ERROR");
      return {
        sku: update.sku,
        outcome: "rejected",
        message: issues.map((issue) => `${issue.code}: ${issue.message}`).join("; ") || "INVALID",
      };
    }
    return { sku: update.sku, outcome: "accepted" };
  }

  /** Submits the updates as one JSON_LISTINGS_FEED; returns the feed id to poll with feedOutcome. */
  async submitQuantityFeed(updates: QuantityUpdate[]): Promise<string> {
    const document = await this.call(this.pacers.feedDocument, "/feeds/2021-06-30/documents", {
      method: "POST",
      body: { contentType: "application/json; charset=UTF-8" },
    });
    const created = z.object({ feedDocumentId: z.string(), url: z.string() }).safeParse(await document.json().catch(() => null));
    if (!document.ok || !created.success)
      throw new ChannelUnavailableError(`createFeedDocument answered HTTP ${document.status}`, document.status);
    // The presigned URL takes no SP-API auth.
    const upload = await fetch(created.data.url, {
      method: "PUT",
      headers: { "content-type": "application/json; charset=UTF-8" },
      body: buildListingsFeed(this.options.credentials.sellerId, updates),
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    await upload.body?.cancel();
    if (!upload.ok) throw new ChannelUnavailableError(`the feed document upload answered HTTP ${upload.status}`, upload.status);
    const feed = await this.call(this.pacers.feed, "/feeds/2021-06-30/feeds", {
      method: "POST",
      body: {
        feedType: "JSON_LISTINGS_FEED",
        marketplaceIds: [this.options.credentials.marketplaceId],
        inputFeedDocumentId: created.data.feedDocumentId,
      },
    });
    const submitted = z.object({ feedId: z.string() }).safeParse(await feed.json().catch(() => null));
    if (feed.status !== 202 || !submitted.success)
      throw new ChannelUnavailableError(`createFeed answered HTTP ${feed.status}`, feed.status);
    return submitted.data.feedId;
  }

  /** The feed's per-SKU results once Amazon has processed it; undefined while it is queued or in progress. */
  async feedOutcome(feedId: string, updates: QuantityUpdate[]): Promise<PushResult[] | undefined> {
    const response = await this.call(this.pacers.feedStatus, `/feeds/2021-06-30/feeds/${encodeURIComponent(feedId)}`, { method: "GET" });
    const feed = feedSchema.safeParse(await response.json().catch(() => null));
    if (!response.ok || !feed.success) throw new ChannelUnavailableError(`getFeed answered HTTP ${response.status}`, response.status);
    if (feed.data.processingStatus === "IN_QUEUE" || feed.data.processingStatus === "IN_PROGRESS") return undefined;
    if (feed.data.processingStatus !== "DONE" || !feed.data.resultFeedDocumentId)
      return updates.map((update) => ({
        sku: update.sku,
        outcome: "rejected",
        message: `the listings feed ${feedId} ended ${feed.data.processingStatus}`,
      }));
    const documentResponse = await this.call(
      this.pacers.resultDocument,
      `/feeds/2021-06-30/documents/${encodeURIComponent(feed.data.resultFeedDocumentId)}`,
      {
        method: "GET",
      },
    );
    const document = z.object({ url: z.string() }).safeParse(await documentResponse.json().catch(() => null));
    if (!documentResponse.ok || !document.success)
      throw new ChannelUnavailableError(`getFeedDocument answered HTTP ${documentResponse.status}`, documentResponse.status);
    const report = processingReportSchema.safeParse(
      await (await fetch(document.data.url, { signal: AbortSignal.timeout(this.options.timeoutMs) })).json().catch(() => null),
    );
    if (!report.success) throw new ChannelUnavailableError(`the processing report of feed ${feedId} is unreadable`);
    return feedResults(updates, report.data);
  }

  private async readItem(sku: string): Promise<z.infer<typeof itemSchema> | undefined> {
    const response = await this.call(this.pacers.get, this.listingPath(sku, { includedData: "summaries,fulfillmentAvailability" }), {
      method: "GET",
    });
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    const item = itemSchema.safeParse(await response.json().catch(() => null));
    if (!response.ok || !item.success)
      throw new ChannelUnavailableError(`getListingsItem answered HTTP ${response.status} with an unreadable body`, response.status);
    return item.data;
  }

  async readQuantities(skus: string[]): Promise<Map<string, number | null>> {
    const result = new Map<string, number | null>();
    await mapWithConcurrency(skus, LIMITS.get.burst, async (sku) => {
      const item = await this.readItem(sku);
      if (item) result.set(sku, defaultQuantity(item));
    });
    return result;
  }

  async listSkus(): Promise<ChannelSku[]> {
    const { sellerId, marketplaceId } = this.options.credentials;
    const skus: ChannelSku[] = [];
    let pageToken: string | undefined;
    do {
      const params = new URLSearchParams({
        marketplaceIds: marketplaceId,
        includedData: "summaries,fulfillmentAvailability",
        pageSize: "20",
        sortBy: "sku",
        sortOrder: "ASC",
      });
      if (pageToken) params.set("pageToken", pageToken);
      const response = await this.call(this.pacers.search, `/listings/2021-08-01/items/${encodeURIComponent(sellerId)}?${params}`, {
        method: "GET",
      });
      const page = searchSchema.safeParse(await response.json().catch(() => null));
      if (!response.ok || !page.success)
        throw new ChannelUnavailableError(`searchListingsItems answered HTTP ${response.status}`, response.status);
      for (const item of page.data.items) {
        const codes = item.fulfillmentAvailability ?? [];
        skus.push({
          sku: item.sku,
          quantity: defaultQuantity(item),
          // Fulfilled by Amazon when it has no merchant-fulfilled (DEFAULT) offer.
          isFba: codes.length > 0 && !codes.some((entry) => entry.fulfillmentChannelCode === MERCHANT_FULFILLED),
          externalId: item.summaries?.[0]?.asin ?? null,
          productType: item.summaries?.[0]?.productType ?? null,
        });
      }
      pageToken = page.data.pagination?.nextToken;
    } while (pageToken);
    return skus;
  }
}

function defaultQuantity(item: z.infer<typeof itemSchema>): number | null {
  return item.fulfillmentAvailability?.find((entry) => entry.fulfillmentChannelCode === MERCHANT_FULFILLED)?.quantity ?? null;
}
