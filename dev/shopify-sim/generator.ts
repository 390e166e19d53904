import { Random, hashSeed } from "./random.ts";
import { ShopStore } from "./store/shop-store.ts";
import type {
  CustomerRecord,
  CustomerState,
  FinancialStatus,
  FulfillmentStatus,
  LineItemRecord,
  LocationRecord,
  OrderRecord,
  ProductRecord,
  ProductStatus,
  QuantityName,
  VariantRecord,
} from "./store/types.ts";

export type StoreSize = "tiny" | "demo" | "large";
export const STORE_SIZES: readonly StoreSize[] = ["tiny", "demo", "large"];

interface SizeSpec {
  products: number;
  /** Products with hundreds of variants (real stores have them; they break naive pagination). */
  hugeProducts: number;
  targetVariants: number;
  orders: number;
  customers: number;
  locations: number;
}

const SIZES: Record<StoreSize, SizeSpec> = {
  tiny: { products: 12, hugeProducts: 1, targetVariants: 140, orders: 60, customers: 20, locations: 2 },
  demo: { products: 2_000, hugeProducts: 3, targetVariants: 8_000, orders: 20_000, customers: 5_000, locations: 3 },
  large: { products: 10_000, hugeProducts: 12, targetVariants: 50_000, orders: 200_000, customers: 100_000, locations: 12 },
};

export interface GenerateStoreOptions {
  domain: string;
  size: StoreSize;
  seed: number;
  /** Timestamps are spread over the two years before this instant (default: today 00:00 UTC). */
  now?: Date;
}

const DAY_MS = 86_400_000;

const ADJECTIVES = ["Classic", "Organic", "Vintage", "Ultra", "Eco", "Premium", "Nordic", "Handmade", "Urban", "Cozy", "Rustic", "Sleek"];
const NOUNS = ["T-Shirt", "Hoodie", "Mug", "Backpack", "Candle", "Sneaker", "Notebook", "Lamp", "Scarf", "Bottle", "Cap", "Blanket"];
const VENDORS = ["Acme Goods", "Northwind", "Café Lumière", "Müller & Söhne", "東京デザイン", "Blue Fern Co."];
const PRODUCT_TYPES = ["Apparel", "Home", "Accessories", "Footwear", "Stationery", ""];
const COLORS = ["Black", "White", "Red", "Navy", "Olive", "Sand", "Rosé", "Grün"];
const SIZES_TEXT = ["XS", "S", "M", "L", "XL", "XXL"];
const FIRST_NAMES = [
  "Ana",
  "Ben",
  "Chloé",
  "Dmitri",
  "Emeka",
  "Fatima",
  "Giulia",
  "Hiro",
  "Inès",
  "José",
  "Katarzyna",
  "Liam",
  "Mei",
  "Noah",
  "Olga",
  "Priya",
  "Zoë",
  "Øystein",
];
const LAST_NAMES = [
  "Smith",
  "García",
  "Müller",
  "Nakamura",
  "O'Brien",
  "Kowalski",
  "Nguyen",
  "Dubois",
  "Rossi",
  "Al-Sayed",
  "Johansson",
  "Van der Berg",
];
const CITIES: { city: string; province: string; provinceCode: string; country: string; countryCode: string; zip: string }[] = [
  { city: "Austin", province: "Texas", provinceCode: "TX", country: "United States", countryCode: "US", zip: "78701" },
  { city: "Toronto", province: "Ontario", provinceCode: "ON", country: "Canada", countryCode: "CA", zip: "M5V 2T6" },
  { city: "Berlin", province: "Berlin", provinceCode: "BE", country: "Germany", countryCode: "DE", zip: "10115" },
  { city: "Lyon", province: "Auvergne-Rhône-Alpes", provinceCode: "ARA", country: "France", countryCode: "FR", zip: "69001" },
  { city: "Osaka", province: "Ōsaka", provinceCode: "JP-27", country: "Japan", countryCode: "JP", zip: "530-0001" },
];
const UNICODE_SKUS = ["ÜBER-ß-01", "カップ-赤-02", "🚀-ROCKET-03", "ŽLUŤOUČKÝ-04", "\u00a0SPACE-05 ", "Ñ-ÑANDÚ-06"];

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function money(value: number): string {
  return value.toFixed(2);
}

export function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/**
 * Builds a shop deterministically from (size, seed, now). The mess is deliberate: null, duplicate and
 * unicode SKUs, products with hundreds of variants, orders of deleted customers and of deleted
 * variants, zero and negative inventory, an inactive location, records sharing one updatedAt.
 */
