import { z } from "zod";
import { BulkOperations } from "./bulk.ts";
import { SimClock } from "./clock.ts";
import { NO_FAULTS, type Faults, type FaultsPatch } from "./faults.ts";
import { generateStore, startOfUtcDay, type StoreSize } from "./generator.ts";
import { parseGid } from "./ids.ts";
import { OAuth } from "./oauth.ts";
import { Random } from "./random.ts";
import { RequestHold } from "./request-hold.ts";
import {
  customerDeletedPayload,
  customerPayload,
  deletedPayload,
  inventoryItemPayload,
  inventoryLevelPayload,
  orderPayload,
  productPayload,
  shopPayload,
} from "./rest-payloads.ts";
import { loadAdminSchema } from "./schema.ts";
import { ShopState } from "./shop-state.ts";
import type { ResourceCounts } from "./store/shop-store.ts";
import {
  QUANTITY_NAMES,
  type CustomerRecord,
  type OrderRecord,
  type ProductRecord,
  type QuantityName,
  type VariantRecord,
} from "./store/types.ts";
import { resolvePlan, type PlanOption } from "./throttle.ts";
import { Webhooks } from "./webhooks.ts";

export interface SimulatorOptions {
  apiKey: string;
  apiSecret: string;
  size: StoreSize;
  seed: number;
  plan: PlanOption;
  tokenLifetimeSeconds: number;
  refreshTokenLifetimeSeconds: number;
  codeLifetimeSeconds: number;
  allowedRedirectUrls: string[] | null;
  bulkObjectsPerSecond: number;
  bulkStartDelayMs: number;
  webhookRetryScale: number;
  webhookTimeoutMs: number;
  /** Anchor of generated timestamps (default today 00:00 UTC on Shopify's clock). */
  now?: Date;
  /** Shopify's clock minus the host's, in ms (clock skew; default 0). */
  clockOffsetMs?: number;
  faults: FaultsPatch;
  publicUrl: () => string;
  /** Clock of the throttle buckets (milliseconds, monotonic); default performance.now. */
  throttleClock?: () => number;
}

/** What a shop is generated from (more fields may be added: they are kept with the shop as given). */
export interface AddShopOptions {
  size?: StoreSize;
  seed?: number;
  plan?: PlanOption;
  /** Anchor of the generated timestamps; default the simulator's `now`, else today 00:00 UTC. */
  now?: Date;
  /** The shop's IANA time zone (default America/New_York): REST webhook bodies are written in it. */
  timezone?: string;
}

/** The options a shop was generated with, every default filled in: generating again from them gives the same store. */
export type ShopCreation = AddShopOptions & { size: StoreSize; seed: number; now: Date };

export class NotFoundError extends Error {}
export class InputError extends Error {}

function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    throw new InputError(`Not an IANA time zone: ${timeZone}`);
  }
}

const idLike = z.union([z.number().int(), z.string()]);

export const productInput = z.object({
  title: z.string().min(1),
  vendor: z.string().default("Simulated vendor"),
  productType: z.string().default(""),
  status: z.enum(["ACTIVE", "ARCHIVED", "DRAFT", "UNLISTED"]).default("ACTIVE"),
  tags: z.array(z.string()).default([]),
  variants: z
    .array(
      z.object({
        sku: z.string().nullable().default(null),
        price: z.string().default("10.00"),
        title: z.string().optional(),
        available: z.number().int().default(0),
      }),
    )
    .min(1)
    .default([{ sku: null, price: "10.00", available: 0 }]),
});
export const productPatch = z
  .object({
    title: z.string().min(1).optional(),
    vendor: z.string().optional(),
    productType: z.string().optional(),
    status: z.enum(["ACTIVE", "ARCHIVED", "DRAFT", "UNLISTED"]).optional(),
    tags: z.array(z.string()).optional(),
  })
  .strict();
