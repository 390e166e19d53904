/**
 * A shop's offline access token, kept valid. Shopify's expiring offline tokens live one hour and
 * come with a refresh token that rotates on every use, so:
 * - the token is refreshed a few minutes before it expires, inside whatever step needs it;
 * - refreshes of one shop are serialised by a Postgres advisory lock, and the token is re-read
 *   under the lock, so two workers never spend the same refresh token (the second would be refused);
 * - the new access and refresh tokens are stored in the same transaction, encrypted.
 */
import type { Session } from "@shopify/shopify-api";
import { decryptShopSecret, encryptShopSecret } from "../crypto/secrets";
import { db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { ShopifyAdmin } from "./admin-client";
import { shopify } from "./config";
import { ShopifyAuthError } from "./shopify-errors";

/** Refresh when less than this is left (default 5 min), so a step never starts with a dying token. */
const refreshMarginMs = () => env().SHOPIFY_TOKEN_REFRESH_MARGIN_SECONDS * 1000;

export interface StoredTokens {
  accessToken: string;
  accessTokenExpiresAt: Date | null;
  refreshToken: string | null;
  refreshTokenExpiresAt: Date | null;
}

/** The encrypted columns for a session Shopify just issued. */
export function tokenColumns(
  session: Pick<Session, "accessToken" | "expires" | "refreshToken" | "refreshTokenExpires">,
  shopDomain: string,
) {
  if (!session.accessToken) throw new AppError("upstream_failed", "Shopify returned no access token");
  return {
    accessToken: encryptShopSecret(session.accessToken, shopDomain),
    accessTokenExpiresAt: session.expires ?? null,
    refreshToken: session.refreshToken ? encryptShopSecret(session.refreshToken, shopDomain) : null,
    refreshTokenExpiresAt: session.refreshTokenExpires ?? null,
  };
}

async function readTokens(shopDomain: string): Promise<StoredTokens> {
  const shop = await db().shop.findUnique({
    where: { domain: shopDomain },
    select: { accessToken: true, accessTokenExpiresAt: true, refreshToken: true, refreshTokenExpiresAt: true, uninstalledAt: true },
  });
  if (!shop?.accessToken || shop.uninstalledAt)
    throw new ShopifyAuthError(shopDomain, 401, `${shopDomain} has no access token (not installed)`);
  return {
    accessToken: decryptShopSecret(shop.accessToken, shopDomain),
    accessTokenExpiresAt: shop.accessTokenExpiresAt,
    refreshToken: shop.refreshToken ? decryptShopSecret(shop.refreshToken, shopDomain) : null,
    refreshTokenExpiresAt: shop.refreshTokenExpiresAt,
  };
}

const isFresh = (tokens: StoredTokens, now = Date.now()) =>
  !tokens.accessTokenExpiresAt || tokens.accessTokenExpiresAt.getTime() - now > refreshMarginMs();

/** Refreshes under a per-shop lock; `force` refreshes even a token that looks fresh (after a 401). */
export async function refreshShopToken(shopDomain: string, force = false): Promise<string> {
  return db().$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`shop-token:${shopDomain}`}))`;
      const current = await readTokens(shopDomain);
      if (!force && isFresh(current)) return current.accessToken; // another worker refreshed first
      if (!current.refreshToken) {
        if (isFresh(current)) return current.accessToken; // a non-expiring token: nothing to refresh
        throw new ShopifyAuthError(shopDomain, 401, `${shopDomain}'s access token expired and there is no refresh token`);
      }
      let session: Session;
      try {
        ({ session } = await shopify().auth.refreshToken({ shop: shopDomain, refreshToken: current.refreshToken }));
      } catch (error) {
        throw new ShopifyAuthError(shopDomain, 401, `Shopify refused to refresh ${shopDomain}'s token: ${(error as Error).message}`);
      }
      await tx.shop.update({ where: { domain: shopDomain }, data: tokenColumns(session, shopDomain) });
      return session.accessToken!;
    },
    { timeout: 30_000 },
  );
}

export async function validAccessToken(shopDomain: string): Promise<string> {
  const tokens = await readTokens(shopDomain);
  return isFresh(tokens) ? tokens.accessToken : refreshShopToken(shopDomain);
}

/** A paced Admin client for the shop whose token is refreshed as needed. */
export function adminClientFor(shopDomain: string): ShopifyAdmin {
  return new ShopifyAdmin({
    shop: shopDomain,
    timeoutMs: env().SHOPIFY_REQUEST_TIMEOUT_MS,
    accessToken: () => validAccessToken(shopDomain),
    refreshAccessToken: async () => {
      try {
        return await refreshShopToken(shopDomain, true);
      } catch (error) {
        console.error(`token refresh for ${shopDomain} failed:`, error);
        return undefined;
      }
    },
  });
}
