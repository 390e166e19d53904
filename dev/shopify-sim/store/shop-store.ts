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

export const RESOURCE_NAMES = ["products", "variants", "inventoryItems", "inventoryLevels", "locations", "customers", "orders"] as const;
export type ResourceName = (typeof RESOURCE_NAMES)[number];

export interface ResourceCounts {
  products: number;
  variants: number;
  inventoryItems: number;
  inventoryLevels: number;
  locations: number;
  customers: number;
  orders: number;
}

/**
 * Told of every change to a record after it happened (the whole record, or null when it was
 * deleted) and of every id handed out: what the state journal needs to restore the shop exactly.
 */
export interface StoreChangeListener {
  recordChanged(kind: ResourceName, key: string, record: object | null): void;
  idsAdvanced(nextId: number): void;
}

/** Key of an inventory level among its resource's changes: "<inventory item id>:<location id>". */
export const levelKey = (inventoryItemId: number, locationId: number): string => `${inventoryItemId}:${locationId}`;

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
  /** Set once the generated store is complete: only later changes are reported. */
  listener: StoreChangeListener | null = null;

  constructor(
    readonly shop: ShopInfo,
    firstId = 1_000_000,
  ) {
    this.nextIdValue = firstId;
  }

  /** Ids are unique across resources, like Shopify's (which makes them easy to tell apart in tests). */
  nextId(): number {
    const id = this.nextIdValue++;
    this.listener?.idsAdvanced(this.nextIdValue);
    return id;
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
    this.listener?.recordChanged("products", String(product.id), product);
  }

  putVariant(variant: VariantRecord): void {
    this.variants.set(variant.id, variant);
    this.touch("variants");
    this.listener?.recordChanged("variants", String(variant.id), variant);
  }

  putInventoryItem(item: InventoryItemRecord): void {
    this.inventoryItems.set(item.id, item);
    this.touch("inventoryItems");
    this.listener?.recordChanged("inventoryItems", String(item.id), item);
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
    this.listener?.recordChanged("inventoryLevels", levelKey(level.inventoryItemId, level.locationId), level);
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
    this.listener?.recordChanged("inventoryLevels", levelKey(level.inventoryItemId, level.locationId), level);
    return delta;
  }

  /** Removes an inventory item from a location (Shopify's inventoryDeactivate): its level is gone. */
  deleteInventoryLevel(inventoryItemId: number, locationId: number): InventoryLevelRecord | null {
    const byLocation = this.inventoryLevels.get(inventoryItemId);
    const level = byLocation?.get(locationId);
    if (!byLocation || !level) return null;
    byLocation.delete(locationId);
    if (byLocation.size === 0) this.inventoryLevels.delete(inventoryItemId);
    this.levelCount--;
    this.touch("inventoryLevels");
    this.listener?.recordChanged("inventoryLevels", levelKey(inventoryItemId, locationId), null);
    return level;
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
      this.listener?.recordChanged("variants", String(variantId), null);
      this.deleteInventoryItem(variant.inventoryItemId);
    }
    this.products.delete(productId);
    this.touch("products");
    this.touch("variants");
    this.listener?.recordChanged("products", String(productId), null);
    return { product, variants };
  }

  private deleteInventoryItem(itemId: number): void {
    this.inventoryItems.delete(itemId);
    const levels = this.inventoryLevels.get(itemId);
    if (levels) {
      this.levelCount -= levels.size;
      this.inventoryLevels.delete(itemId);
      this.touch("inventoryLevels");
      for (const locationId of levels.keys()) this.listener?.recordChanged("inventoryLevels", levelKey(itemId, locationId), null);
    }
    this.touch("inventoryItems");
    this.listener?.recordChanged("inventoryItems", String(itemId), null);
  }

  /**
   * Puts back one record as the state journal last saw it (null: deleted), over the generated
   * store. Reports nothing: the journal already holds the change.
   */
  restoreRecord(kind: ResourceName, key: string, record: object | null): void {
    const listener = this.listener;
    this.listener = null;
    try {
      if (kind === "inventoryLevels") {
        const [itemId, locationId] = key.split(":").map(Number) as [number, number];
        if (record) this.putInventoryLevel(record as InventoryLevelRecord);
        else {
          const byLocation = this.inventoryLevels.get(itemId);
          if (byLocation?.delete(locationId)) this.levelCount--;
          if (byLocation?.size === 0) this.inventoryLevels.delete(itemId);
          this.touch("inventoryLevels");
        }
        return;
      }
      const records = this[kind] as Map<number, object>;
      if (record) records.set(Number(key), record);
      else records.delete(Number(key));
      this.touch(kind);
    } finally {
      this.listener = listener;
    }
  }

  /** The next id as the journal last saw it (never moves backwards). */
  restoreNextId(nextId: number): void {
    this.nextIdValue = Math.max(this.nextIdValue, nextId);
  }

  // --- locations, customers, orders ---------------------------------------------------------

  putLocation(location: LocationRecord): void {
    this.locations.set(location.id, location);
    this.touch("locations");
    this.listener?.recordChanged("locations", String(location.id), location);
  }

  putCustomer(customer: CustomerRecord): void {
    this.customers.set(customer.id, customer);
    this.touch("customers");
    this.listener?.recordChanged("customers", String(customer.id), customer);
  }

  deleteCustomer(customerId: number): CustomerRecord | null {
    const customer = this.customers.get(customerId);
    if (!customer) return null;
    // Shopify keeps the orders of a deleted customer; they keep pointing at the old id.
    this.customers.delete(customerId);
    this.touch("customers");
    this.listener?.recordChanged("customers", String(customerId), null);
    return customer;
  }

  putOrder(order: OrderRecord): void {
    this.orders.set(order.id, order);
    this.touch("orders");
    this.listener?.recordChanged("orders", String(order.id), order);
  }

  deleteOrder(orderId: number): OrderRecord | null {
    const order = this.orders.get(orderId);
    if (!order) return null;
    this.orders.delete(orderId);
    this.touch("orders");
    this.listener?.recordChanged("orders", String(orderId), null);
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
