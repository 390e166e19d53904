import { inventoryLevelGid, toGid } from "./ids.ts";
import type { ShopStore } from "./store/shop-store.ts";
import type {
  CustomerRecord,
  InventoryItemRecord,
  InventoryLevelRecord,
  OrderRecord,
  ProductRecord,
  VariantRecord,
} from "./store/types.ts";

/**
 * An instant as Shopify's REST API writes it: the wall clock of the shop's IANA time zone with its
 * UTC offset at that instant, to the second (`2026-03-10T20:30:00+09:00`, `2026-07-01T08:00:00-04:00`).
 * GraphQL answers the same instant in UTC (`...Z`): a consumer that drops the offset compares clocks.
 */
export function restTimestamp(isoUtc: string, timeZone: string): string {
  const instant = new Date(isoUtc);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      timeZoneName: "longOffset",
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  // "GMT+09:00", "GMT-04:00", or plain "GMT" for a zero offset.
  const offset = parts.timeZoneName === "GMT" ? "+00:00" : String(parts.timeZoneName).replace("GMT", "");
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

const UTC_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Every `*_at` timestamp of a REST payload (nested too) in the shop's time zone, as Shopify sends them. */
export function inShopTimeZone<T>(value: T, timeZone: string, key = ""): T {
  if (Array.isArray(value)) return value.map((item) => inShopTimeZone(item, timeZone)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inShopTimeZone(v, timeZone, k)])) as T;
  }
  if (typeof value === "string" && key.endsWith("_at") && UTC_ISO.test(value)) return restTimestamp(value, timeZone) as T;
  return value;
}

/**
 * Webhook bodies in the REST Admin API shape of each topic (snake_case, numeric ids, prices as
 * strings, `admin_graphql_api_id`), trimmed to the fields a sync needs plus Shopify's common ones.
 */
type Payload = Record<string, unknown>;

function variantPayload(store: ShopStore, v: VariantRecord): Payload {
  const available = store.levelsOfItem(v.inventoryItemId).reduce((sum, l) => sum + l.quantities.available, 0);
  return {
    admin_graphql_api_id: toGid("ProductVariant", v.id),
    barcode: v.barcode,
    compare_at_price: v.compareAtPrice,
    created_at: v.createdAt,
    id: v.id,
    inventory_policy: v.inventoryPolicy.toLowerCase(),
    position: v.position,
    price: v.price,
    product_id: v.productId,
    sku: v.sku,
    taxable: v.taxable,
    title: v.title,
    updated_at: v.updatedAt,
    option1: v.selectedOptions[0]?.value ?? null,
    option2: v.selectedOptions[1]?.value ?? null,
    option3: v.selectedOptions[2]?.value ?? null,
    image_id: null,
    inventory_item_id: v.inventoryItemId,
    inventory_quantity: available,
    old_inventory_quantity: available,
  };
}

export function productPayload(store: ShopStore, p: ProductRecord): Payload {
  const variants = p.variantIds.map((id) => store.variants.get(id)).filter((v): v is VariantRecord => v !== undefined);
  return {
    admin_graphql_api_id: toGid("Product", p.id),
    body_html: p.descriptionHtml,
    created_at: p.createdAt,
    handle: p.handle,
    id: p.id,
    product_type: p.productType,
    published_at: p.publishedAt,
    template_suffix: null,
    title: p.title,
    updated_at: p.updatedAt,
    vendor: p.vendor,
    status: p.status.toLowerCase(),
    published_scope: "global",
    tags: p.tags.join(", "),
    variants: variants.map((v) => variantPayload(store, v)),
    options: p.options.map((o, i) => ({ name: o.name, id: p.id * 10 + i, product_id: p.id, position: i + 1, values: o.values })),
    images: [],
    image: null,
    media: [],
    variant_gids: variants.map((v) => ({ admin_graphql_api_id: toGid("ProductVariant", v.id), updated_at: v.updatedAt })),
    has_variants_that_requires_components: false,
    category: null,
  };
}

export function deletedPayload(id: number): Payload {
  return { id };
}

