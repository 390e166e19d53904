/**
 * A shop's offline access token, kept valid. Shopify's expiring offline tokens live one hour and
 * come with a refresh token that rotates on every use, so:
 * - the token is refreshed a few minutes before it expires, inside whatever step needs it;
 * - refreshes of one shop are serialised by a lease in the Shop row, and the token is re-read
 *   under the lease, so two workers rarely spend the same refresh token;
 * - no database transaction is open while Shopify answers: the new pair is stored, encrypted, in
 *   its own short statement the moment it arrives (a rolled-back commit would lose it);
 * - the refresh request has a timeout (OAUTH_REQUEST_TIMEOUT_MS), and a lost answer keeps the stored pair:
 *   Shopify keeps the stored refresh token usable until its replacement is used.
 */
import "server-only";
import { HttpResponseError, type Session } from "@shopify/shopify-api";
import { decryptShopSecret, encryptShopSecret } from "../crypto/secrets";
import {
  acquireTokenRefreshLease,
  readEncryptedShopTokens,
  releaseTokenRefreshLease,
  saveEncryptedShopTokens,
} from "../shops/shop-queries";
import { env } from "../env";
import { AppError } from "../errors";
import { ShopifyAdmin } from "./admin-client";
import { shopify } from "./config";
import { OAUTH_REQUEST_TIMEOUT_MS } from "./origin";
import { ShopifyAuthError, ShopifyRequestError } from "./shopify-errors";
import { log } from "../log";
import { countSyncRunRequestStat } from "../sync/sync-run-queries";

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
  const shop = await readEncryptedShopTokens(shopDomain);
  if (!shop?.accessToken) throw new ShopifyAuthError(shopDomain, 401, `${shopDomain} has no access token (not installed)`);
  return {
    accessToken: decryptShopSecret(shop.accessToken, shopDomain),
    accessTokenExpiresAt: shop.accessTokenExpiresAt,
    refreshToken: shop.refreshToken ? decryptShopSecret(shop.refreshToken, shopDomain) : null,
    refreshTokenExpiresAt: shop.refreshTokenExpiresAt,
  };
}

const isFresh = (tokens: StoredTokens, now = Date.now()) =>
  !tokens.accessTokenExpiresAt || tokens.accessTokenExpiresAt.getTime() - now > refreshMarginMs();

/** Longest a refresh may hold the shop's lease: the request's own timeout, and room to persist. */
const leaseMs = () => OAUTH_REQUEST_TIMEOUT_MS + 15_000;
const LEASE_POLL_MS = 200;
const PERSIST_ATTEMPTS = 5;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Shopify's answer to a refresh. A refusal (4xx: the refresh token is invalid, expired or revoked)
 * cannot heal: the shop needs a reinstall. Anything else (timeout, network, 5xx) may have been
 * processed by Shopify without the answer arriving; Shopify keeps the stored refresh token usable
 * until its replacement is used, so the stored pair stays and the caller retries later.
 */
async function requestRefresh(shopDomain: string, refreshToken: string): Promise<Session> {
  try {
    return (await shopify().auth.refreshToken({ shop: shopDomain, refreshToken })).session;
  } catch (error) {
    const code = error instanceof HttpResponseError ? error.response.code : undefined;
    if (code !== undefined && code >= 400 && code < 500 && code !== 429)
      throw new ShopifyAuthError(shopDomain, 401, `Shopify refused to refresh ${shopDomain}'s token: ${(error as Error).message}`);
    throw new ShopifyRequestError(`refreshing ${shopDomain}'s token failed (the stored token is kept): ${(error as Error).message}`, error);
  }
}

/**
 * Stores a pair Shopify just issued, in its own one-statement transaction, retried: the previous
 * refresh token is spent once the new one is used, so this pair must not be lost.
 */
async function persistRefreshedTokens(shopDomain: string, session: Session): Promise<void> {
  const data = { ...tokenColumns(session, shopDomain), tokenRefreshLeaseUntil: null };
  for (let attempt = 1; ; attempt++) {
    try {
      await saveEncryptedShopTokens(shopDomain, data);
      return;
    } catch (error) {
      if (attempt >= PERSIST_ATTEMPTS) throw error;
      await sleep(250 * 2 ** attempt);
    }
  }
}

const acquireRefreshLease = (shopDomain: string) => acquireTokenRefreshLease(shopDomain, leaseMs());
const releaseRefreshLease = releaseTokenRefreshLease;

/**
 * Refreshes the shop's token; `force` refreshes even a token that looks fresh (after a 401).
 * One worker at a time per shop holds a short lease in the Shop row (no database transaction is
 * open while Shopify answers); the others wait and use what it stored. The new pair is stored the
 * moment it arrives.
 */
export async function refreshShopToken(shopDomain: string, force = false): Promise<string> {
  const seen = (await readTokens(shopDomain)).accessToken;
  const deadline = Date.now() + leaseMs() * 2;
  for (;;) {
    const current = await readTokens(shopDomain);
    const refreshedByAnother = current.accessToken !== seen;
    if ((refreshedByAnother || !force) && isFresh(current)) return current.accessToken;
    if (!current.refreshToken) {
      if (isFresh(current)) return current.accessToken; // a non-expiring token: nothing to refresh
      throw new ShopifyAuthError(shopDomain, 401, `${shopDomain}'s access token expired and there is no refresh token`);
    }
    if (await acquireRefreshLease(shopDomain)) {
      let persisted = false;
      try {
        // Re-read under the lease: the previous holder may have stored a new pair just now.
        const leased = await readTokens(shopDomain);
        if (leased.accessToken !== seen && isFresh(leased)) return leased.accessToken;
        const session = await requestRefresh(shopDomain, leased.refreshToken ?? current.refreshToken);
        await persistRefreshedTokens(shopDomain, session);
        persisted = true;
        log.info({ shop: shopDomain, expires: session.expires?.toISOString() ?? null }, "access token refreshed");
        return session.accessToken!;
      } finally {
        if (!persisted) await releaseRefreshLease(shopDomain).catch(() => undefined);
      }
    }
    if (Date.now() > deadline) throw new ShopifyRequestError(`waited too long for another worker to refresh ${shopDomain}'s token`);
    await sleep(LEASE_POLL_MS);
  }
}

export async function validAccessToken(shopDomain: string): Promise<string> {
  const tokens = await readTokens(shopDomain);
  return isFresh(tokens) ? tokens.accessToken : refreshShopToken(shopDomain);
}

/** A paced Admin client for the shop whose token is refreshed as needed. */
/** The shop's Admin client; with a sync run, its THROTTLED answers and retries are counted on the run's row. */
export function adminClientFor(shopDomain: string, options: { syncRunId?: string } = {}): ShopifyAdmin {
  const { syncRunId } = options;
  return new ShopifyAdmin({
    shop: shopDomain,
    ...(syncRunId ? { onStat: (stat: "throttled" | "retries") => countSyncRunRequestStat(syncRunId, stat) } : {}),
    timeoutMs: env().SHOPIFY_REQUEST_TIMEOUT_MS,
    accessToken: () => validAccessToken(shopDomain),
    refreshAccessToken: async () => {
      try {
        return await refreshShopToken(shopDomain, true);
      } catch (error) {
        // A refusal means the 401 stands; a lost or failed answer is retried like any failed request.
        if (!(error instanceof ShopifyAuthError)) throw error;
        log.error({ shop: shopDomain, err: error }, "token refresh failed");
        return undefined;
      }
    },
  });
}
