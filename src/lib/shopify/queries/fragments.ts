/**
 * The fields ShopSync copies, per resource, shared by the paginated queries, the bulk queries and
 * the single-record fetches, so every path stores the same shape. They are selections, not
 * documents: the documents that embed them are listed in queries/index.ts and validated against
 * the pinned Admin schema by tests/unit/shopify/app-documents.test.ts.
 */
export const PRODUCT_FIELDS = `id title handle status vendor productType tags createdAt updatedAt`;

export const VARIANT_FIELDS = `id title sku barcode price compareAtPrice position createdAt updatedAt inventoryItem { id }`;

/** Order fields an app may read without protected customer data access. */
export const ORDER_FIELDS_WITHOUT_PII = `id name customer { id } displayFinancialStatus displayFulfillmentStatus currencyCode
  totalPriceSet { shopMoney { amount } } subtotalPriceSet { shopMoney { amount } } totalTaxSet { shopMoney { amount } }
  processedAt cancelledAt closedAt createdAt updatedAt`;

/** Plus the order's contact email, which Shopify guards as protected customer data. */
export const ORDER_FIELDS = `${ORDER_FIELDS_WITHOUT_PII} email`;

export const LINE_ITEM_FIELDS = `id title sku quantity variant { id } product { id } originalUnitPriceSet { shopMoney { amount } }`;

export const CUSTOMER_FIELDS = `id firstName lastName state numberOfOrders tags createdAt updatedAt
  defaultEmailAddress { emailAddress } defaultPhoneNumber { phoneNumber } amountSpent { amount currencyCode }`;

export const LOCATION_FIELDS = `id name isActive updatedAt address { city countryCode }`;

export const INVENTORY_ITEM_FIELDS = `id sku tracked createdAt updatedAt`;

export const INVENTORY_LEVEL_FIELDS = `id updatedAt location { id } quantities(names: ["available", "on_hand", "committed", "incoming", "reserved"]) { name quantity }`;
