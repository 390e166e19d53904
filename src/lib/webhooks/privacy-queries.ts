/**
 * customers/redact and customers/data_request: a customer's personal data, erased or exported.
 * A customer is matched by id, and their orders by customer id, by the order ids Shopify lists,
 * and by email (guest orders placed with the same address).
 */
import { db } from "../db";

export interface CustomerRef {
  shopId: string;
  customerId: string;
  email: string | null;
  orderIds: string[];
}

function ordersOf(ref: CustomerRef) {
  return {
    shopId: ref.shopId,
    OR: [{ customerId: ref.customerId }, { shopifyId: { in: ref.orderIds } }, ...(ref.email ? [{ email: ref.email }] : [])],
  };
}

/** Clears the customer's email, names and phone (the row stays for order history) and their orders' email. */
export async function redactCustomer(ref: CustomerRef): Promise<{ customers: number; orders: number }> {
  return db().$transaction(async (tx) => {
    const customers = await tx.customer.updateMany({
      where: { shopId: ref.shopId, OR: [{ shopifyId: ref.customerId }, ...(ref.email ? [{ email: ref.email }] : [])] },
      data: { email: null, firstName: null, lastName: null, phone: null, redactedAt: new Date() },
    });
    const orders = await tx.order.updateMany({ where: ordersOf(ref), data: { email: null } });
    return { customers: customers.count, orders: orders.count };
  });
}

const CUSTOMER_COLUMNS = {
  shopifyId: true,
  email: true,
  firstName: true,
  lastName: true,
  phone: true,
  state: true,
  numberOfOrders: true,
  amountSpent: true,
  currencyCode: true,
  tags: true,
  redactedAt: true,
  shopifyCreatedAt: true,
  shopifyUpdatedAt: true,
} as const;

const ORDER_COLUMNS = {
  shopifyId: true,
  name: true,
  email: true,
  customerId: true,
  displayFinancialStatus: true,
  displayFulfillmentStatus: true,
  currencyCode: true,
  totalPrice: true,
  subtotalPrice: true,
  totalTax: true,
  processedAt: true,
  cancelledAt: true,
  closedAt: true,
  shopifyCreatedAt: true,
  shopifyUpdatedAt: true,
  lineItems: {
    select: { shopifyId: true, title: true, sku: true, quantity: true, variantId: true, productId: true, unitPrice: true },
    orderBy: { shopifyId: "asc" },
  },
} as const;

export interface DataRequest extends CustomerRef {
  requestId: string;
  requestedAt: Date;
}

/** Writes (or rewrites, for a redelivery) the export of everything stored about the customer. */
export async function exportCustomerData(request: DataRequest): Promise<{ exportId: string; customers: number; orders: number }> {
  const customers = await db().customer.findMany({
    where: { shopId: request.shopId, OR: [{ shopifyId: request.customerId }, ...(request.email ? [{ email: request.email }] : [])] },
    select: CUSTOMER_COLUMNS,
    orderBy: { shopifyId: "asc" },
  });
  const orders = await db().order.findMany({ where: ordersOf(request), select: ORDER_COLUMNS, orderBy: { shopifyCreatedAt: "asc" } });
  // Decimals and dates to their JSON forms (strings), as the merchant will hand them over.
  const payload = JSON.parse(
    JSON.stringify({ customerId: request.customerId, email: request.email, generatedAt: new Date(), customers, orders }),
  ) as object;
  const completedAt = new Date();
  const row = await db().dataRequestExport.upsert({
    where: { shopId_shopifyRequestId: { shopId: request.shopId, shopifyRequestId: request.requestId } },
    create: {
      shopId: request.shopId,
      shopifyRequestId: request.requestId,
      customerId: request.customerId,
      requestedAt: request.requestedAt,
      payload,
      completedAt,
    },
    update: { payload, completedAt },
    select: { id: true },
  });
  return { exportId: row.id, customers: customers.length, orders: orders.length };
}
