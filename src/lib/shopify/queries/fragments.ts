/**
 * The fields ShopSync copies, per resource, as GraphQL fragments shared by the paginated queries,
 * the bulk queries (inlined by selectionOf) and the single-record fetches, so every path stores
 * the same shape. The documents that spread them are listed in queries/index.ts, validated against
 * the pinned Admin schema by tests/unit/shopify/app-documents.test.ts, and typed by
 * `npm run graphql:codegen` (src/lib/shopify/types).
 *
 * Each is a #graphql template literal `as const` with fragments interpolated by bare name: codegen
 * resolves those names, and the literal type is the key the generated types are found by.
 */
export const PRODUCT_FIELDS = `#graphql
  fragment ProductFields on Product {
    id title handle status vendor productType tags createdAt updatedAt
  }
` as const;

export const VARIANT_FIELDS = `#graphql
  fragment VariantFields on ProductVariant {
    id title sku barcode price compareAtPrice position createdAt updatedAt inventoryItem { id }
  }
` as const;

/** Order fields an app may read without protected customer data access. */
export const ORDER_FIELDS_WITHOUT_PII = `#graphql
  fragment OrderFieldsWithoutPii on Order {
    id name customer { id } displayFinancialStatus displayFulfillmentStatus currencyCode
    totalPriceSet { shopMoney { amount } } subtotalPriceSet { shopMoney { amount } } totalTaxSet { shopMoney { amount } }
    processedAt cancelledAt closedAt createdAt updatedAt
  }
` as const;

/** Plus the order's contact email, which Shopify guards as protected customer data. */
export const ORDER_FIELDS = `#graphql
  fragment OrderFields on Order {
    ...OrderFieldsWithoutPii
    email
  }
  ${ORDER_FIELDS_WITHOUT_PII}
` as const;

export const LINE_ITEM_FIELDS = `#graphql
  fragment LineItemFields on LineItem {
    id title sku quantity variant { id } product { id } originalUnitPriceSet { shopMoney { amount } }
  }
` as const;

export const CUSTOMER_FIELDS = `#graphql
  fragment CustomerFields on Customer {
    id firstName lastName state numberOfOrders tags createdAt updatedAt
    defaultEmailAddress { emailAddress } defaultPhoneNumber { phoneNumber } amountSpent { amount currencyCode }
  }
` as const;

export const LOCATION_FIELDS = `#graphql
  fragment LocationFields on Location {
    id name isActive updatedAt address { city countryCode }
  }
` as const;

export const INVENTORY_ITEM_FIELDS = `#graphql
  fragment InventoryItemFields on InventoryItem {
    id sku tracked createdAt updatedAt
  }
` as const;

export const INVENTORY_LEVEL_FIELDS = `#graphql
  fragment InventoryLevelFields on InventoryLevel {
    id updatedAt location { id } quantities(names: ["available", "on_hand", "committed", "incoming", "reserved"]) { name quantity }
  }
` as const;
