/**
 * TikTok Shop connector: stock pushes (`inventory/update` per product, SKU ids from the shop's
 * products) and listing publication (create a product with its SKUs; for a published one
 * `partial_edit`, `prices/update`, `inventory/update`), read back with the product detail. Paced at
 * the simulator's default 10 requests/s (TikTok Shop's real limits are unverified).
 */
import { z } from "zod";
import type {
  ChannelConnector,
  ChannelSku,
  ListingDraft,
  ListingPublisher,
  ListingSnapshot,
  ListingStatus,
  PushResult,
  QuantityUpdate,
} from "../channel";
import { pairBySku } from "../marketplace/pair-skus";
import { pushByListing } from "../marketplace/push-by-listing";
import { PlatformRejection } from "../marketplace/platform-error";
import type { ShopTokenStore } from "../marketplace/shop-tokens";
import { pacerFor } from "../pacer";
import type { TikTokCredentials } from "./credentials";
import { TikTokShopApi, type TikTokApp } from "./tiktok-api";

const RATE = { rate: 10, burst: 10 };
const STATUS: Record<string, ListingStatus> = {
  ACTIVATE: "live",
  PENDING: "publishing",
  DRAFT: "publishing",
  FAILED: "rejected",
  SELLER_DEACTIVATED: "delisted",
  PLATFORM_DEACTIVATED: "delisted",
  FREEZE: "delisted",
  DELETED: "delisted",
};
const CURRENCY = "USD";

const skuSchema = z.looseObject({
  id: z.string(),
  seller_sku: z.string().optional(),
  price: z.looseObject({ sale_price: z.string().optional(), tax_exclusive_price: z.string().optional() }).optional(),
  inventory: z.array(z.looseObject({ quantity: z.number() })).optional(),
});
const productSchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  description: z.string().optional(),
  status: z.string(),
  skus: z.array(skuSchema),
  audit_failed_reasons: z.array(z.looseObject({ reasons: z.array(z.string()).optional() })).optional(),
});
const searchSchema = z.looseObject({
  products: z.array(z.looseObject({ id: z.string(), skus: z.array(skuSchema).optional() })).optional(),
  next_page_token: z.string().optional(),
});
const createSchema = z.looseObject({ product_id: z.string() });
const inventoryResultSchema = z
  .looseObject({
    errors: z.array(z.looseObject({ message: z.string(), detail: z.looseObject({ sku_id: z.string() }).optional() })).optional(),
  })
  .nullable();

const priceOf = (sku: z.infer<typeof skuSchema>) => Number(sku.price?.sale_price ?? sku.price?.tax_exclusive_price ?? 0).toFixed(2);
const quantityOf = (sku: z.infer<typeof skuSchema>) => (sku.inventory ?? []).reduce((sum, row) => sum + row.quantity, 0);

interface TikTokSku extends ChannelSku {
  productId: string;
  skuId: string;
}

export interface TikTokConnectorOptions {
  connectionKey: string;
  credentials: TikTokCredentials;
  origin: string;
  authOrigin: string;
  app: TikTokApp;
  tokenStore: ShopTokenStore;
  timeoutMs: number;
  maxAttempts?: number;
}

export class TikTokConnector implements ChannelConnector, ListingPublisher {
  readonly kind = "tiktok" as const;
  readonly rateLimit = { requestsPerSecond: RATE.rate, burst: RATE.burst, source: "assumed (TikTok Shop's limits are unverified)" };
  private readonly api: TikTokShopApi;

  constructor(options: TikTokConnectorOptions) {
    this.api = new TikTokShopApi(
      {
        origin: options.origin,
        authOrigin: options.authOrigin,
        app: options.app,
        pacer: pacerFor(`${options.connectionKey}:tiktok`, RATE.rate, RATE.burst),
        timeoutMs: options.timeoutMs,
        maxAttempts: options.maxAttempts,
      },
      options.credentials.shopCipher,
      options.tokenStore,
    );
  }

  async authenticate(): Promise<void> {
    await this.api.call("POST", "/product/202309/products/search", { page_size: "1" }, {});
  }

  async listSkus(): Promise<TikTokSku[]> {
    const skus: TikTokSku[] = [];
    for (let token = ""; ;) {
      const page = searchSchema.parse(
        await this.api.call("POST", "/product/202309/products/search", { page_size: "100", ...(token ? { page_token: token } : {}) }, {}),
      );
      for (const product of page.products ?? [])
        for (const sku of product.skus ?? [])
          skus.push({
            sku: sku.seller_sku ?? "",
            quantity: quantityOf(sku),
            isFba: false,
            externalId: `${product.id}:${sku.id}`,
            productId: product.id,
            skuId: sku.id,
          });
      if (!page.next_page_token) return skus;
      token = page.next_page_token;
    }
  }

