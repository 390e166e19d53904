/**
 * orders/create, orders/updated, orders/delete. The REST order carries every field ShopSync
 * stores for an order and its line items; its statuses are the lower-case REST forms of the
 * GraphQL display statuses (fulfillment_status null = UNFULFILLED, "partial" = PARTIALLY_FULFILLED).
 */
import { z } from "zod";
import { upsertParentWithChildren } from "../record-queries";
import { defineDeleteTopic, defineTopic, gid, restDateTime, restId, restMoney, upsertNote } from "./define-topic";

const moneySet = z.object({ shop_money: z.object({ amount: restMoney }) });

const lineItemPayload = z.object({
  id: restId,
  title: z.string(),
  sku: z.string().nullable().optional(),
  quantity: z.number().int(),
  variant_id: restId.nullable().optional(),
  product_id: restId.nullable().optional(),
  price: restMoney,
  price_set: moneySet.optional(),
});

export const orderPayload = z.object({
  id: restId,
  name: z.string(),
  email: z.string().nullable().optional(),
  customer: z.object({ id: restId }).nullable().optional(),
  financial_status: z.string().nullable().optional(),
  fulfillment_status: z.string().nullable().optional(),
  currency: z.string(),
  total_price: restMoney,
  subtotal_price: restMoney.nullable().optional(),
  total_tax: restMoney.nullable().optional(),
  processed_at: restDateTime.nullable().optional(),
  cancelled_at: restDateTime.nullable().optional(),
  closed_at: restDateTime.nullable().optional(),
  created_at: restDateTime,
  updated_at: restDateTime,
  line_items: z.array(lineItemPayload),
});

export type OrderPayload = z.output<typeof orderPayload>;

const FULFILLMENT_STATUS: Record<string, string> = { fulfilled: "FULFILLED", partial: "PARTIALLY_FULFILLED", restocked: "RESTOCKED" };

const amount = (value: string) => ({ shopMoney: { amount: value } });

/** The REST order as the GraphQL nodes the full sync reads (queries/fragments.ts). */
export function orderNodes(order: OrderPayload) {
  const orderId = gid("Order", order.id);
  return {
    parent: {
      value: {
        id: orderId,
        name: order.name,
        email: order.email ?? null,
        customer: order.customer ? { id: gid("Customer", order.customer.id) } : null,
        displayFinancialStatus: order.financial_status ? order.financial_status.toUpperCase() : null,
        displayFulfillmentStatus: order.fulfillment_status
          ? (FULFILLMENT_STATUS[order.fulfillment_status] ?? order.fulfillment_status.toUpperCase())
          : "UNFULFILLED",
        currencyCode: order.currency,
        totalPriceSet: amount(order.total_price),
        subtotalPriceSet: order.subtotal_price == null ? null : amount(order.subtotal_price),
        totalTaxSet: order.total_tax == null ? null : amount(order.total_tax),
        processedAt: order.processed_at ?? null,
        cancelledAt: order.cancelled_at ?? null,
        closedAt: order.closed_at ?? null,
        createdAt: order.created_at,
        updatedAt: order.updated_at,
      },
    },
    children: order.line_items.map((line) => ({
      parentId: orderId,
      value: {
        id: gid("LineItem", line.id),
        title: line.title,
        sku: line.sku ?? null,
        quantity: line.quantity,
        variant: line.variant_id ? { id: gid("ProductVariant", line.variant_id) } : null,
        product: line.product_id ? { id: gid("Product", line.product_id) } : null,
        originalUnitPriceSet: amount(line.price_set?.shop_money.amount ?? line.price),
      },
    })),
    // The REST order lists all its line items.
    isCompleteList: true,
  };
}

const upsertOrder = (topic: string) =>
  defineTopic({
    topic,
    schema: orderPayload,
    resourceId: (order) => gid("Order", order.id),
    handle: async ({ shop }, order) =>
      upsertNote(
        await upsertParentWithChildren(shop.id, "Order", orderNodes(order), {
          resourceId: gid("Order", order.id),
          deleteTopic: "orders/delete",
        }),
        "order",
      ),
  });

export const ordersCreate = upsertOrder("orders/create");
export const ordersUpdated = upsertOrder("orders/updated");

/** Line items cascade with their order. */
export const ordersDelete = defineDeleteTopic("orders/delete", "Order");
