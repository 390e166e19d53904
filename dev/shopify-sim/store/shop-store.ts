import type {
  CustomerRecord,
  InventoryItemRecord,
  InventoryLevelRecord,
  LocationRecord,
  OrderRecord,
  ProductRecord,
  QuantityName,
  ShopInfo,
  VariantRecord,
} from "./types.ts";

export type ResourceName = "products" | "variants" | "inventoryItems" | "inventoryLevels" | "locations" | "customers" | "orders";

export interface ResourceCounts {
  products: number;
  variants: number;
  inventoryItems: number;
  inventoryLevels: number;
  locations: number;
  customers: number;
  orders: number;
}

interface CustomerStats {
  numberOfOrders: number;
  amountSpent: number;
}

/**
 * All records of one shop, in memory. Maps keep insertion order (= id order); sorted views are
 * cached per resource and sort key and dropped whenever that resource changes.
 */
export class ShopStore {
  readonly products = new Map<number, ProductRecord>();
  readonly variants = new Map<number, VariantRecord>();
  readonly inventoryItems = new Map<number, InventoryItemRecord>();
  /** Keyed by inventory item id, then location id. */
  readonly inventoryLevels = new Map<number, Map<number, InventoryLevelRecord>>();
  readonly locations = new Map<number, LocationRecord>();
  readonly customers = new Map<number, CustomerRecord>();
  readonly orders = new Map<number, OrderRecord>();

  private readonly versions = new Map<ResourceName, number>();
  private readonly sortedCache = new Map<string, { version: number; items: readonly unknown[] }>();
  private customerStatsCache: { version: number; stats: Map<number, CustomerStats> } | null = null;
  private nextIdValue: number;
  private levelCount = 0;

  constructor(
    readonly shop: ShopInfo,
    firstId = 1_000_000,
  ) {
    this.nextIdValue = firstId;
  }

  /** Ids are unique across resources, like Shopify's (which makes them easy to tell apart in tests). */
  nextId(): number {
    return this.nextIdValue++;
  }

  version(resource: ResourceName): number {
    return this.versions.get(resource) ?? 0;
  }

  touch(resource: ResourceName): void {
    this.versions.set(resource, this.version(resource) + 1);
  }

  counts(): ResourceCounts {
    return {
      products: this.products.size,
      variants: this.variants.size,
      inventoryItems: this.inventoryItems.size,
      inventoryLevels: this.levelCount,
      locations: this.locations.size,
      customers: this.customers.size,
      orders: this.orders.size,
    };
  }

  /** A sorted snapshot, cached until the resource changes. */
  sorted<T>(resource: ResourceName, key: string, items: () => Iterable<T>, compare: (a: T, b: T) => number): readonly T[] {
    const cacheKey = `${resource}:${key}`;
    const version = this.version(resource);
    const cached = this.sortedCache.get(cacheKey);
    if (cached && cached.version === version) return cached.items as readonly T[];
    const list = [...items()].sort(compare);
    this.sortedCache.set(cacheKey, { version, items: list });
    return list;
  }

  // --- products, variants, inventory -------------------------------------------------------

  putProduct(product: ProductRecord): void {
    this.products.set(product.id, product);
    this.touch("products");
  }

  putVariant(variant: VariantRecord): void {
    this.variants.set(variant.id, variant);
    this.touch("variants");
  }

  putInventoryItem(item: InventoryItemRecord): void {
    this.inventoryItems.set(item.id, item);
    this.touch("inventoryItems");
  }

  putInventoryLevel(level: InventoryLevelRecord): void {
    let byLocation = this.inventoryLevels.get(level.inventoryItemId);
    if (!byLocation) {
      byLocation = new Map();
      this.inventoryLevels.set(level.inventoryItemId, byLocation);
    }
    if (!byLocation.has(level.locationId)) this.levelCount++;
    byLocation.set(level.locationId, level);
    this.touch("inventoryLevels");
  }

