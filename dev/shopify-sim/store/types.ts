/**
 * In-memory records of one simulated shop. Ids are Shopify's numeric legacy ids; the GraphQL layer
 * turns them into gids. Every record carries `__typename` so `node(id:)` and abstract types resolve.
 * Timestamps are ISO-8601 strings in UTC, like Shopify's DateTime.
 */
export const QUANTITY_NAMES = ["available", "on_hand", "committed", "incoming", "reserved"] as const;
export type QuantityName = (typeof QUANTITY_NAMES)[number];

export type ProductStatus = "ACTIVE" | "ARCHIVED" | "DRAFT" | "UNLISTED";

export interface ProductOptionRecord {
  name: string;
  values: string[];
}

export interface ProductRecord {
  __typename: "Product";
  id: number;
  title: string;
  handle: string;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  status: ProductStatus;
  tags: string[];
  options: ProductOptionRecord[];
  variantIds: number[];
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

export interface VariantRecord {
  __typename: "ProductVariant";
  id: number;
  productId: number;
  title: string;
  sku: string | null;
  barcode: string | null;
  price: string;
  compareAtPrice: string | null;
  position: number;
  inventoryItemId: number;
  inventoryPolicy: "DENY" | "CONTINUE";
  taxable: boolean;
  selectedOptions: { name: string; value: string }[];
  createdAt: string;
  updatedAt: string;
}

export interface InventoryItemRecord {
  __typename: "InventoryItem";
  id: number;
  variantId: number;
  tracked: boolean;
  requiresShipping: boolean;
  unitCost: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface InventoryLevelRecord {
  __typename: "InventoryLevel";
  inventoryItemId: number;
  locationId: number;
  quantities: Record<QuantityName, number>;
  createdAt: string;
  updatedAt: string;
}

export interface LocationRecord {
  __typename: "Location";
  id: number;
  name: string;
  isActive: boolean;
  fulfillsOnlineOrders: boolean;
  address: {
    address1: string | null;
    city: string | null;
    province: string | null;
    provinceCode: string | null;
    country: string | null;
    countryCode: string | null;
    zip: string | null;
  };
  createdAt: string;
  updatedAt: string;
}

export type CustomerState = "DECLINED" | "DISABLED" | "ENABLED" | "INVITED";

export interface CustomerRecord {
  __typename: "Customer";
  id: number;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  state: CustomerState;
  tags: string[];
  note: string | null;
  verifiedEmail: boolean;
  taxExempt: boolean;
  locale: string;
  createdAt: string;
  updatedAt: string;
}

export interface LineItemRecord {
  __typename: "LineItem";
  id: number;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  vendor: string | null;
  quantity: number;
  price: string;
  /** May point at a product or variant deleted since the order was placed. */
  productId: number | null;
  variantId: number | null;
}

export type FinancialStatus = "AUTHORIZED" | "PAID" | "PARTIALLY_PAID" | "PARTIALLY_REFUNDED" | "PENDING" | "REFUNDED" | "VOIDED";
export type FulfillmentStatus = "FULFILLED" | "PARTIALLY_FULFILLED" | "UNFULFILLED";

export interface OrderRecord {
  __typename: "Order";
  id: number;
  number: number;
  name: string;
  email: string | null;
  phone: string | null;
  /** May reference a customer that has since been deleted. */
  customerId: number | null;
  currencyCode: string;
  presentmentCurrencyCode: string;
  subtotalPrice: string;
  totalTax: string;
  totalDiscounts: string;
  totalPrice: string;
  financialStatus: FinancialStatus;
  fulfillmentStatus: FulfillmentStatus;
  cancelledAt: string | null;
  cancelReason: "CUSTOMER" | "DECLINED" | "FRAUD" | "INVENTORY" | "OTHER" | "STAFF" | null;
  closedAt: string | null;
  test: boolean;
  tags: string[];
  note: string | null;
  sourceName: string;
  lineItems: LineItemRecord[];
  processedAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface ShopInfo {
  id: number;
  name: string;
  domain: string;
  email: string;
  currencyCode: string;
  ianaTimezone: string;
  createdAt: string;
}