function customerRef(c: CustomerRecord | undefined, id: number | null): Payload | null {
  if (id === null) return null;
  if (!c) return { id, admin_graphql_api_id: toGid("Customer", id) };
  return {
    id: c.id,
    email: c.email,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    first_name: c.firstName,
    last_name: c.lastName,
    state: c.state.toLowerCase(),
    note: c.note,
    verified_email: c.verifiedEmail,
    tax_exempt: c.taxExempt,
    phone: c.phone,
    tags: c.tags.join(", "),
    currency: "USD",
    admin_graphql_api_id: toGid("Customer", c.id),
  };
}

export function customerPayload(c: CustomerRecord): Payload {
  return {
    ...customerRef(c, c.id),
    addresses: [],
    tax_exemptions: [],
    email_marketing_consent: c.email ? { state: "not_subscribed", opt_in_level: "single_opt_in", consent_updated_at: null } : null,
    sms_marketing_consent: null,
    default_address: null,
  };
}

export function customerDeletedPayload(id: number): Payload {
  return {
    id,
    phone: null,
    addresses: [],
    tax_exemptions: [],
    email_marketing_consent: null,
    sms_marketing_consent: null,
    admin_graphql_api_id: toGid("Customer", id),
  };
}

function moneySet(amount: string, currency: string): Payload {
  return { shop_money: { amount, currency_code: currency }, presentment_money: { amount, currency_code: currency } };
}

export function orderPayload(store: ShopStore, o: OrderRecord): Payload {
  return {
    id: o.id,
    admin_graphql_api_id: toGid("Order", o.id),
    name: o.name,
    number: o.number - 1000,
    order_number: o.number,
    email: o.email,
    phone: o.phone,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
    processed_at: o.processedAt,
    cancelled_at: o.cancelledAt,
    cancel_reason: o.cancelReason?.toLowerCase() ?? null,
    closed_at: o.closedAt,
    currency: o.currencyCode,
    presentment_currency: o.presentmentCurrencyCode,
    financial_status: o.financialStatus.toLowerCase(),
    fulfillment_status:
      o.fulfillmentStatus === "FULFILLED" ? "fulfilled" : o.fulfillmentStatus === "PARTIALLY_FULFILLED" ? "partial" : null,
    subtotal_price: o.subtotalPrice,
    total_tax: o.totalTax,
    total_discounts: o.totalDiscounts,
    total_price: o.totalPrice,
    total_price_set: moneySet(o.totalPrice, o.currencyCode),
    tags: o.tags.join(", "),
    note: o.note,
    test: o.test,
    source_name: o.sourceName,
    customer: customerRef(o.customerId === null ? undefined : store.customers.get(o.customerId), o.customerId),
    line_items: o.lineItems.map((l) => ({
      id: l.id,
      admin_graphql_api_id: toGid("LineItem", l.id),
      title: l.title,
      name: l.variantTitle ? `${l.title} - ${l.variantTitle}` : l.title,
      variant_title: l.variantTitle,
      quantity: l.quantity,
      current_quantity: l.quantity,
      sku: l.sku,
      vendor: l.vendor,
      price: l.price,
      price_set: moneySet(l.price, o.currencyCode),
      product_id: l.productId,
      variant_id: l.variantId,
    })),
  };
}

export function inventoryLevelPayload(level: InventoryLevelRecord): Payload {
  return {
    inventory_item_id: level.inventoryItemId,
    location_id: level.locationId,
    available: level.quantities.available,
    updated_at: level.updatedAt,
    admin_graphql_api_id: inventoryLevelGid(level.locationId, level.inventoryItemId),
  };
}

export function inventoryItemPayload(store: ShopStore, item: InventoryItemRecord): Payload {
  return {
    id: item.id,
    sku: store.variants.get(item.variantId)?.sku ?? null,
    created_at: item.createdAt,
    updated_at: item.updatedAt,
    requires_shipping: item.requiresShipping,
    cost: item.unitCost,
    country_code_of_origin: null,
    province_code_of_origin: null,
    harmonized_system_code: null,
    tracked: item.tracked,
    country_harmonized_system_codes: [],
    admin_graphql_api_id: toGid("InventoryItem", item.id),
  };
}

export function shopPayload(store: ShopStore, planName: string): Payload {
  const s = store.shop;
  return {
    id: s.id,
    name: s.name,
    email: s.email,
    domain: s.domain,
    myshopify_domain: s.domain,
    currency: s.currencyCode,
    iana_timezone: s.ianaTimezone,
    plan_name: planName,
    created_at: s.createdAt,
  };
}