export const customerInput = z.object({
  firstName: z.string().nullable().default(null),
  lastName: z.string().nullable().default(null),
  email: z.string().nullable().default(null),
  phone: z.string().nullable().default(null),
  tags: z.array(z.string()).default([]),
});
export const customerPatch = customerInput.partial().strict();
export const orderInput = z.object({
  customerId: idLike.nullable().default(null),
  email: z.string().nullable().default(null),
  lineItems: z.array(z.object({ variantId: idLike, quantity: z.number().int().min(1).default(1) })).min(1),
  tags: z.array(z.string()).default([]),
});
export const orderPatch = z
  .object({
    tags: z.array(z.string()).optional(),
    note: z.string().nullable().optional(),
    financialStatus: z.enum(["AUTHORIZED", "PAID", "PARTIALLY_PAID", "PARTIALLY_REFUNDED", "PENDING", "REFUNDED", "VOIDED"]).optional(),
    fulfillmentStatus: z.enum(["FULFILLED", "PARTIALLY_FULFILLED", "UNFULFILLED"]).optional(),
    cancel: z.boolean().optional(),
  })
  .strict();
export const inventoryLevelRef = z.object({ inventoryItemId: idLike, locationId: idLike });

export const inventoryInput = z.object({
  inventoryItemId: idLike,
  locationId: idLike,
  name: z.enum(QUANTITY_NAMES).default("available"),
  quantity: z.number().int(),
});

function numericId(value: number | string, type: string): number {
  if (typeof value === "number") return value;
  if (/^\d+$/.test(value)) return Number(value);
  const parsed = parseGid(value);
  if (!parsed || parsed.type !== type) throw new InputError(`Expected a ${type} id, got ${value}`);
  return parsed.id;
}

/** All simulated shops plus the services shared between them (OAuth, webhooks, bulk operations). */
export class Simulator {
  readonly schema = loadAdminSchema();
  readonly shops = new Map<string, ShopState>();
  /** Per shop, what it was generated from. */
  readonly creations = new Map<string, ShopCreation>();
  /** Told of every shop added (the state journal keeps them). */
  shopListener: ((domain: string, creation: ShopCreation, shop: ShopState) => void) | null = null;
  readonly oauth: OAuth;
  readonly webhooks: Webhooks;
  readonly bulk: BulkOperations;
  readonly random: Random;
  /** Shopify's clock: every timestamp the simulated Shopify stamps. */
  readonly clock: SimClock;

  constructor(readonly options: SimulatorOptions) {
    this.clock = new SimClock(options.clockOffsetMs ?? 0);
    this.random = new Random(options.seed ^ 0x5eed);
    this.oauth = new OAuth({
      apiKey: options.apiKey,
      apiSecret: options.apiSecret,
      tokenLifetimeSeconds: options.tokenLifetimeSeconds,
      refreshTokenLifetimeSeconds: options.refreshTokenLifetimeSeconds,
      codeLifetimeSeconds: options.codeLifetimeSeconds,
      allowedRedirectUrls: options.allowedRedirectUrls,
    });
    this.webhooks = new Webhooks({
      apiSecret: options.apiSecret,
      random: this.random,
      retryScale: options.webhookRetryScale,
      timeoutMs: options.webhookTimeoutMs,
      clock: this.clock,
    });
    this.bulk = new BulkOperations({
      schema: this.schema,
      webhooks: this.webhooks,
      publicUrl: options.publicUrl,
      objectsPerSecond: options.bulkObjectsPerSecond,
      startDelayMs: options.bulkStartDelayMs,
      clock: this.clock,
    });
  }

