/**
 * Shopify nodes as ShopSync reads them (the fields in queries/fragments.ts), validated with zod and
 * flattened into one row per record. The paginated path (children nested in connections) and the
 * bulk path (children on their own JSONL lines with __parentId) produce the same rows.
 */
import { z } from "zod";

const gid = (type: string) => z.string().regex(new RegExp(`^gid://shopify/${type}/\\d+$`), `must be a ${type} GID`);
const dateTime = z.iso.datetime({ offset: true });
const money = z.string().regex(/^-?\d+(\.\d+)?$/, "must be a decimal amount");
const moneyBag = z.object({ shopMoney: z.object({ amount: money }) });
const ref = (type: string) => z.object({ id: gid(type) });

export const productNode = z.object({
  id: gid("Product"),
  title: z.string(),
  handle: z.string(),
  status: z.string(),
  vendor: z.string().nullable(),
  productType: z.string().nullable(),
  tags: z.array(z.string()),
  createdAt: dateTime,
  updatedAt: dateTime,
});

export const variantNode = z.object({
  id: gid("ProductVariant"),
  title: z.string(),
  sku: z.string().nullable(),
  barcode: z.string().nullable(),
  price: money,
  compareAtPrice: money.nullable(),
  position: z.number().int(),
  createdAt: dateTime,
  updatedAt: dateTime,
  inventoryItem: ref("InventoryItem").nullable(),
});

export const orderNode = z.object({
  id: gid("Order"),
  name: z.string(),
  email: z.string().nullable(),
  customer: ref("Customer").nullable(),
  displayFinancialStatus: z.string().nullable(),
  displayFulfillmentStatus: z.string().nullable(),
  currencyCode: z.string(),
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
  title: z.string(),
  sku: z.string().nullable(),
  quantity: z.number().int(),
  variant: ref("ProductVariant").nullable(),
  product: ref("Product").nullable(),
  originalUnitPriceSet: moneyBag,
});

export const customerNode = z.object({
  id: gid("Customer"),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  state: z.string().nullable(),
  numberOfOrders: z.union([z.string(), z.number()]).transform((value) => Number(value)),
  tags: z.array(z.string()),
  createdAt: dateTime,
  updatedAt: dateTime,
  defaultEmailAddress: z.object({ emailAddress: z.string().nullable() }).nullable(),
  defaultPhoneNumber: z.object({ phoneNumber: z.string().nullable() }).nullable(),
  amountSpent: z.object({ amount: money, currencyCode: z.string() }).nullable(),
});

export const locationNode = z.object({
  id: gid("Location"),
  name: z.string(),
  isActive: z.boolean(),
  updatedAt: dateTime,
  address: z.object({ city: z.string().nullable(), countryCode: z.string().nullable() }).nullable(),
});

export const inventoryItemNode = z.object({
  id: gid("InventoryItem"),
  sku: z.string().nullable(),
  tracked: z.boolean(),
  createdAt: dateTime,
  updatedAt: dateTime,
});

export const QUANTITY_NAMES = ["available", "on_hand", "committed", "incoming", "reserved"] as const;

export const inventoryLevelNode = z.object({
  id: z.string().regex(/^gid:\/\/shopify\/InventoryLevel\/\d+(\?inventory_item_id=\d+)?$/, "must be an InventoryLevel GID"),
  updatedAt: dateTime,
  location: ref("Location"),
  quantities: z.array(z.object({ name: z.string(), quantity: z.number().int() })),
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
