import { GraphQLError } from "graphql";
import { isMalformed } from "../faults.ts";
import { inventoryLevelGid, parseGid, toGid } from "../ids.ts";
import type { SearchSpec } from "../search-query.ts";
import {
  QUANTITY_NAMES,
  type InventoryItemRecord,
  type InventoryLevelRecord,
  type LocationRecord,
  type ProductRecord,
  type QuantityName,
  type VariantRecord,
} from "../store/types.ts";
import { connectionArgs, countValue, listConnection, plainType, type ListOptions } from "./common.ts";
import { requireScope, type SimContext, type TypeImpl } from "./context.ts";

export const productSearch: SearchSpec<ProductRecord> = {
  resource: "products",
  fields: {
    id: { type: "number", get: (p) => p.id },
    title: { type: "string", get: (p) => p.title },
    handle: { type: "string", get: (p) => p.handle },
    vendor: { type: "string", get: (p) => p.vendor },
    product_type: { type: "string", get: (p) => p.productType },
    status: { type: "string", get: (p) => p.status },
    tag: { type: "string", get: (p) => p.tags },
    created_at: { type: "date", get: (p) => p.createdAt },
    updated_at: { type: "date", get: (p) => p.updatedAt },
    published_at: { type: "date", get: (p) => p.publishedAt },
  },
  freeText: (p) => `${p.title} ${p.vendor} ${p.productType}`,
};

export const variantSearch: SearchSpec<VariantRecord> = {
  resource: "productVariants",
  fields: {
    id: { type: "number", get: (v) => v.id },
    product_id: { type: "number", get: (v) => v.productId },
    sku: { type: "string", get: (v) => v.sku },
    barcode: { type: "string", get: (v) => v.barcode },
    title: { type: "string", get: (v) => v.title },
    created_at: { type: "date", get: (v) => v.createdAt },
    updated_at: { type: "date", get: (v) => v.updatedAt },
  },
};

export function productList(ctx: SimContext): ListOptions<ProductRecord> {
  return {
    resource: "products",
    items: () => ctx.shop.store.products.values(),
    id: (p) => p.id,
    search: productSearch,
    sortKeys: {
      ID: (p) => p.id,
      TITLE: (p) => p.title,
      UPDATED_AT: (p) => p.updatedAt,
      CREATED_AT: (p) => p.createdAt,
      VENDOR: (p) => p.vendor,
      PRODUCT_TYPE: (p) => p.productType,
      PUBLISHED_AT: (p) => p.publishedAt,
    },
  };
}

export function variantList(ctx: SimContext, items?: () => Iterable<VariantRecord>): ListOptions<VariantRecord> {
  return {
    resource: "variants",
    items: items ?? (() => ctx.shop.store.variants.values()),
    id: (v) => v.id,
    search: variantSearch,
    sortKeys: { ID: (v) => v.id, SKU: (v) => v.sku, TITLE: (v) => v.title, POSITION: (v) => v.position },
  };
}

export const inventoryItemSearch: SearchSpec<InventoryItemRecord> = {
  resource: "inventoryItems",
  fields: {
    id: { type: "number", get: (i) => i.id },
    created_at: { type: "date", get: (i) => i.createdAt },
    updated_at: { type: "date", get: (i) => i.updatedAt },
  },
};

export function inventoryItemList(ctx: SimContext): ListOptions<InventoryItemRecord> {
  const store = ctx.shop.store;
  return {
    resource: "inventoryItems",
    items: () => store.inventoryItems.values(),
    id: (i) => i.id,
    search: {
      ...inventoryItemSearch,
      fields: { ...inventoryItemSearch.fields, sku: { type: "string", get: (i) => store.variants.get(i.variantId)?.sku ?? null } },
    },
    sortKeys: { ID: (i) => i.id },
  };
}