  addShop(domain: string, opts: AddShopOptions = {}): ShopState {
    if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(domain)) throw new InputError(`Not a myshopify.com domain: ${domain}`);
    if (this.shops.has(domain)) throw new InputError(`Shop ${domain} already exists`);
    const creation: ShopCreation = {
      ...opts,
      size: opts.size ?? this.options.size,
      seed: opts.seed ?? this.options.seed,
      now: opts.now ?? this.options.now ?? startOfUtcDay(new Date(this.clock.now())),
    };
    if (creation.timezone !== undefined) assertTimeZone(creation.timezone);
    const store = generateStore({ ...creation, domain });
    if (creation.timezone !== undefined) store.shop.ianaTimezone = creation.timezone;
    const shop = new ShopState(domain, store, resolvePlan(opts.plan ?? this.options.plan), this.options.throttleClock);
    shop.faults = { ...NO_FAULTS, ...this.options.faults };
    this.shops.set(domain, shop);
    this.creations.set(domain, creation);
    this.shopListener?.(domain, creation, shop);
    return shop;
  }

  shop(domain: string): ShopState {
    const shop = this.shops.get(domain);
    if (!shop) throw new NotFoundError(`Unknown shop ${domain}`);
    return shop;
  }

  counts(domain: string): ResourceCounts & { ordersLast60Days: number } {
    const shop = this.shop(domain);
    const from = this.clock.now() - 60 * 86_400_000;
    let recent = 0;
    for (const order of shop.store.orders.values()) if (Date.parse(order.createdAt) >= from) recent++;
    return { ...shop.store.counts(), ordersLast60Days: recent };
  }

  setFaults(domain: string, patch: FaultsPatch): Faults {
    const shop = this.shop(domain);
    shop.faults = { ...shop.faults, ...patch };
    return shop.faults;
  }

  /**
   * Holds the shop's Admin API requests from now on: each waits, unanswered, until the hold is
   * released (a new hold takes over the requests that arrive after it). In-process only: a test's
   * way to know that a step of the app is in flight at Shopify.
   */
  holdAdminRequests(domain: string): RequestHold {
    const shop = this.shop(domain);
    const hold = new RequestHold(() => {
      if (shop.hold === hold) shop.hold = undefined;
    });
    shop.hold = hold;
    return hold;
  }

  /** The shop's IANA time zone (Shopify's shop.ianaTimezone); REST webhook bodies are written in it. */
  setTimeZone(domain: string, timeZone: string): string {
    assertTimeZone(timeZone);
    const shop = this.shop(domain);
    shop.store.shop.ianaTimezone = timeZone;
    // A creation option, so the state journal keeps it across restarts.
    const creation = { ...this.creations.get(domain)!, timezone: timeZone };
    this.creations.set(domain, creation);
    this.shopListener?.(domain, creation, shop);
    return timeZone;
  }

  setPlan(domain: string, plan: PlanOption): void {
    this.shop(domain).setPlan(resolvePlan(plan));
  }

  uninstall(domain: string): void {
    const shop = this.shop(domain);
    this.webhooks.emit(shop, "app/uninstalled", shopPayload(shop.store, shop.plan.name));
    this.oauth.revokeShop(domain);
    // Shopify drops an app's subscriptions at uninstall; the app/uninstalled delivery is already queued.
    this.webhooks.deleteForShop(this.options.apiKey, domain);
  }

  // --- records; each write fires the webhook Shopify would send -----------------------------

  createProduct(domain: string, raw: unknown): ProductRecord {
    const input = productInput.parse(raw);
    const shop = this.shop(domain);
    const store = shop.store;
    const at = this.clock.iso();
    const product: ProductRecord = {
      __typename: "Product",
      id: store.nextId(),
      title: input.title,
      handle: `${input.title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${store.products.size + 1}`,
      descriptionHtml: "",
      vendor: input.vendor,
      productType: input.productType,
      status: input.status,
      tags: input.tags,
      options:
        input.variants.length === 1
          ? [{ name: "Title", values: ["Default Title"] }]
          : [{ name: "Title", values: input.variants.map((v, i) => v.title ?? `Option ${i + 1}`) }],
      variantIds: [],
      createdAt: at,
      updatedAt: at,
      publishedAt: input.status === "ACTIVE" ? at : null,
    };
    const location = store.locations.values().next().value;
    const newVariants: VariantRecord[] = [];
    input.variants.forEach((v, i) => {
      const title = input.variants.length === 1 ? "Default Title" : (v.title ?? `Option ${i + 1}`);
      const variant: VariantRecord = {
        __typename: "ProductVariant",
        id: store.nextId(),
        productId: product.id,
        title,
        sku: v.sku,
        barcode: null,
        price: v.price,
        compareAtPrice: null,
        position: i + 1,
        inventoryItemId: store.nextId(),
        inventoryPolicy: "DENY",
        taxable: true,
        selectedOptions: [{ name: "Title", value: title }],
        createdAt: at,
        updatedAt: at,
      };
      store.putVariant(variant);
      store.putInventoryItem({
        __typename: "InventoryItem",
        id: variant.inventoryItemId,
        variantId: variant.id,
        tracked: true,
        requiresShipping: true,
        unitCost: null,
        createdAt: at,
        updatedAt: at,
      });
      if (location) {
        const quantities = Object.fromEntries(QUANTITY_NAMES.map((n) => [n, 0])) as Record<QuantityName, number>;
        quantities.available = v.available;
        quantities.on_hand = v.available;
        store.putInventoryLevel({
          __typename: "InventoryLevel",
          inventoryItemId: variant.inventoryItemId,
          locationId: location.id,
          quantities,
          createdAt: at,
          updatedAt: at,
        });
      }
      product.variantIds.push(variant.id);
      newVariants.push(variant);
    });
    store.putProduct(product);
    for (const variant of newVariants) {
      const item = store.inventoryItems.get(variant.inventoryItemId);
      if (item) this.webhooks.emit(shop, "inventory_items/create", inventoryItemPayload(store, item));
    }
    this.webhooks.emit(shop, "products/create", productPayload(store, product));
    return product;
  }

  updateProduct(domain: string, id: number | string, raw: unknown): ProductRecord {
    const patch = productPatch.parse(raw);
    const shop = this.shop(domain);
    const product = shop.store.products.get(numericId(id, "Product"));
    if (!product) throw new NotFoundError(`No product ${id}`);
    Object.assign(product, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)));
    product.updatedAt = this.clock.iso();
    shop.store.putProduct(product);
    this.webhooks.emit(shop, "products/update", productPayload(shop.store, product));
    return product;
  }

  deleteProduct(domain: string, id: number | string): void {
    const shop = this.shop(domain);
    const deleted = shop.store.deleteProduct(numericId(id, "Product"));
    if (!deleted) throw new NotFoundError(`No product ${id}`);
    for (const variant of deleted.variants)
      this.webhooks.emit(shop, "inventory_items/delete", {
        id: variant.inventoryItemId,
        admin_graphql_api_id: `gid://shopify/InventoryItem/${variant.inventoryItemId}`,
      });
    this.webhooks.emit(shop, "products/delete", deletedPayload(deleted.product.id));
  }

  createCustomer(domain: string, raw: unknown): CustomerRecord {
    const input = customerInput.parse(raw);
    const shop = this.shop(domain);
    const at = this.clock.iso();
    const customer: CustomerRecord = {
      __typename: "Customer",
      id: shop.store.nextId(),
      ...input,
      state: "DISABLED",
      note: null,
      verifiedEmail: false,
      taxExempt: false,
      locale: "en",
      createdAt: at,
      updatedAt: at,
    };
    shop.store.putCustomer(customer);
    this.webhooks.emit(shop, "customers/create", customerPayload(customer));
    return customer;
  }

  updateCustomer(domain: string, id: number | string, raw: unknown): CustomerRecord {
    const patch = customerPatch.parse(raw);
    const shop = this.shop(domain);
    const customer = shop.store.customers.get(numericId(id, "Customer"));
    if (!customer) throw new NotFoundError(`No customer ${id}`);
    Object.assign(customer, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)));
    customer.updatedAt = this.clock.iso();
    shop.store.putCustomer(customer);
    this.webhooks.emit(shop, "customers/update", customerPayload(customer));
    return customer;
  }

  deleteCustomer(domain: string, id: number | string): void {
    const shop = this.shop(domain);
    const customer = shop.store.deleteCustomer(numericId(id, "Customer"));
    if (!customer) throw new NotFoundError(`No customer ${id}`);
    this.webhooks.emit(shop, "customers/delete", customerDeletedPayload(customer.id));
  }

  createOrder(domain: string, raw: unknown): OrderRecord {
    const input = orderInput.parse(raw);
    const shop = this.shop(domain);
    const store = shop.store;
    const at = this.clock.iso();
    const customerId = input.customerId === null ? null : numericId(input.customerId, "Customer");
    const customer = customerId === null ? undefined : store.customers.get(customerId);
    if (customerId !== null && !customer) throw new NotFoundError(`No customer ${customerId}`);
    let subtotal = 0;
    const lineItems = input.lineItems.map((line) => {
      const variant = store.variants.get(numericId(line.variantId, "ProductVariant"));
      if (!variant) throw new NotFoundError(`No variant ${line.variantId}`);
      const product = store.products.get(variant.productId);
      subtotal += Number(variant.price) * line.quantity;
      return {
        __typename: "LineItem" as const,
        id: store.nextId(),
        title: product?.title ?? "",
        variantTitle: variant.title === "Default Title" ? null : variant.title,
        sku: variant.sku,
        vendor: product?.vendor ?? null,
        quantity: line.quantity,
        price: variant.price,
        productId: variant.productId,
        variantId: variant.id,
      };
    });
    const tax = subtotal * 0.08;
    const number = store.nextOrderNumber();
    const order: OrderRecord = {
      __typename: "Order",
      id: store.nextId(),
      number,
      name: `#${number}`,
      email: input.email ?? customer?.email ?? null,
      phone: customer?.phone ?? null,
      customerId,
      currencyCode: store.shop.currencyCode,
      presentmentCurrencyCode: store.shop.currencyCode,
      subtotalPrice: subtotal.toFixed(2),
      totalTax: tax.toFixed(2),
      totalDiscounts: "0.00",
      totalPrice: (subtotal + tax).toFixed(2),
      financialStatus: "PAID",
      fulfillmentStatus: "UNFULFILLED",
      cancelledAt: null,
      cancelReason: null,
      closedAt: null,
      test: false,
      tags: input.tags,
      note: null,
      sourceName: "web",
      lineItems,
      processedAt: at,
      createdAt: at,
      updatedAt: at,
    };
    store.putOrder(order);
    this.webhooks.emit(shop, "orders/create", orderPayload(store, order));
    return order;
  }

  updateOrder(domain: string, id: number | string, raw: unknown): OrderRecord {
    const patch = orderPatch.parse(raw);
    const shop = this.shop(domain);
    const order = shop.store.orders.get(numericId(id, "Order"));
    if (!order) throw new NotFoundError(`No order ${id}`);
    const at = this.clock.iso();
    if (patch.tags) order.tags = patch.tags;
    if (patch.note !== undefined) order.note = patch.note;
    if (patch.financialStatus) order.financialStatus = patch.financialStatus;
    if (patch.fulfillmentStatus) order.fulfillmentStatus = patch.fulfillmentStatus;
    const cancelling = patch.cancel === true && order.cancelledAt === null;
    if (cancelling) {
      order.cancelledAt = at;
      order.cancelReason = "OTHER";
    }
    order.updatedAt = at;
    shop.store.putOrder(order);
    if (cancelling) this.webhooks.emit(shop, "orders/cancelled", orderPayload(shop.store, order));
    this.webhooks.emit(shop, "orders/updated", orderPayload(shop.store, order));
    return order;
  }

  deleteOrder(domain: string, id: number | string): void {
    const shop = this.shop(domain);
    const order = shop.store.deleteOrder(numericId(id, "Order"));
    if (!order) throw new NotFoundError(`No order ${id}`);
    this.webhooks.emit(shop, "orders/delete", deletedPayload(order.id));
  }

  setInventory(domain: string, raw: unknown): { available: number; on_hand: number } {
    const input = inventoryInput.parse(raw);
    const shop = this.shop(domain);
    const itemId = numericId(input.inventoryItemId, "InventoryItem");
    const locationId = numericId(input.locationId, "Location");
    const level = shop.store.level(itemId, locationId);
    if (!level) throw new NotFoundError(`Inventory item ${itemId} is not stocked at location ${locationId}`);
    shop.store.setQuantity(level, input.name, input.quantity, this.clock.iso());
    this.webhooks.emit(shop, "inventory_levels/update", inventoryLevelPayload(level));
    return { available: level.quantities.available, on_hand: level.quantities.on_hand };
  }

  /**
   * Removes an item from a location, as the admin's "stop stocking at this location" or
   * `inventoryDeactivate` does: the level is gone (GraphQL answers null for it) and Shopify sends
   * inventory_levels/disconnect with the item and location ids only.
   */
  disconnectInventory(domain: string, raw: unknown): { disconnected: true } {
    const input = inventoryLevelRef.parse(raw);
    const shop = this.shop(domain);
    const itemId = numericId(input.inventoryItemId, "InventoryItem");
    const locationId = numericId(input.locationId, "Location");
    if (!shop.store.deleteInventoryLevel(itemId, locationId))
      throw new NotFoundError(`Inventory item ${itemId} is not stocked at location ${locationId}`);
    this.webhooks.emit(shop, "inventory_levels/disconnect", { inventory_item_id: itemId, location_id: locationId });
    return { disconnected: true };
  }

  stop(): void {
    this.webhooks.stop();
    this.bulk.stop();
  }
}
