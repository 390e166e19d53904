/**
 * Installing ShopSync on a shop: Shopify's authorization code grant, done by @shopify/shopify-api
 * (state nonce in a signed cookie, hmac and timestamp checks, shop-domain sanitising, the code
 * exchange). ShopSync asks for expiring offline tokens (1 hour, rotating refresh token), which
 * Shopify requires of public apps from 2027-01-01.
 */
import {
  CookieNotFound,
  InvalidHmacError,
  InvalidOAuthError,
  InvalidShopError,
  HttpResponseError,
  BotActivityDetected,
} from "@shopify/shopify-api";
import { AppError } from "../errors";
import { saveInstalledShop } from "../shops/shop-queries";
import { requestSync } from "../sync/request-sync";
import { shopify } from "./config";
import { browserUrl } from "./origin";
import { adminClientFor, tokenColumns } from "./shop-tokens";
import { ensureWebhookSubscriptions } from "./webhook-subscriptions";

export const CALLBACK_PATH = "/api/auth/shopify/callback";

/** Redirect to Shopify's authorize page, with the state cookie set. */
export async function beginInstall(request: Request, shop: string): Promise<Response> {
  const response = (await shopify().auth.begin({ shop, callbackPath: CALLBACK_PATH, isOnline: false, rawRequest: request })) as Response;
  const location = response.headers.get("Location");
  const headers = new Headers(response.headers);
  if (location) headers.set("Location", browserUrl(location));
  return new Response(null, { status: response.status, headers });
}

export interface InstallResult {
  shopDomain: string;
  syncRunId: string;
  /** Headers the library produced (it deletes the state cookie: a callback cannot be replayed). */
  headers: Headers;
}

/**
 * Verifies the callback (hmac, timestamp, state cookie, shop), exchanges the code, stores the
 * tokens encrypted, registers webhooks and starts the first sync. A forged, replayed or expired
 * callback is refused before anything is written.
 */
export async function completeInstall(request: Request): Promise<InstallResult> {
  let callback;
  try {
    callback = await shopify().auth.callback({ rawRequest: request, expiring: true });
  } catch (error) {
    if (error instanceof CookieNotFound)
      throw new AppError("forbidden", "This install link was already used or has expired. Start the install again.", { cause: error });
    if (
      error instanceof InvalidOAuthError ||
      error instanceof InvalidHmacError ||
      error instanceof InvalidShopError ||
      error instanceof BotActivityDetected
    ) {
      throw new AppError("forbidden", "Shopify's answer could not be verified. Start the install again.", { cause: error });
    }
    if (error instanceof HttpResponseError)
      throw new AppError("forbidden", "Shopify refused the authorization code (used or expired). Start the install again.", {
        cause: error,
      });
    throw error;
  }
  const { session, headers } = callback;
  const domain = session.shop;
  const tokens = tokenColumns(session, domain);
  const shop = await saveInstalledShop(domain, tokens, session.scope ?? "");
  await ensureWebhookSubscriptions(adminClientFor(domain));
  const { runId } = await requestSync({ shopId: shop.id, shopDomain: domain, kind: "FULL", trigger: "install" });
  return { shopDomain: domain, syncRunId: runId, headers: new Headers(headers as HeadersInit) };
}