  levelsOfItem(inventoryItemId: number): InventoryLevelRecord[] {
    return [...(this.inventoryLevels.get(inventoryItemId)?.values() ?? [])];
  }

  levelsAtLocation(locationId: number): InventoryLevelRecord[] {
    const levels: InventoryLevelRecord[] = [];
    for (const byLocation of this.inventoryLevels.values()) {
      const level = byLocation.get(locationId);
      if (level) levels.push(level);
    }
    return levels;
  }

  level(inventoryItemId: number, locationId: number): InventoryLevelRecord | undefined {
    return this.inventoryLevels.get(inventoryItemId)?.get(locationId);
  }

  /** Sets one named quantity; `available` and `on_hand` move together as in Shopify. */
  setQuantity(level: InventoryLevelRecord, name: QuantityName, quantity: number, at: string): number {
    const before = level.quantities[name];
    const delta = quantity - before;
    level.quantities[name] = quantity;
    if (name === "available") level.quantities.on_hand += delta;
    if (name === "on_hand") level.quantities.available += delta;
    level.updatedAt = at;
    this.touch("inventoryLevels");
    return delta;
  }

  /** Deletes a product with its variants, inventory items and levels. Returns the deleted variants. */
  deleteProduct(productId: number): { product: ProductRecord; variants: VariantRecord[] } | null {
    const product = this.products.get(productId);
    if (!product) return null;
    const variants: VariantRecord[] = [];
    for (const variantId of product.variantIds) {
      const variant = this.variants.get(variantId);
      if (!variant) continue;
      variants.push(variant);
      this.variants.delete(variantId);
      this.deleteInventoryItem(variant.inventoryItemId);
    }
    this.products.delete(productId);
    this.touch("products");
    this.touch("variants");
    return { product, variants };
  }

  private deleteInventoryItem(itemId: number): void {
    this.inventoryItems.delete(itemId);
    const levels = this.inventoryLevels.get(itemId);
    if (levels) {
      this.levelCount -= levels.size;
      this.inventoryLevels.delete(itemId);
      this.touch("inventoryLevels");
    }
    this.touch("inventoryItems");
  }

  // --- locations, customers, orders ---------------------------------------------------------

  putLocation(location: LocationRecord): void {
    this.locations.set(location.id, location);
    this.touch("locations");
  }

  putCustomer(customer: CustomerRecord): void {
    this.customers.set(customer.id, customer);
    this.touch("customers");
  }

  deleteCustomer(customerId: number): CustomerRecord | null {
    const customer = this.customers.get(customerId);
    if (!customer) return null;
    // Shopify keeps the orders of a deleted customer; they keep pointing at the old id.
    this.customers.delete(customerId);
    this.touch("customers");
    return customer;
  }

  putOrder(order: OrderRecord): void {
    this.orders.set(order.id, order);
    this.touch("orders");
  }

  deleteOrder(orderId: number): OrderRecord | null {
    const order = this.orders.get(orderId);
    if (!order) return null;
    this.orders.delete(orderId);
    this.touch("orders");
    return order;
  }

  customerStats(customerId: number): CustomerStats {
    const version = this.version("orders");
    if (!this.customerStatsCache || this.customerStatsCache.version !== version) {
      const stats = new Map<number, CustomerStats>();
      for (const order of this.orders.values()) {
        if (order.customerId === null || order.cancelledAt !== null) continue;
        const entry = stats.get(order.customerId) ?? { numberOfOrders: 0, amountSpent: 0 };
        entry.numberOfOrders++;
        entry.amountSpent += Number(order.totalPrice);
        stats.set(order.customerId, entry);
      }
      this.customerStatsCache = { version, stats };
    }
    return this.customerStatsCache.stats.get(customerId) ?? { numberOfOrders: 0, amountSpent: 0 };
  }

  nextOrderNumber(): number {
    let max = 1000;
    for (const order of this.orders.values()) if (order.number > max) max = order.number;
    return max + 1;
  }
}
