/**
 * The one Admin API version ShopSync speaks: the Admin client's URL, @shopify/shopify-api's
 * configuration and the codegen schema (dev/shopify-schema/admin_<version>.json.gz) all use it, and
 * every GraphQL document is validated against it.
 */
import { ApiVersion } from "@shopify/shopify-api";

export const SHOPIFY_API_VERSION = ApiVersion.October26;