export function generateStore(options: GenerateStoreOptions): ShopStore {
  const spec = SIZES[options.size];
  const random = new Random(options.seed ^ hashSeed(options.domain));
  const now = (options.now ?? startOfUtcDay(new Date())).getTime();
  const start = now - 730 * DAY_MS;
  const between = (from: number, to: number): number => from + Math.floor(random.next() * Math.max(1, to - from));
  const shopName = options.domain.replace(/\.myshopify\.com$/, "");

  const store = new ShopStore({
    id: 60_000_000 + (hashSeed(options.domain) % 1_000_000),
    name: shopName === "demo" ? "ShopSync Demo Store" : `Simulated ${shopName}`,
    domain: options.domain,
    email: `owner@${shopName}.example`,
    currencyCode: "USD",
    ianaTimezone: "America/New_York",
    createdAt: iso(start - 30 * DAY_MS),
  });

  // Locations: the last one is inactive (Shopify lists it only with includeInactive).
  const locations: LocationRecord[] = [];
  for (let i = 0; i < spec.locations; i++) {
    const place = CITIES[i % CITIES.length] ?? CITIES[0]!;
    const location: LocationRecord = {
      __typename: "Location",
      id: store.nextId(),
      name: i === 0 ? "Main warehouse" : `${place.city} ${i > CITIES.length ? `#${i}` : "store"}`,
      isActive: spec.locations > 2 ? i !== spec.locations - 1 : true,
      fulfillsOnlineOrders: i === 0 || random.chance(0.5),
      address: { address1: `${random.int(1, 999)} Market St`, ...place },
      createdAt: iso(start - 20 * DAY_MS + i * DAY_MS),
      updatedAt: iso(start - 20 * DAY_MS + i * DAY_MS),
    };
    store.putLocation(location);
    locations.push(location);
  }

  // Products and variants.
  const variantsForNormal = Math.max(spec.products - spec.hugeProducts, 1);
  const hugeVariantTotal = spec.hugeProducts * (options.size === "tiny" ? 101 : 180);
  const normalAverage = Math.max(1, (spec.targetVariants - hugeVariantTotal) / variantsForNormal);
  const bulkImportAt = iso(between(start, now - 90 * DAY_MS));
  const usedSkus: string[] = [];
  const allVariants: VariantRecord[] = [];
  for (let p = 0; p < spec.products; p++) {
    const isHuge = p < spec.hugeProducts;
    const createdAt = between(start - 365 * DAY_MS, now - DAY_MS);
    // A slice of products was touched by one bulk import and shares the same updatedAt to the second.
    const updatedAt = random.chance(0.05) && Date.parse(bulkImportAt) > createdAt ? bulkImportAt : iso(between(createdAt, now));
    const title = random.chance(0.03)
      ? `${random.pick(ADJECTIVES)} ${random.pick(NOUNS)} — édition spéciale ✨ ${"long ".repeat(random.int(1, 40))}`.trim()
      : `${random.pick(ADJECTIVES)} ${random.pick(NOUNS)} ${p + 1}`;
    const status: ProductStatus = random.chance(0.85) ? "ACTIVE" : random.pick(["DRAFT", "ARCHIVED", "UNLISTED"] as const);
    const productId = store.nextId();
    const variantCount = isHuge
      ? options.size === "tiny"
        ? 101
        : random.int(120, 240)
      : Math.max(1, Math.round(normalAverage * (0.25 + random.next() * 1.5)));
    const sizes = SIZES_TEXT.slice(0, Math.min(SIZES_TEXT.length, variantCount));
    const colorCount = Math.ceil(variantCount / Math.max(1, sizes.length));
    const colors = Array.from({ length: colorCount }, (_, i) => (i < COLORS.length ? COLORS[i]! : `Color ${i + 1}`));
    const options_ =
      variantCount === 1
        ? [{ name: "Title", values: ["Default Title"] }]
        : [
            { name: "Size", values: sizes },
            { name: "Color", values: colors },
          ];
    const product: ProductRecord = {
      __typename: "Product",
      id: productId,
      title,
      handle: `${title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "")
        .slice(0, 60)}-${productId}`,
      descriptionHtml: random.chance(0.1) ? "" : `<p>${title} — made with <strong>care</strong> &amp; love.</p>`,
      vendor: random.pick(VENDORS),
      productType: random.pick(PRODUCT_TYPES),
      status,
      tags: random.chance(0.4) ? [random.pick(["sale", "new", "summer", "bestseller", "ünïcode"])] : [],
      options: options_,
      variantIds: [],
      createdAt: iso(createdAt),
      updatedAt,
      publishedAt: status === "ACTIVE" ? iso(createdAt) : null,
    };
    const basePrice = random.int(5, 250) - 0.01;
    for (let v = 0; v < variantCount; v++) {
      const variantId = store.nextId();
      const inventoryItemId = store.nextId();
      const selectedOptions =
        variantCount === 1
          ? [{ name: "Title", value: "Default Title" }]
          : [
              { name: "Size", value: sizes[v % sizes.length]! },
              { name: "Color", value: colors[Math.floor(v / sizes.length)]! },
            ];
      let sku: string | null;
      const roll = random.next();
      if (roll < 0.03) sku = null;
      else if (roll < 0.05 && usedSkus.length > 0) sku = random.pick(usedSkus);
      else if (roll < 0.07) sku = random.pick(UNICODE_SKUS);
      else if (roll < 0.08) sku = "";
      else sku = `SKU-${productId}-${v + 1}`;
      if (sku) usedSkus.push(sku);
      const variant: VariantRecord = {
        __typename: "ProductVariant",
        id: variantId,
        productId,
        title: variantCount === 1 ? "Default Title" : selectedOptions.map((o) => o.value).join(" / "),
        sku,
        barcode: random.chance(0.6) ? String(random.int(100_000_000, 999_999_999)) + String(random.int(1000, 9999)) : null,
        price: money(basePrice + (v % 3) * 2),
        compareAtPrice: random.chance(0.2) ? money(basePrice + 10) : null,
        position: v + 1,
        inventoryItemId,
        inventoryPolicy: random.chance(0.1) ? "CONTINUE" : "DENY",
        taxable: random.chance(0.9),
        selectedOptions,
        createdAt: product.createdAt,
        updatedAt: product.updatedAt,
      };
      store.putVariant(variant);
      allVariants.push(variant);
      product.variantIds.push(variantId);
      store.putInventoryItem({
        __typename: "InventoryItem",
        id: inventoryItemId,
        variantId,
        tracked: random.chance(0.92),
        requiresShipping: random.chance(0.95),
        unitCost: random.chance(0.7) ? money(basePrice * 0.4) : null,
        createdAt: product.createdAt,
        updatedAt: product.updatedAt,
      });
      // Stocked at a random subset of locations; zero and negative quantities are common in real shops.
      for (const location of locations) {
        if (location !== locations[0] && !random.chance(Math.min(1, 2.5 / locations.length))) continue;
        const q = random.next();
        const available = q < 0.08 ? 0 : q < 0.11 ? -random.int(1, 12) : random.int(1, 400);
        const committed = random.chance(0.3) ? random.int(0, 5) : 0;
        const quantities: Record<QuantityName, number> = {
          available,
          committed,
          on_hand: available + committed,
          incoming: random.chance(0.15) ? random.int(1, 100) : 0,
          reserved: 0,
        };
        store.putInventoryLevel({
          __typename: "InventoryLevel",
          inventoryItemId,
          locationId: location.id,
          quantities,
          createdAt: product.createdAt,
          updatedAt: product.updatedAt,
        });
      }
    }
    store.putProduct(product);
  }

  // Customers. Some get deleted after placing orders (their orders keep the dangling reference).
  const customerIds: number[] = [];
  for (let c = 0; c < spec.customers; c++) {
    const first = random.chance(0.04) ? null : random.pick(FIRST_NAMES);
    const last = random.chance(0.05) ? null : random.pick(LAST_NAMES);
    const createdAt = between(start, now - DAY_MS);
    const id = store.nextId();
    const customer: CustomerRecord = {
      __typename: "Customer",
      id,
      firstName: first,
      lastName: last,
      email: random.chance(0.06)
        ? null
        : `${(first ?? "guest")
            .toLowerCase()
            .normalize("NFD")
            .replace(/[^a-z]/g, "")}.${id}@example.com`,
      phone: random.chance(0.5) ? `+1555${String(random.int(1_000_000, 9_999_999))}` : null,
      state: random.pick(["ENABLED", "ENABLED", "DISABLED", "INVITED", "DECLINED"] as CustomerState[]),
      tags: random.chance(0.2) ? ["vip"] : [],
      note: random.chance(0.05) ? "Prefers 📦 delivery before 10 a.m." : null,
      verifiedEmail: random.chance(0.8),
      taxExempt: random.chance(0.03),
      locale: random.pick(["en", "en", "fr", "de", "ja"]),
      createdAt: iso(createdAt),
      updatedAt: iso(between(createdAt, now)),
    };
    store.putCustomer(customer);
    customerIds.push(id);
  }

  // Orders, oldest first, numbered from #1001 like Shopify.
  const orderTimes = Array.from({ length: spec.orders }, () => between(start, now - 60_000)).sort((a, b) => a - b);
  const productIds = [...store.products.keys()];
  for (let o = 0; o < spec.orders; o++) {
    const createdAt = orderTimes[o]!;
    const lineCount = random.chance(0.6) ? 1 : random.int(2, 5);
    const lineItems: LineItemRecord[] = [];
    let subtotal = 0;
    for (let l = 0; l < lineCount; l++) {
      const variant = allVariants.length > 0 ? random.pick(allVariants) : undefined;
      const product = variant ? store.products.get(variant.productId) : undefined;
      const quantity = random.int(1, 3);
      const price = variant ? Number(variant.price) : 9.99;
      subtotal += price * quantity;
      lineItems.push({
        __typename: "LineItem",
        id: store.nextId(),
        title: product?.title ?? "Deleted product",
        variantTitle: variant && variant.title !== "Default Title" ? variant.title : null,
        sku: variant?.sku ?? null,
        vendor: product?.vendor ?? null,
        quantity,
        price: money(price),
        productId: product?.id ?? null,
        variantId: variant?.id ?? null,
      });
    }
    const customerId = customerIds.length > 0 && random.chance(0.9) ? random.pick(customerIds) : null;
    const customer = customerId === null ? undefined : store.customers.get(customerId);
    const discounts = random.chance(0.15) ? subtotal * 0.1 : 0;
    const tax = (subtotal - discounts) * 0.08;
    const cancelled = random.chance(0.03);
    const financialStatus: FinancialStatus = cancelled
      ? random.pick(["VOIDED", "REFUNDED"] as const)
      : random.pick(["PAID", "PAID", "PAID", "PENDING", "AUTHORIZED", "PARTIALLY_REFUNDED", "REFUNDED", "PARTIALLY_PAID"] as const);
    const fulfillmentStatus: FulfillmentStatus =
      createdAt < now - 5 * DAY_MS
        ? random.pick(["FULFILLED", "FULFILLED", "FULFILLED", "PARTIALLY_FULFILLED", "UNFULFILLED"] as const)
        : "UNFULFILLED";
    const updatedAt = random.chance(0.3) ? between(createdAt, now) : createdAt + random.int(0, 3_600_000);
    const number = 1001 + o;
    const order: OrderRecord = {
      __typename: "Order",
      id: store.nextId(),
      number,
      name: `#${number}`,
      email: customer?.email ?? (random.chance(0.5) ? `guest${number}@example.com` : null),
      phone: customer?.phone ?? null,
      customerId,
      currencyCode: "USD",
      presentmentCurrencyCode: random.chance(0.1) ? "EUR" : "USD",
      subtotalPrice: money(subtotal - discounts),
      totalTax: money(tax),
      totalDiscounts: money(discounts),
      totalPrice: money(subtotal - discounts + tax),
      financialStatus,
      fulfillmentStatus,
      cancelledAt: cancelled ? iso(createdAt + DAY_MS) : null,
      cancelReason: cancelled ? random.pick(["CUSTOMER", "FRAUD", "INVENTORY", "OTHER"] as const) : null,
      closedAt: fulfillmentStatus === "FULFILLED" && random.chance(0.5) ? iso(createdAt + 3 * DAY_MS) : null,
      test: random.chance(0.01),
      tags: random.chance(0.1) ? ["wholesale"] : [],
      note: random.chance(0.03) ? "Gift wrap, please 🎁" : null,
      sourceName: random.pick(["web", "web", "pos", "shopify_draft_order", "iphone"]),
      lineItems,
      processedAt: iso(createdAt),
      createdAt: iso(createdAt),
      updatedAt: iso(Math.min(updatedAt, now)),
    };
    store.putOrder(order);
  }

  // Real-world mess after the fact: deleted customers (2%) and deleted products (1%) whose orders remain.
  for (const id of customerIds) if (random.chance(0.02)) store.deleteCustomer(id);
  for (const id of productIds.slice(spec.hugeProducts)) if (random.chance(0.01)) store.deleteProduct(id);
  return store;
}