const levelSearch: SearchSpec<InventoryLevelRecord> = {
  resource: "inventoryLevels",
  fields: {
    updated_at: { type: "date", get: (l) => l.updatedAt },
    created_at: { type: "date", get: (l) => l.createdAt },
    inventory_item_id: { type: "number", get: (l) => l.inventoryItemId },
    location_id: { type: "number", get: (l) => l.locationId },
  },
};

function levelList(
  ctx: SimContext,
  items: () => Iterable<InventoryLevelRecord>,
  sortByLocation: boolean,
): ListOptions<InventoryLevelRecord> {
  return {
    resource: "inventoryLevels",
    items,
    id: (l) => (sortByLocation ? l.locationId : l.inventoryItemId),
    search: levelSearch,
    sortKeys: { ID: (l) => (sortByLocation ? l.locationId : l.inventoryItemId) },
  };
}

export function locationList(ctx: SimContext, includeInactive: boolean): ListOptions<LocationRecord> {
  return {
    resource: "locations",
    items: () => ctx.shop.store.locations.values(),
    id: (l) => l.id,
    sortKeys: { ID: (l) => l.id, NAME: (l) => l.name },
    search: {
      resource: "locations",
      fields: {
        id: { type: "number", get: (l) => l.id },
        name: { type: "string", get: (l) => l.name },
        active: { type: "string", get: (l) => String(l.isActive) },
      },
    },
    visible: includeInactive ? undefined : (l) => l.isActive,
  };
}

function variantAvailable(ctx: SimContext, variant: VariantRecord): number {
  let total = 0;
  for (const level of ctx.shop.store.levelsOfItem(variant.inventoryItemId)) total += level.quantities.available;
  return total;
}

export function parseQuantityNames(names: unknown): QuantityName[] {
  const list = Array.isArray(names) ? (names as string[]) : [];
  for (const name of list) {
    if (!(QUANTITY_NAMES as readonly string[]).includes(name)) {
      throw new GraphQLError(`The quantity name '${name}' is not supported by the simulator (supported: ${QUANTITY_NAMES.join(", ")}).`, {
        extensions: { code: "NOT_IMPLEMENTED_IN_SIMULATOR" },
      });
    }
  }
  return list as QuantityName[];
}

function idArg(args: Record<string, unknown>, key: string, type: string): number | null {
  const parsed = typeof args[key] === "string" ? parseGid(args[key]) : null;
  return parsed && parsed.type === type ? parsed.id : null;
}

export const productType: TypeImpl<ProductRecord> = {
  id: (p) => toGid("Product", p.id),
  legacyResourceId: (p) => String(p.id),
  title: (p, _a, ctx) => (isMalformed(ctx.shop.faults, p.id) ? `${p.title}\u0000` : p.title),
  handle: (p) => p.handle,
  descriptionHtml: (p) => p.descriptionHtml,
  description: {
    args: ["truncateAt"],
    resolve: (p, args) => {
      const text = p.descriptionHtml.replace(/<[^>]*>/g, "").replace(/&amp;/g, "&");
      const truncateAt = args["truncateAt"];
      return typeof truncateAt === "number" && text.length > truncateAt ? `${text.slice(0, Math.max(0, truncateAt - 3))}...` : text;
    },
  },
  vendor: (p) => p.vendor,
  productType: (p) => p.productType,
  status: (p) => p.status,
  tags: (p) => p.tags,
  createdAt: (p) => p.createdAt,
  updatedAt: (p) => p.updatedAt,
  publishedAt: (p) => p.publishedAt,
  isGiftCard: () => false,
  templateSuffix: () => null,
  onlineStoreUrl: (p) => (p.status === "ACTIVE" ? `https://example.com/products/${p.handle}` : null),
  hasOnlyDefaultVariant: (p) => p.options.length === 1 && p.options[0]?.values[0] === "Default Title",
  tracksInventory: (p, _a, ctx) =>
    p.variantIds.some((id) => {
      const v = ctx.shop.store.variants.get(id);
      return v ? ctx.shop.store.inventoryItems.get(v.inventoryItemId)?.tracked === true : false;
    }),
  totalInventory: (p, _a, ctx) =>
    p.variantIds.reduce((sum, id) => {
      const v = ctx.shop.store.variants.get(id);
      return sum + (v ? variantAvailable(ctx, v) : 0);
    }, 0),
  hasOutOfStockVariants: (p, _a, ctx) =>
    p.variantIds.some((id) => {
      const v = ctx.shop.store.variants.get(id);
      return v ? variantAvailable(ctx, v) <= 0 : false;
    }),
  options: {
    args: ["first"],
    resolve: (p, args) => {
      const first = typeof args["first"] === "number" ? args["first"] : p.options.length;
      return p.options
        .slice(0, first)
        .map((o, i) => ({ id: toGid("ProductOption", p.id * 10 + i), name: o.name, position: i + 1, values: o.values }));
    },
  },
  variants: {
    args: connectionArgs("sortKey"),
    resolve: (p, args, ctx, info) => {
      const items = (): VariantRecord[] =>
        p.variantIds.map((id) => ctx.shop.store.variants.get(id)).filter((v): v is VariantRecord => v !== undefined);
      return listConnection(ctx, { ...variantList(ctx, items), search: undefined, cacheable: false }, args, info);
    },
  },
  variantsCount: (p) => ({ count: p.variantIds.length, precision: "EXACT" }),
};

