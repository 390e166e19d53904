/**
 * Shopee connector: stock pushes (`update_stock` per item, model ids from the shop's items) and
 * listing publication (`add_item`, then `init_tier_variation` for a product with several variants;
 * `update_item`, `update_price`, `update_stock` for a published one), read back through
 * `get_item_base_info` and `get_model_list`. Paced at the simulator's default 10 requests/s
 * (Shopee's real limits are unverified: docs/marketplace-sims.md).
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
import type { ShopeeCredentials } from "./credentials";
import { ShopeeShopApi, type ShopeeApp } from "./shopee-api";

const RATE = { rate: 10, burst: 10 };
/** Shopee's update_price and update_stock take at most 50 models a call. */
const MODELS_PER_CALL = 50;
const STATUSES = ["NORMAL", "UNLIST", "REVIEWING", "BANNED"] as const;
const STATUS: Record<string, ListingStatus> = { NORMAL: "live", UNLIST: "delisted", REVIEWING: "publishing", BANNED: "rejected" };

const itemListSchema = z.looseObject({
  item: z.array(z.looseObject({ item_id: z.number() })).optional(),
  has_next_page: z.boolean(),
  next_offset: z.number().optional(),
});
const baseInfoSchema = z.looseObject({
  item_list: z.array(
    z.looseObject({
      item_id: z.number(),
      item_name: z.string(),
      description: z.string().optional(),
      item_sku: z.string().optional(),
      item_status: z.string(),
      has_model: z.boolean(),
      fail_reasons: z.array(z.string()).optional(),
      price_info: z.array(z.looseObject({ original_price: z.number() })).optional(),
      stock_info_v2: z.looseObject({ seller_stock: z.array(z.looseObject({ stock: z.number() })) }).optional(),
    }),
  ),
});
const modelListSchema = z.looseObject({
  model: z.array(
    z.looseObject({
      model_id: z.number(),
      model_sku: z.string(),
      price_info: z.array(z.looseObject({ original_price: z.number() })),
      stock_info_v2: z.looseObject({ seller_stock: z.array(z.looseObject({ stock: z.number() })) }),
    }),
  ),
});
const stockResultSchema = z.looseObject({
  success_list: z.array(z.looseObject({ model_id: z.number() })).optional(),
  failure_list: z.array(z.looseObject({ model_id: z.number(), failed_reason: z.string() })).optional(),
});
const addItemSchema = z.looseObject({ item_id: z.number() });

type ModelSnapshot = Omit<ListingSnapshot, "skus"> & { skus: { sku: string; price: string; quantity: number; modelId: number }[] };

interface ShopeeSku extends ChannelSku {
  itemId: number;
  modelId: number;
}

const price = (value: number) => value.toFixed(2);
const stockOf = (info: { seller_stock: { stock: number }[] } | undefined) =>
  (info?.seller_stock ?? []).reduce((sum, row) => sum + row.stock, 0);

export interface ShopeeConnectorOptions {
  connectionKey: string;
  credentials: ShopeeCredentials;
  origin: string;
  app: ShopeeApp;
  tokenStore: ShopTokenStore;
  timeoutMs: number;
  maxAttempts?: number;
}

export class ShopeeConnector implements ChannelConnector, ListingPublisher {
  readonly kind = "shopee" as const;
  readonly rateLimit = { requestsPerSecond: RATE.rate, burst: RATE.burst, source: "assumed (Shopee's limits are unverified)" };
  private readonly api: ShopeeShopApi;

  constructor(options: ShopeeConnectorOptions) {
    this.api = new ShopeeShopApi(
      {
        origin: options.origin,
        app: options.app,
        pacer: pacerFor(`${options.connectionKey}:shopee`, RATE.rate, RATE.burst),
        timeoutMs: options.timeoutMs,
        maxAttempts: options.maxAttempts,
      },
      options.credentials.shopId,
      options.tokenStore,
    );
  }

