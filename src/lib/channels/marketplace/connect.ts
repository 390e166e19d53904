/**
 * Connecting a marketplace shop as the platforms do it: the merchant is sent to the platform's
 * authorization page with a random state; the platform sends them back with a one-time code; the
 * callback checks the state against the signed cookie set when they left (same shop, same kind, not
 * older than 10 minutes), trades the code for the shop's tokens and stores the channel.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { channelOrigins, env, marketplaceApps } from "../../env";
import { AppError } from "../../errors";
import { findInstalledShop } from "../../shops/shop-queries";
import { upsertMarketplaceChannel } from "../channel-queries";
import { isMarketplaceKind, type MarketplaceKind } from "../connectors";
import { pacerFor } from "../pacer";
import { exchangeShopeeCode, shopeeAuthorizeUrl } from "../shopee/shopee-api";
import { exchangeTikTokCode, tiktokAuthorizeUrl } from "../tiktok/tiktok-api";

export const CONNECT_STATE_COOKIE = "shopsync_channel_connect";
const STATE_MAX_AGE_SECONDS = 600;

type ExchangeOptions = { pacer: ReturnType<typeof pacerFor>; timeoutMs: number; maxAttempts: number };

/**
 * How each platform authorizes a shop: where the merchant is sent, and how the code it sends back
 * becomes the shop's credentials and the channel's name. A Record, so a new marketplace kind must
 * say its own.
 */
const PLATFORMS: Record<
  MarketplaceKind,
  {
    authorizeUrl(state: string): string;
    exchange(code: string, params: URLSearchParams, options: ExchangeOptions): Promise<{ name: string; credentials: unknown }>;
  }
> = {
  shopee: {
    // Shopee takes the redirect per request: the state rides in it.
    authorizeUrl: (state) => {
      const redirect = new URL(connectCallbackUrl("shopee"));
      redirect.searchParams.set("state", state);
      return shopeeAuthorizeUrl(channelOrigins().shopee, marketplaceApps().shopee!, redirect.toString());
    },
    exchange: async (code, params, options) => {
      const shopId = Number(params.get("shop_id"));
      if (!Number.isInteger(shopId) || shopId <= 0) throw new AppError("bad_request", "Shopee sent no shop_id");
      const credentials = await exchangeShopeeCode(
        { ...options, origin: channelOrigins().shopee, app: marketplaceApps().shopee! },
        code,
        shopId,
      );
      return { name: `Shopee ${shopId}`, credentials };
    },
  },
  tiktok: {
    // TikTok Shop redirects to the URL registered with the app.
    authorizeUrl: (state) => tiktokAuthorizeUrl(channelOrigins().tiktokAuth, marketplaceApps().tiktok!, state),
    exchange: async (code, _params, options) => {
      const origins = channelOrigins();
      const credentials = await exchangeTikTokCode(
        { ...options, origin: origins.tiktok, authOrigin: origins.tiktokAuth, app: marketplaceApps().tiktok! },
        code,
      );
      return { name: `TikTok Shop ${credentials.shopId}`, credentials };
    },
  },
};

const sign = (payload: string) => createHmac("sha256", env().SESSION_SECRET).update(`channel-connect:${payload}`).digest("base64url");

export function parseMarketplaceKind(kind: string | null): MarketplaceKind {
  if (!kind || !isMarketplaceKind(kind)) throw new AppError("bad_request", `kind must be shopee or tiktok`);
  if (!marketplaceApps()[kind]) throw new AppError("bad_request", `${kind} is not configured for this app`);
  return kind;
}

/** The platform's own fixed redirect (TikTok Shop registers it with the app; Shopee takes it per request). */
export const connectCallbackUrl = (kind: MarketplaceKind): string =>
  new URL(`/api/channels/connect/callback/${kind}`, env().APP_URL).toString();

/** Where to send the merchant, and the cookie that remembers the state. */
export async function beginMarketplaceConnect(shopDomain: string, kind: MarketplaceKind): Promise<{ location: string; cookie: string }> {
  await findInstalledShop(shopDomain);
  const state = randomBytes(18).toString("base64url");
  const payload = Buffer.from(JSON.stringify({ state, kind, shop: shopDomain, iat: Math.floor(Date.now() / 1000) })).toString("base64url");
  const location = PLATFORMS[kind].authorizeUrl(state);
  const secure = env().APP_URL.startsWith("https:") ? "; Secure" : "";
  return {
    location,
    cookie: `${CONNECT_STATE_COOKIE}=${payload}.${sign(payload)}; Path=/api/channels/connect; HttpOnly; SameSite=Lax; Max-Age=${STATE_MAX_AGE_SECONDS}${secure}`,
  };
}

export const clearConnectCookie = (): string => `${CONNECT_STATE_COOKIE}=; Path=/api/channels/connect; HttpOnly; SameSite=Lax; Max-Age=0`;

function checkState(cookie: string | undefined, state: string | null, kind: MarketplaceKind, shopDomain: string): void {
  const refuse = () =>
    new AppError("forbidden", "the authorization's state does not match this browser's request; start the connection again");
  const [payload, signature] = (cookie ?? "").split(".");
  if (!payload || !signature || !state) throw refuse();
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw refuse();
  const saved = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
    state: string;
    kind: string;
    shop: string;
    iat: number;
  };
  const sameState = saved.state.length === state.length && timingSafeEqual(Buffer.from(saved.state), Buffer.from(state));
  if (!sameState || saved.kind !== kind || saved.shop !== shopDomain || Date.now() / 1000 - saved.iat > STATE_MAX_AGE_SECONDS)
    throw refuse();
}

/** Checks the state, trades the code for the shop's tokens, stores the channel (reconnecting one the shop has). */
export async function completeMarketplaceConnect(
  shopDomain: string,
  kind: MarketplaceKind,
  params: URLSearchParams,
  cookie: string | undefined,
): Promise<{ id: string }> {
  checkState(cookie, params.get("state"), kind, shopDomain);
  const shop = await findInstalledShop(shopDomain);
  const code = params.get("code");
  if (!code) throw new AppError("bad_request", "the platform sent no authorization code");
  const { name, credentials } = await PLATFORMS[kind].exchange(code, params, {
    pacer: pacerFor(`connect:${kind}`, 5, 5),
    timeoutMs: env().CHANNEL_REQUEST_TIMEOUT_MS,
    maxAttempts: env().CHANNEL_REQUEST_ATTEMPTS,
  });
  return upsertMarketplaceChannel({ shopId: shop.id, kind, name, credentials });
}

export function readConnectCookie(request: Request): string | undefined {
  const cookies = request.headers.get("cookie") ?? "";
  return cookies
    .split(/;\s*/)
    .find((part) => part.startsWith(`${CONNECT_STATE_COOKIE}=`))
    ?.slice(CONNECT_STATE_COOKIE.length + 1);
}
