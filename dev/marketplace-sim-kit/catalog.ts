/**
 * What a marketplace simulator (Shopee, TikTok Shop) holds for its demo shop: items (products) with
 * SKUs, each with a price and a stock, plus the status a listing has on the platform (under review,
 * live, rejected with reasons). Pure state; each simulator's server speaks its platform's wire format
 * over it and numbers its ids its own way.
 */

export type ItemStatus = "reviewing" | "live" | "rejected" | "delisted";

export interface MarketplaceSku {
  id: string;
  sellerSku: string;
  /** Decimal string with two places, e.g. "19.90" (both platforms take decimals; no float drift here). */
  price: string;
  stock: number;
  /** Shopee: the model's position in the tier variations. */
  tierIndex?: number[];
}

export interface MarketplaceItem {
  id: string;
  title: string;
  description: string;
  categoryId: string;
  attributes: Record<string, string>;
  status: ItemStatus;
  rejectReasons: string[];
  createTime: number;
  updateTime: number;
  skus: MarketplaceSku[];
  /** Shopee: the item's SKUs are models of tier variations (else one item-level SKU, model id 0). */
  hasModels?: boolean;
  tiers?: unknown;
}

export interface ItemInput {
  title: string;
  description: string;
  categoryId: string;
  attributes?: Record<string, string>;
  skus: { sellerSku: string; price: string; stock: number }[];
}

/** A seller's edit on the channel (PATCH /__sim/items/{id}). */
export interface SellerEdit {
  title?: string;
  description?: string;
  skus?: { sku: string; price?: string; stock?: number }[];
}

export const toPrice = (value: number | string): string => Number(value).toFixed(2);

export class MarketplaceCatalog {
  readonly items = new Map<string, MarketplaceItem>();
  private nextItem: bigint;
  private nextSku: bigint;

  constructor(
    firstItemId: bigint,
    firstSkuId: bigint,
    /** Categories the platform refuses (a rejected listing with this reason). */
    readonly restrictedCategories: Map<string, string> = new Map(),
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    this.nextItem = firstItemId;
    this.nextSku = firstSkuId;
  }

  newSkuId(): string {
    this.nextSku += 1n;
    return String(this.nextSku);
  }

  /** Creates an item; it is under review until `settle` (the platform's asynchronous audit). */
  create(input: ItemInput): MarketplaceItem {
    this.nextItem += 1n;
    const time = this.now();
    const item: MarketplaceItem = {
      id: String(this.nextItem),
      title: input.title,
      description: input.description,
      categoryId: input.categoryId,
      attributes: input.attributes ?? {},
      status: "reviewing",
      rejectReasons: [],
      createTime: time,
      updateTime: time,
      skus: input.skus.map((sku) => ({ id: this.newSkuId(), sellerSku: sku.sellerSku, price: sku.price, stock: sku.stock })),
    };
    this.items.set(item.id, item);
    return item;
  }

  /** The audit's verdict: rejected when the category is restricted, else live. */
  settle(item: MarketplaceItem): void {
    if (item.status !== "reviewing") return;
    const reason = this.restrictedCategories.get(item.categoryId);
    item.status = reason ? "rejected" : "live";
    item.rejectReasons = reason ? [reason] : [];
    item.updateTime = this.now();
  }

  touch(item: MarketplaceItem): void {
    item.updateTime = this.now();
  }

  /** Applies a seller's edit; returns the fields that changed (what the platform's notification reports). */
  applySellerEdit(item: MarketplaceItem, edit: SellerEdit): string[] {
    const changed: string[] = [];
    if (edit.title !== undefined && edit.title !== item.title) {
      item.title = edit.title;
      changed.push("title");
    }
    if (edit.description !== undefined && edit.description !== item.description) {
      item.description = edit.description;
      changed.push("description");
    }
    for (const patch of edit.skus ?? []) {
      const sku = item.skus.find((candidate) => candidate.sellerSku === patch.sku);
      if (!sku) throw new Error(`item ${item.id} has no SKU ${patch.sku}`);
      if (patch.price !== undefined && toPrice(patch.price) !== sku.price) {
        sku.price = toPrice(patch.price);
        changed.push(`price:${sku.sellerSku}`);
      }
      if (patch.stock !== undefined && patch.stock !== sku.stock) {
        sku.stock = patch.stock;
        changed.push(`stock:${sku.sellerSku}`);
      }
    }
    if (changed.length > 0) this.touch(item);
    return changed;
  }

  /** Ground truth for GET /__sim/items. */
  view(): {
    id: string;
    title: string;
    description: string;
    categoryId: string;
    attributes: Record<string, string>;
    status: ItemStatus;
    rejectReasons: string[];
    skus: { id: string; sku: string; price: string; stock: number }[];
  }[] {
    return [...this.items.values()].map((item) => ({
      id: item.id,
      title: item.title,
      description: item.description,
      categoryId: item.categoryId,
      attributes: item.attributes,
      status: item.status,
      rejectReasons: item.rejectReasons,
      skus: item.skus.map((sku) => ({ id: sku.id, sku: sku.sellerSku, price: sku.price, stock: sku.stock })),
    }));
  }
}
