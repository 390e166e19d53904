import { isMalformed } from "../faults.ts";
import { toGid } from "../ids.ts";
import type { SearchSpec } from "../search-query.ts";
import type { CustomerRecord, LineItemRecord, OrderRecord } from "../store/types.ts";
import { connection, connectionArgs, moneyBag, plainType, type ListOptions } from "./common.ts";
import { orderVisibleFrom, protectedDataDenied, requireScope, type Resolve, type SimContext, type TypeImpl } from "./context.ts";

export const orderSearch: SearchSpec<OrderRecord> = {
  resource: "orders",
  fields: {
    id: { type: "number", get: (o) => o.id },
    name: { type: "string", get: (o) => o.name },
    email: { type: "string", get: (o) => o.email },
    customer_id: { type: "number", get: (o) => o.customerId },
    tag: { type: "string", get: (o) => o.tags },
    test: { type: "string", get: (o) => String(o.test) },
    financial_status: { type: "string", get: (o) => o.financialStatus },
    fulfillment_status: {
      type: "string",
      get: (o) =>
        o.fulfillmentStatus === "FULFILLED" ? "shipped" : o.fulfillmentStatus === "PARTIALLY_FULFILLED" ? "partial" : "unshipped",
    },
    status: {
      type: "custom",
      match: (o, _c, value) =>
        value
          .toLowerCase()
          .split(",")
          .some(
            (v) =>
              v === "any" ||
              (v === "open" && o.closedAt === null && o.cancelledAt === null) ||
              (v === "closed" && o.closedAt !== null) ||
              (v === "cancelled" && o.cancelledAt !== null),
          ),
    },
    created_at: { type: "date", get: (o) => o.createdAt },
    updated_at: { type: "date", get: (o) => o.updatedAt },
    processed_at: { type: "date", get: (o) => o.processedAt },
  },
  freeText: (o) => `${o.name} ${o.email ?? ""}`,
};

export function orderList(ctx: SimContext): ListOptions<OrderRecord> {
  const from = orderVisibleFrom(ctx);
  return {
    resource: "orders",
    items: () => ctx.shop.store.orders.values(),
    id: (o) => o.id,
    search: orderSearch,
    sortKeys: {
      ID: (o) => o.id,
      CREATED_AT: (o) => o.createdAt,
      UPDATED_AT: (o) => o.updatedAt,
      PROCESSED_AT: (o) => o.processedAt,
      ORDER_NUMBER: (o) => o.number,
      TOTAL_PRICE: (o) => Number(o.totalPrice),
    },
    visible: Number.isFinite(from) ? (o) => Date.parse(o.createdAt) >= from : undefined,
  };
}

export const customerSearch: SearchSpec<CustomerRecord> = {
  resource: "customers",
  fields: {
    id: { type: "number", get: (c) => c.id },
    email: { type: "string", get: (c) => c.email },
    phone: { type: "string", get: (c) => c.phone },
    first_name: { type: "string", get: (c) => c.firstName },
    last_name: { type: "string", get: (c) => c.lastName },
    state: { type: "string", get: (c) => c.state },
    tag: { type: "string", get: (c) => c.tags },
    created_at: { type: "date", get: (c) => c.createdAt },
    updated_at: { type: "date", get: (c) => c.updatedAt },
  },
  freeText: (c) => `${c.firstName ?? ""} ${c.lastName ?? ""} ${c.email ?? ""}`,
};

export function customerList(ctx: SimContext): ListOptions<CustomerRecord> {
  return {
    resource: "customers",
    items: () => ctx.shop.store.customers.values(),
    id: (c) => c.id,
    search: customerSearch,
    sortKeys: {
      ID: (c) => c.id,
      CREATED_AT: (c) => c.createdAt,
      UPDATED_AT: (c) => c.updatedAt,
      NAME: (c) => `${c.firstName ?? ""} ${c.lastName ?? ""}`.trim().toLowerCase(),
    },
  };
}

/** Protected customer data: names, emails, phones are denied when the fault is on. */
function guarded<T>(resolve: Resolve<T>): Resolve<T> {
  return (source, args, ctx, info) => {
    if (ctx.shop.faults.protectedCustomerData) throw protectedDataDenied(info);
    return resolve(source, args, ctx, info);
  };
}

const money =
  (pick: (o: OrderRecord) => string): Resolve<OrderRecord> =>
  (o, _a, ctx) => {
    const amount = isMalformed(ctx.shop.faults, o.id) ? "NaN" : pick(o);
    return moneyBag(amount, o.currencyCode, o.presentmentCurrencyCode);
  };