export const productVariantType: TypeImpl<VariantRecord> = {
  id: (v) => toGid("ProductVariant", v.id),
  legacyResourceId: (v) => String(v.id),
  title: (v) => v.title,
  displayName: (v, _a, ctx) => `${ctx.shop.store.products.get(v.productId)?.title ?? ""} - ${v.title}`,
  sku: (v) => v.sku,
  barcode: (v) => v.barcode,
  price: (v, _a, ctx) => (isMalformed(ctx.shop.faults, v.id) ? "NaN" : v.price),
  compareAtPrice: (v) => v.compareAtPrice,
  position: (v) => v.position,
  inventoryPolicy: (v) => v.inventoryPolicy,
  taxable: (v) => v.taxable,
  availableForSale: (v, _a, ctx) => v.inventoryPolicy === "CONTINUE" || variantAvailable(ctx, v) > 0,
  inventoryQuantity: (v, _a, ctx) => variantAvailable(ctx, v),
  selectedOptions: (v) => v.selectedOptions,
  createdAt: (v) => v.createdAt,
  updatedAt: (v) => v.updatedAt,
  product: (v, _a, ctx) => ctx.shop.store.products.get(v.productId),
  inventoryItem: (v, _a, ctx) => ctx.shop.store.inventoryItems.get(v.inventoryItemId),
};

export const selectedOptionType: TypeImpl<{ name: string; value: string }> = {
  name: (o) => o.name,
  value: (o) => o.value,
};

export const productOptionType: TypeImpl<unknown> = plainType(["id", "name", "position", "values"]);

export const inventoryItemType: TypeImpl<InventoryItemRecord> = {
  id: (i) => toGid("InventoryItem", i.id),
  legacyResourceId: (i) => String(i.id),
  sku: (i, _a, ctx) => ctx.shop.store.variants.get(i.variantId)?.sku ?? null,
  tracked: (i) => i.tracked,
  requiresShipping: (i) => i.requiresShipping,
  unitCost: (i, _a, ctx) => (i.unitCost === null ? null : { amount: i.unitCost, currencyCode: ctx.shop.store.shop.currencyCode }),
  createdAt: (i) => i.createdAt,
  updatedAt: (i) => i.updatedAt,
  duplicateSkuCount: (i, _a, ctx) => {
    const sku = ctx.shop.store.variants.get(i.variantId)?.sku;
    if (!sku) return 0;
    let n = 0;
    for (const v of ctx.shop.store.variants.values()) if (v.sku === sku && v.id !== i.variantId) n++;
    return n;
  },
  variant: (i, _a, ctx) => ctx.shop.store.variants.get(i.variantId),
  locationsCount: (i, _a, ctx) => countValue(ctx.shop.store.levelsOfItem(i.id).length, { limit: null }),
  inventoryLevels: {
    args: connectionArgs("query"),
    resolve: (i, args, ctx, info) => {
      requireScope(ctx, "read_inventory", info);
      return listConnection(ctx, { ...levelList(ctx, () => ctx.shop.store.levelsOfItem(i.id), true), cacheable: false }, args, info);
    },
  },
  inventoryLevel: {
    args: ["locationId"],
    resolve: (i, args, ctx, info) => {
      requireScope(ctx, "read_inventory", info);
      const locationId = idArg(args, "locationId", "Location");
      return locationId === null ? null : (ctx.shop.store.level(i.id, locationId) ?? null);
    },
  },
};