  async authenticate(): Promise<void> {
    await this.api.call("GET", "/api/v2/product/get_item_list", { offset: "0", page_size: "1", item_status: "NORMAL" });
  }

  private async itemIds(): Promise<number[]> {
    const ids: number[] = [];
    for (let offset = 0; ;) {
      const page = itemListSchema.parse(
        await this.api.call("GET", "/api/v2/product/get_item_list", {
          offset: String(offset),
          page_size: "100",
          item_status: [...STATUSES],
        }),
      );
      ids.push(...(page.item ?? []).map((item) => item.item_id));
      if (!page.has_next_page || page.next_offset === undefined) return ids;
      offset = page.next_offset;
    }
  }

  async listSkus(): Promise<ShopeeSku[]> {
    const skus: ShopeeSku[] = [];
    const ids = await this.itemIds();
    for (let index = 0; index < ids.length; index += 50) {
      for (const snapshot of await this.snapshots(ids.slice(index, index + 50)))
        for (const sku of snapshot.skus)
          skus.push({
            sku: sku.sku,
            quantity: sku.quantity,
            isFba: false,
            externalId: `${snapshot.externalId}:${sku.modelId}`,
            itemId: Number(snapshot.externalId),
            modelId: sku.modelId,
          });
    }
    return skus;
  }

  async readQuantities(skus: string[]): Promise<Map<string, number | null>> {
    const wanted = new Set(skus);
    return new Map((await this.listSkus()).filter((sku) => wanted.has(sku.sku)).map((sku) => [sku.sku, sku.quantity]));
  }

  async pushQuantities(updates: QuantityUpdate[]): Promise<PushResult[]> {
    const listed = (await this.listSkus()).map((sku) => ({ sku: sku.sku, parentId: sku.itemId, skuId: sku.modelId }));
    return pushByListing(updates, listed, "Shopee has no listing with this SKU", (itemId, stocks) =>
      this.updateStock(
        itemId,
        stocks.map((stock) => ({ modelId: stock.skuId, quantity: stock.quantity })),
      ),
    );
  }

  /** Model id -> failure reason for the models Shopee refused. */
  private async updateStock(itemId: number, stocks: { modelId: number; quantity: number }[]): Promise<Map<number, string>> {
    const failures = new Map<number, string>();
    for (let index = 0; index < stocks.length; index += MODELS_PER_CALL) {
      const result = stockResultSchema.parse(
        await this.api.call(
          "POST",
          "/api/v2/product/update_stock",
          {},
          {
            item_id: itemId,
            stock_list: stocks
              .slice(index, index + MODELS_PER_CALL)
              .map((stock) => ({ model_id: stock.modelId, seller_stock: [{ stock: stock.quantity }] })),
          },
        ),
      );
      for (const failure of result.failure_list ?? []) failures.set(failure.model_id, failure.failed_reason);
    }
    return failures;
  }

  async publishListing(draft: ListingDraft): Promise<{ ok: true; snapshot: ListingSnapshot } | { ok: false; reasons: string[] }> {
    try {
      const itemId = draft.externalId ? Number(draft.externalId) : await this.createItem(draft);
      if (draft.externalId) await this.updateItem(itemId, draft);
      const snapshot = await this.readListing(String(itemId));
      if (!snapshot) return { ok: false, reasons: [`Shopee has no item ${itemId}`] };
      return { ok: true, snapshot };
    } catch (error) {
      if (error instanceof PlatformRejection) return { ok: false, reasons: [`${error.code}: ${error.message}`] };
      throw error;
    }
  }

  private attributeList(draft: ListingDraft) {
    return Object.entries(draft.attributes).map(([id, value]) => ({
      attribute_id: Number(id),
      attribute_value_list: [{ original_value_name: value }],
    }));
  }

