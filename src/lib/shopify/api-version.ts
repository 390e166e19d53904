/** The one Admin API version ShopSync speaks; every GraphQL document is validated against it. */
export const SHOPIFY_API_VERSION = "2026-10";
