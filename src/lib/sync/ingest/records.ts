/**
 * Shopify nodes as ShopSync reads them (the fields in queries/fragments.ts), validated with zod and
 * flattened into one row per record. The paginated path (children nested in connections) and the
 * bulk path (children on their own JSONL lines with __parentId) produce the same rows.
 */
import { z } from "zod";

/** PostgreSQL text cannot hold NUL bytes: such a value is a bad record, not a failed batch. */
const text = z.string().refine((value) => !value.includes("\u0000"), "contains a NUL byte, which PostgreSQL text cannot store");
const gid = (type: string) => z.string().regex(new RegExp(`^gid://shopify/${type}/\\d+$`), `must be a ${type} GID`);
const dateTime = z.iso.datetime({ offset: true });
const money = z.string().regex(/^-?\d+(\.\d+)?$/, "must be a decimal amount");
const moneyBag = z.object({ shopMoney: z.object({ amount: money }) });
const ref = (type: string) => z.object({ id: gid(type) });

export const productNode = z.object({
  id: gid("Product"),
  title: text,
  handle: text,
  status: text,
  vendor: text.nullable(),
  productType: text.nullable(),
  tags: z.array(text),
  createdAt: dateTime,
  updatedAt: dateTime,
});

export const variantNode = z.object({
  id: gid("ProductVariant"),
  title: text,
  sku: text.nullable(),
  barcode: text.nullable(),
  price: money,
  compareAtPrice: money.nullable(),
  position: z.number().int(),
  createdAt: dateTime,
  updatedAt: dateTime,
  inventoryItem: ref("InventoryItem").nullable(),
});

export const orderNode = z.object({
  id: gid("Order"),
  name: text,
  /** Absent when Shopify withholds protected customer data (the query then omits it). */
  email: text.nullable().optional(),
  customer: ref("Customer").nullable(),
  displayFinancialStatus: text.nullable(),
  displayFulfillmentStatus: text.nullable(),
  currencyCode: text,
  totalPriceSet: moneyBag,
  subtotalPriceSet: moneyBag.nullable(),
  totalTaxSet: moneyBag.nullable(),
  processedAt: dateTime.nullable(),
  cancelledAt: dateTime.nullable(),
  closedAt: dateTime.nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
});

export const lineItemNode = z.object({
  id: gid("LineItem"),
  title: text,
  sku: text.nullable(),
  quantity: z.number().int(),
  variant: ref("ProductVariant").nullable(),
  product: ref("Product").nullable(),
  originalUnitPriceSet: moneyBag,
});

export const customerNode = z.object({
  id: gid("Customer"),
  firstName: text.nullable(),
  lastName: text.nullable(),
  state: text.nullable(),
  numberOfOrders: z.union([text, z.number()]).transform((value) => Number(value)),
  tags: z.array(text),
  createdAt: dateTime,
  updatedAt: dateTime,
  defaultEmailAddress: z.object({ emailAddress: text.nullable() }).nullable(),
  defaultPhoneNumber: z.object({ phoneNumber: text.nullable() }).nullable(),
  amountSpent: z.object({ amount: money, currencyCode: text }).nullable(),
});

export const locationNode = z.object({
  id: gid("Location"),
  name: text,
  isActive: z.boolean(),
  updatedAt: dateTime,
  address: z.object({ city: text.nullable(), countryCode: text.nullable() }).nullable(),
});

export const inventoryItemNode = z.object({
  id: gid("InventoryItem"),
  sku: text.nullable(),
  tracked: z.boolean(),
  createdAt: dateTime,
  updatedAt: dateTime,
});

export const QUANTITY_NAMES = ["available", "on_hand", "committed", "incoming", "reserved"] as const;

export const inventoryLevelNode = z.object({
  id: text.regex(/^gid:\/\/shopify\/InventoryLevel\/\d+(\?inventory_item_id=\d+)?$/, "must be an InventoryLevel GID"),
  updatedAt: dateTime,
  location: ref("Location"),
  quantities: z.array(z.object({ name: text, quantity: z.number().int() })),
});

export type ProductNode = z.infer<typeof productNode>;
export type VariantNode = z.infer<typeof variantNode>;
export type OrderNode = z.infer<typeof orderNode>;
export type LineItemNode = z.infer<typeof lineItemNode>;
export type CustomerNode = z.infer<typeof customerNode>;
export type LocationNode = z.infer<typeof locationNode>;
export type InventoryItemNode = z.infer<typeof inventoryItemNode>;
export type InventoryLevelNode = z.infer<typeof inventoryLevelNode>;

/** Which node type a GID names: gid://shopify/<Type>/<id>. */
export function gidType(id: unknown): string | undefined {
  return typeof id === "string" ? /^gid:\/\/shopify\/([A-Za-z]+)\//.exec(id)?.[1] : undefined;
}

/** The zod schema for each node type the sync stores, and the parent type its rows hang from. */
export const NODE_SCHEMAS = {
  Product: { schema: productNode, parent: undefined },
  ProductVariant: { schema: variantNode, parent: "Product" },
  Order: { schema: orderNode, parent: undefined },
  LineItem: { schema: lineItemNode, parent: "Order" },
  Customer: { schema: customerNode, parent: undefined },
  Location: { schema: locationNode, parent: undefined },
  InventoryItem: { schema: inventoryItemNode, parent: undefined },
  InventoryLevel: { schema: inventoryLevelNode, parent: "InventoryItem" },
} as const;

export type NodeType = keyof typeof NODE_SCHEMAS;
