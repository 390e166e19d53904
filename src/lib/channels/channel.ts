/**
 * The one small interface every sales-channel platform implements (Amazon, ShipStation; Shopee and
 * TikTok Shop next). Quantities are absolute, so a retried push is harmless. Transient trouble
 * (429, 5xx, timeouts) is retried inside the connector at the platform's pace; what is left after
 * the retries is thrown as ChannelUnavailableError (the circuit breaker counts it); refused
 * credentials are ChannelAuthError; a SKU the platform rejects is a per-SKU result, not an error.
 */
export const CHANNEL_KINDS = ["amazon", "shipstation", "shopee", "tiktok"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Marketplace kinds are connected by authorizing the shop (GET /api/channels/connect), not with typed credentials. */
export const MARKETPLACE_KINDS = ["shopee", "tiktok"] as const satisfies readonly ChannelKind[];
export type MarketplaceKind = (typeof MARKETPLACE_KINDS)[number];
export const isMarketplaceKind = (kind: string): kind is MarketplaceKind => (MARKETPLACE_KINDS as readonly string[]).includes(kind);

export interface QuantityUpdate {
  sku: string;
  quantity: number;
  /** Amazon needs the listing's product type on every PATCH. */
  productType?: string | null;
}

export type PushResult =
  | { sku: string; outcome: "accepted" }
  /** Permanent for this quantity: the platform's own words go to the dead-letter queue. */
  | { sku: string; outcome: "rejected"; message: string }
  /**
   * The platform did not answer for this SKU within the connector's retries (5xx, timeouts) while
   * it answered for others: no verdict on the quantity, so the SKU stays pending and a later push
   * sends it again. When it answers for none, the connector throws ChannelUnavailableError instead.
   */
  | { sku: string; outcome: "unanswered"; message: string };

/** A SKU as the channel lists it: its quantity (null when the channel shows none) and whether the channel fulfils it. */
export interface ChannelSku {
  sku: string;
  quantity: number | null;
  isFba: boolean;
  externalId?: string | null;
  productType?: string | null;
}

export interface RateLimitDescription {
  /** Sustained requests per second the connector paces itself to. */
  requestsPerSecond: number;
  burst: number;
  /** Where the figure comes from, for the status page. */
  source: string;
}

export interface ChannelConnector {
  readonly kind: ChannelKind;
  readonly rateLimit: RateLimitDescription;
  /** Proves the credentials work (token exchange or a cheap read); throws ChannelAuthError if refused. */
  authenticate(): Promise<void>;
  pushQuantities(updates: QuantityUpdate[]): Promise<PushResult[]>;
  /** Current quantities of these SKUs on the channel; a SKU the channel does not have is absent. */
  readQuantities(skus: string[]): Promise<Map<string, number | null>>;
  /** Every SKU the account lists (for auto-mapping). */
  listSkus(): Promise<ChannelSku[]>;
}

/** What ShopSync publishes as one marketplace listing: a master product with the channel's overrides applied. */
export interface ListingDraft {
  /** The channel's id of the listing once created (item id, product id); null publishes a new one. */
  externalId: string | null;
  title: string;
  description: string;
  categoryId: string;
  attributes: Record<string, string>;
  /** One per variant: price as a decimal string ("19.90"), stock already net of the buffer. */
  skus: { sku: string; price: string; quantity: number }[];
}

export type ListingStatus = "publishing" | "live" | "rejected" | "delisted";

/** A listing as the channel shows it now (read back for conflicts and status). */
export interface ListingSnapshot {
  externalId: string;
  status: ListingStatus;
  /** The channel's reasons for a rejection, in its own words. */
  reasons: string[];
  title: string;
  description: string;
  skus: { sku: string; price: string; quantity: number }[];
}

/** Marketplaces (Shopee, TikTok Shop) also publish listings; stock-only channels do not. */
export interface ListingPublisher {
  /** Creates or updates the listing; a refusal of the listing itself (validation) is `{ ok: false }`. */
  publishListing(draft: ListingDraft): Promise<{ ok: true; snapshot: ListingSnapshot } | { ok: false; reasons: string[] }>;
  /** The listing as the channel has it, or null when the channel no longer has it. */
  readListing(externalId: string): Promise<ListingSnapshot | null>;
}