  private async createItem(draft: ListingDraft): Promise<number> {
    const single = draft.skus.length === 1 ? draft.skus[0]! : undefined;
    const first = draft.skus[0]!;
    const added = addItemSchema.parse(
      await this.api.call(
        "POST",
        "/api/v2/product/add_item",
        {},
        {
          item_name: draft.title,
          description: draft.description,
          original_price: Number(first.price),
          seller_stock: [{ stock: single?.quantity ?? 0 }],
          category_id: Number(draft.categoryId),
          ...(single ? { item_sku: single.sku } : {}),
          attribute_list: this.attributeList(draft),
        },
      ),
    );
    if (!single)
      await this.api.call(
        "POST",
        "/api/v2/product/init_tier_variation",
        {},
        {
          item_id: added.item_id,
          tier_variation: [{ name: "Variant", option_list: draft.skus.map((sku) => ({ option: sku.sku })) }],
          model: draft.skus.map((sku, index) => ({
            tier_index: [index],
            original_price: Number(sku.price),
            model_sku: sku.sku,
            seller_stock: [{ stock: sku.quantity }],
          })),
        },
      );
    return added.item_id;
  }

  private async updateItem(itemId: number, draft: ListingDraft): Promise<void> {
    await this.api.call(
      "POST",
      "/api/v2/product/update_item",
      {},
      {
        item_id: itemId,
        item_name: draft.title,
        description: draft.description,
        category_id: Number(draft.categoryId),
        attribute_list: this.attributeList(draft),
      },
    );
    const current = await this.readModels(itemId);
    const models = pairBySku(draft.skus, current).map(({ draft: sku, existing: model }) => ({
      modelId: model.modelId,
      price: sku.price,
      quantity: sku.quantity,
    }));
    if (models.length === 0) return;
    // update_price takes at most 50 models a call (update_stock chunks itself).
    for (let index = 0; index < models.length; index += MODELS_PER_CALL)
      await this.api.call(
        "POST",
        "/api/v2/product/update_price",
        {},
        {
          item_id: itemId,
          price_list: models
            .slice(index, index + MODELS_PER_CALL)
            .map((model) => ({ model_id: model.modelId, original_price: Number(model.price) })),
        },
      );
    const failures = await this.updateStock(itemId, models);
    if (failures.size > 0) throw new PlatformRejection("update_stock", [...failures.values()].join("; "));
  }

  private async readModels(itemId: number): Promise<ModelSnapshot["skus"]> {
    return (await this.snapshots([itemId]))[0]?.skus ?? [];
  }

  async readListing(externalId: string): Promise<ListingSnapshot | null> {
    const [snapshot] = await this.snapshots([Number(externalId)]);
    if (!snapshot) return null;
    return { ...snapshot, skus: snapshot.skus.map(({ sku, price, quantity }) => ({ sku, price, quantity })) };
  }

  private async snapshots(itemIds: number[]): Promise<ModelSnapshot[]> {
    if (itemIds.length === 0) return [];
    const info = baseInfoSchema.parse(
      await this.api.call("GET", "/api/v2/product/get_item_base_info", { item_id_list: itemIds.join(",") }),
    );
    const snapshots: ModelSnapshot[] = [];
    for (const item of info.item_list) {
      const skus = item.has_model
        ? modelListSchema
            .parse(await this.api.call("GET", "/api/v2/product/get_model_list", { item_id: String(item.item_id) }))
            .model.map((model) => ({
              sku: model.model_sku,
              price: price(model.price_info[0]?.original_price ?? 0),
              quantity: stockOf(model.stock_info_v2),
              modelId: model.model_id,
            }))
        : [
            {
              sku: item.item_sku ?? "",
              price: price(item.price_info?.[0]?.original_price ?? 0),
              quantity: stockOf(item.stock_info_v2),
              modelId: 0,
            },
          ];
      snapshots.push({
        externalId: String(item.item_id),
        status: STATUS[item.item_status] ?? "delisted",
        reasons: item.fail_reasons ?? [],
        title: item.item_name,
        description: item.description ?? "",
        skus,
      });
    }
    return snapshots;
  }
}
