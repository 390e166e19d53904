/** Failures of a Shopify call, by what the caller should do about them. */

/** 401/403: the token is revoked or the app uninstalled. Retrying cannot heal it; reinstall can. */
export class ShopifyAuthError extends Error {
  constructor(
    readonly shop: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ShopifyAuthError";
  }
}

/** ACCESS_DENIED on a field (e.g. protected customer data): skip what it guards, keep the rest. */
export class ShopifyAccessDeniedError extends Error {
  constructor(
    readonly shop: string,
    message: string,
    readonly paths: string[],
  ) {
    super(message);
    this.name = "ShopifyAccessDeniedError";
  }
}

/** Anything else Shopify refused (bad query, user errors, exhausted retries). */
export class ShopifyRequestError extends Error {
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ShopifyRequestError";
  }
}