export const orderType: TypeImpl<OrderRecord> = {
  id: (o) => toGid("Order", o.id),
  legacyResourceId: (o) => String(o.id),
  name: (o) => o.name,
  email: guarded((o) => o.email),
  phone: guarded((o) => o.phone),
  createdAt: (o) => o.createdAt,
  updatedAt: (o) => o.updatedAt,
  processedAt: (o) => o.processedAt,
  cancelledAt: (o) => o.cancelledAt,
  cancelReason: (o) => o.cancelReason,
  closedAt: (o) => o.closedAt,
  closed: (o) => o.closedAt !== null,
  confirmed: () => true,
  test: (o) => o.test,
  tags: (o) => o.tags,
  note: (o) => o.note,
  sourceName: (o) => o.sourceName,
  taxExempt: () => false,
  currencyCode: (o) => o.currencyCode,
  presentmentCurrencyCode: (o) => o.presentmentCurrencyCode,
  displayFinancialStatus: (o) => o.financialStatus,
  displayFulfillmentStatus: (o) => o.fulfillmentStatus,
  subtotalPriceSet: money((o) => o.subtotalPrice),
  totalTaxSet: money((o) => o.totalTax),
  totalDiscountsSet: money((o) => o.totalDiscounts),
  totalPriceSet: money((o) => o.totalPrice),
  currentTotalPriceSet: money((o) => (o.cancelledAt || o.financialStatus === "REFUNDED" ? "0.00" : o.totalPrice)),
  customer: (o, _a, ctx, info) => {
    requireScope(ctx, "read_customers", info);
    return o.customerId === null ? null : (ctx.shop.store.customers.get(o.customerId) ?? null);
  },
  lineItems: {
    args: connectionArgs(),
    resolve: (o, args, ctx, info) => connection(o.lineItems, args, { value: (l) => l.id, id: (l) => l.id }, ctx, info),
  },
};

export const lineItemType: TypeImpl<LineItemRecord & { order?: OrderRecord }> = {
  id: (l) => toGid("LineItem", l.id),
  title: (l) => l.title,
  name: (l) => (l.variantTitle ? `${l.title} - ${l.variantTitle}` : l.title),
  variantTitle: (l) => l.variantTitle,
  sku: (l) => l.sku,
  vendor: (l) => l.vendor,
  quantity: (l) => l.quantity,
  currentQuantity: (l) => l.quantity,
  originalUnitPriceSet: (l, _a, ctx) => moneyBag(l.price, ctx.shop.store.shop.currencyCode, ctx.shop.store.shop.currencyCode),
  discountedUnitPriceSet: (l, _a, ctx) => moneyBag(l.price, ctx.shop.store.shop.currencyCode, ctx.shop.store.shop.currencyCode),
  product: (l, _a, ctx) => (l.productId === null ? null : (ctx.shop.store.products.get(l.productId) ?? null)),
  variant: (l, _a, ctx) => (l.variantId === null ? null : (ctx.shop.store.variants.get(l.variantId) ?? null)),
};

export const customerType: TypeImpl<CustomerRecord> = {
  id: (c) => toGid("Customer", c.id),
  legacyResourceId: (c) => String(c.id),
  firstName: guarded((c) => c.firstName),
  lastName: guarded((c) => c.lastName),
  displayName: guarded((c) => [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email || c.phone || "No name"),
  email: guarded((c, _a, ctx) => (c.email && isMalformed(ctx.shop.faults, c.id) ? `${c.email}\u0000` : c.email)),
  phone: guarded((c) => c.phone),
  defaultEmailAddress: guarded((c) =>
    c.email === null
      ? null
      : { emailAddress: c.email, marketingState: "NOT_SUBSCRIBED", validFormat: true, marketingOptInLevel: null, marketingUpdatedAt: null },
  ),
  defaultPhoneNumber: guarded((c) => (c.phone === null ? null : { phoneNumber: c.phone })),
  state: (c) => c.state,
  tags: (c) => c.tags,
  note: (c) => c.note,
  verifiedEmail: (c) => c.verifiedEmail,
  taxExempt: (c) => c.taxExempt,
  locale: (c) => c.locale,
  createdAt: (c) => c.createdAt,
  updatedAt: (c) => c.updatedAt,
  numberOfOrders: (c, _a, ctx) => String(ctx.shop.store.customerStats(c.id).numberOfOrders),
  amountSpent: (c, _a, ctx) => ({
    amount: ctx.shop.store.customerStats(c.id).amountSpent.toFixed(2),
    currencyCode: ctx.shop.store.shop.currencyCode,
  }),
};

export const customerEmailAddressType: TypeImpl<unknown> = plainType([
  "emailAddress",
  "marketingState",
  "validFormat",
  "marketingOptInLevel",
  "marketingUpdatedAt",
]);
export const customerPhoneNumberType: TypeImpl<unknown> = plainType(["phoneNumber"]);
export const moneyBagType: TypeImpl<unknown> = plainType(["shopMoney", "presentmentMoney"]);
export const moneyV2Type: TypeImpl<unknown> = plainType(["amount", "currencyCode"]);