export const inventoryLevelType: TypeImpl<InventoryLevelRecord> = {
  id: (l) => inventoryLevelGid(l.locationId, l.inventoryItemId),
  isActive: () => true,
  canDeactivate: () => true,
  createdAt: (l) => l.createdAt,
  updatedAt: (l) => l.updatedAt,
  item: (l, _a, ctx) => ctx.shop.store.inventoryItems.get(l.inventoryItemId),
  location: (l, _a, ctx) => ctx.shop.store.locations.get(l.locationId),
  quantities: {
    args: ["names"],
    resolve: (l, args) =>
      parseQuantityNames(args["names"]).map((name) => ({
        id: `gid://shopify/InventoryQuantity/${l.locationId}?inventory_item_id=${l.inventoryItemId}&name=${name}`,
        name,
        quantity: l.quantities[name],
        updatedAt: l.updatedAt,
      })),
  },
};

export const inventoryQuantityType: TypeImpl<unknown> = plainType(["id", "name", "quantity", "updatedAt"]);

export const locationType: TypeImpl<LocationRecord> = {
  id: (l) => toGid("Location", l.id),
  legacyResourceId: (l) => String(l.id),
  name: (l) => l.name,
  isActive: (l) => l.isActive,
  activatable: (l) => !l.isActive,
  deactivatable: (l) => l.isActive,
  deletable: (l) => !l.isActive,
  deactivatedAt: (l) => (l.isActive ? null : l.updatedAt),
  fulfillsOnlineOrders: (l) => l.fulfillsOnlineOrders,
  shipsInventory: (l) => l.fulfillsOnlineOrders,
  hasActiveInventory: (l, _a, ctx) => ctx.shop.store.levelsAtLocation(l.id).length > 0,
  isFulfillmentService: () => false,
  address: (l) => l.address,
  createdAt: (l) => l.createdAt,
  updatedAt: (l) => l.updatedAt,
  inventoryLevels: {
    args: connectionArgs("query"),
    resolve: (l, args, ctx, info) => {
      requireScope(ctx, "read_inventory", info);
      return listConnection(ctx, { ...levelList(ctx, () => ctx.shop.store.levelsAtLocation(l.id), false), cacheable: false }, args, info);
    },
  },
  inventoryLevel: {
    args: ["inventoryItemId"],
    resolve: (l, args, ctx, info) => {
      requireScope(ctx, "read_inventory", info);
      const itemId = idArg(args, "inventoryItemId", "InventoryItem");
      return itemId === null ? null : (ctx.shop.store.level(itemId, l.id) ?? null);
    },
  },
};

export const locationAddressType: TypeImpl<LocationRecord["address"]> = {
  ...(plainType(["address1", "city", "province", "provinceCode", "country", "countryCode", "zip"]) as TypeImpl<LocationRecord["address"]>),
  address2: () => null,
  phone: () => null,
  latitude: () => null,
  longitude: () => null,
  formatted: (a) => [a.address1, [a.city, a.provinceCode, a.zip].filter(Boolean).join(" "), a.country].filter((x): x is string => !!x),
};
