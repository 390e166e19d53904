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

/** What a redaction erased. */
export interface RedactionResult {
  customers: number;
  orders: number;
  exports: number;
  deadLetters: number;
}

/** The dead-letter payload that replaces one holding the customer's data. */
const ERASED_PAYLOAD = JSON.stringify({ erased: "customers/redact" });

/**
 * Erases the customer's personal data everywhere ShopSync keeps it, in one transaction:
 * - Customer: email, names and phone cleared, redactedAt set (the row stays for order history);
 * - Order: email cleared, redactedAt set;
 * - the upserts keep those columns NULL on rows with redactedAt (upsert-rows.ts), so no later
 *   copy (a late webhook, a sync page, a dead-letter replay) writes them back;
 * - DataRequestExport: the customer's exports (by id, or holding their email or phone) are deleted;
 * - FailedSyncItem: dead letters about the customer or their orders, or whose payload holds their
 *   email or phone, have the payload (and any error text naming them) erased and are closed
 *   ABANDONED (the next refresh copies those orders again, without the email).
 */
export async function redactCustomer(ref: CustomerRef): Promise<RedactionResult> {
  return db().$transaction(async (tx) => {
    const now = new Date();
    const customerWhere = { shopId: ref.shopId, OR: [{ shopifyId: ref.customerId }, ...(ref.email ? [{ email: ref.email }] : [])] };
    const stored = await tx.customer.findMany({
      where: customerWhere,
      select: { email: true, phone: true, firstName: true, lastName: true },
    });
    const customers = await tx.customer.updateMany({
      where: customerWhere,
      data: { email: null, firstName: null, lastName: null, phone: null, redactedAt: now },
    });
    const orders = await tx.order.updateMany({ where: ordersOf(ref), data: { email: null, redactedAt: now } });

    // Contact details identify the customer's data in free text; names only ever go with them.
    const contacts = [...new Set([ref.email, ...stored.flatMap((row) => [row.email, row.phone])].filter((v): v is string => !!v))];
    const names = stored.flatMap((row) => [row.firstName, row.lastName]).filter((v): v is string => !!v && v.length > 2);
    const exports = await tx.$executeRaw`
      DELETE FROM "DataRequestExport" WHERE "shopId" = ${ref.shopId}
        AND ("customerId" = ${ref.customerId} OR EXISTS (SELECT 1 FROM unnest(${contacts}::text[]) c WHERE strpos(payload::text, c) > 0))`;
    const ids = [ref.customerId, ...ref.orderIds];
    const deadLetters = await tx.$executeRaw`
      UPDATE "FailedSyncItem" SET "rawPayload" = ${ERASED_PAYLOAD},
        "errorMessage" = CASE WHEN EXISTS (SELECT 1 FROM unnest(${[...contacts, ...names]}::text[]) c WHERE strpos("errorMessage", c) > 0)
          THEN 'erased by customers/redact' ELSE "errorMessage" END,
        "errorStack" = NULL, "resolvedAt" = COALESCE("resolvedAt", ${now}), resolution = COALESCE(resolution, 'ABANDONED'),
        "nextRetryAt" = NULL, "isOpen" = NULL, "updatedAt" = now()
      WHERE "shopId" = ${ref.shopId} AND "rawPayload" <> ${ERASED_PAYLOAD}
        AND ("shopifyId" = ANY(${ids}::text[]) OR EXISTS (SELECT 1 FROM unnest(${contacts}::text[]) c WHERE strpos("rawPayload", c) > 0))`;
    return { customers: customers.count, orders: orders.count, exports, deadLetters };
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