  async readQuantities(skus: string[]): Promise<Map<string, number | null>> {
    const wanted = new Set(skus);
    return new Map((await this.listSkus()).filter((sku) => wanted.has(sku.sku)).map((sku) => [sku.sku, sku.quantity]));
  }

  async pushQuantities(updates: QuantityUpdate[]): Promise<PushResult[]> {
    const listed = (await this.listSkus()).map((sku) => ({ sku: sku.sku, parentId: sku.productId, skuId: sku.skuId }));
    return pushByListing(updates, listed, "TikTok Shop has no product with this SKU", (productId, stocks) =>
      this.updateInventory(productId, stocks),
    );
  }

  /** SKU id -> the platform's message for the SKUs it refused. */
  private async updateInventory(productId: string, stocks: { skuId: string; quantity: number }[]): Promise<Map<string, string>> {
    const result = inventoryResultSchema.parse(
      await this.api.call(
        "POST",
        `/product/202309/products/${productId}/inventory/update`,
        {},
        {
          skus: stocks.map((stock) => ({ id: stock.skuId, inventory: [{ quantity: stock.quantity }] })),
        },
      ),
    );
    return new Map((result?.errors ?? []).map((error) => [error.detail?.sku_id ?? "", error.message]));
  }

  async publishListing(draft: ListingDraft): Promise<{ ok: true; snapshot: ListingSnapshot } | { ok: false; reasons: string[] }> {
    try {
      const productId = draft.externalId ?? (await this.createProduct(draft));
      if (draft.externalId) await this.updateProduct(productId, draft);
      const snapshot = await this.readListing(productId);
      if (!snapshot) return { ok: false, reasons: [`TikTok Shop has no product ${productId}`] };
      return { ok: true, snapshot };
    } catch (error) {
      if (error instanceof PlatformRejection) return { ok: false, reasons: [`${error.code}: ${error.message}`] };
      throw error;
    }
  }

  private attributes(draft: ListingDraft) {
    return Object.entries(draft.attributes).map(([id, name]) => ({ id, values: [{ name }] }));
  }

  private async createProduct(draft: ListingDraft): Promise<string> {
    const created = createSchema.parse(
      await this.api.call(
        "POST",
        "/product/202309/products",
        {},
        {
          title: draft.title,
          description: draft.description,
          category_id: draft.categoryId,
          product_attributes: this.attributes(draft),
          skus: draft.skus.map((sku) => ({
            seller_sku: sku.sku,
            price: { amount: sku.price, currency: CURRENCY },
            inventory: [{ quantity: sku.quantity }],
            sales_attributes: draft.skus.length > 1 ? [{ name: "Variant", value_name: sku.sku }] : [],
          })),
        },
      ),
    );
    return created.product_id;
  }

  private async updateProduct(productId: string, draft: ListingDraft): Promise<void> {
    await this.api.call(
      "POST",
      `/product/202309/products/${productId}/partial_edit`,
      {},
      {
        title: draft.title,
        description: draft.description,
        category_id: draft.categoryId,
        product_attributes: this.attributes(draft),
      },
    );
    const product = productSchema.parse(await this.api.call("GET", `/product/202309/products/${productId}`));
    const matched = pairBySku(
      draft.skus,
      product.skus.map((sku) => ({ ...sku, sku: sku.seller_sku ?? "" })),
    ).map(({ draft: sku, existing }) => ({ skuId: existing.id, price: sku.price, quantity: sku.quantity }));
    if (matched.length === 0) return;
    await this.api.call(
      "POST",
      `/product/202309/products/${productId}/prices/update`,
      {},
      {
        skus: matched.map((sku) => ({ id: sku.skuId, price: { amount: sku.price, currency: CURRENCY } })),
      },
    );
    // Only live products take inventory; one under review keeps the quantities it was created with.
    if (product.status !== "ACTIVATE") return;
    const failures = await this.updateInventory(productId, matched);
    if (failures.size > 0) throw new PlatformRejection("inventory/update", [...failures.values()].join("; "));
  }

  async readListing(externalId: string): Promise<ListingSnapshot | null> {
    let data: unknown;
    try {
      data = await this.api.call("GET", `/product/202309/products/${externalId}`);
    } catch (error) {
      if (error instanceof PlatformRejection && error.code === "12052700") return null;
      throw error;
    }
    const product = productSchema.parse(data);
    return {
      externalId: product.id,
      status: STATUS[product.status] ?? "delisted",
      reasons: (product.audit_failed_reasons ?? []).flatMap((reason) => reason.reasons ?? []),
      title: product.title,
      description: product.description ?? "",
      skus: product.skus.map((sku) => ({ sku: sku.seller_sku ?? "", price: priceOf(sku), quantity: quantityOf(sku) })),
    };
  }
}
