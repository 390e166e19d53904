/**
 * Shopee Open Platform v2 over HTTP: the common parameters and signature on every call, the
 * `{error, message, response}` envelope, the shop authorization (authorize URL, code -> tokens,
 * refresh), and shop calls that refresh an expired token once. Transient trouble is retried by
 * channelRequest; refused credentials are ChannelAuthError; other refusals PlatformRejection.
 */
import { z } from "zod";
import { ChannelAuthError, ChannelUnavailableError } from "../errors";
import { channelRequest } from "../http";
import { PlatformRejection } from "../marketplace/platform-error";
import { ShopTokenKeeper, type ShopTokens, type ShopTokenStore } from "../marketplace/shop-tokens";
import type { Pacer } from "../pacer";
import type { ShopeeCredentials } from "./credentials";
import { shopeeSignature } from "./sign";

export interface ShopeeApp {
  partnerId: number;
  partnerKey: string;
}

export interface ShopeeHttp {
  origin: string;
  app: ShopeeApp;
  pacer: Pacer;
  timeoutMs: number;
  maxAttempts?: number;
}

const envelopeSchema = z.looseObject({ error: z.string().optional(), message: z.string().optional(), response: z.unknown().optional() });
const tokenSchema = z.looseObject({ access_token: z.string().min(1), refresh_token: z.string().min(1), expire_in: z.number().int() });

const AUTH_ERRORS = new Set(["error_auth", "error_permission", "error_shop_auth"]);
const TOKEN_ERRORS = new Set(["invalid_access_token", "invalid_acceess_token"]);

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Query values; an array repeats the key (e.g. `item_status`). */
type Query = Record<string, string | string[]>;

function signedUrl(http: ShopeeHttp, path: string, query: Query, shop?: { accessToken: string; shopId: number }): string {
  const timestamp = nowSeconds();
  const url = new URL(`${http.origin}${path}`);
  url.searchParams.set("partner_id", String(http.app.partnerId));
  url.searchParams.set("timestamp", String(timestamp));
  if (shop) {
    url.searchParams.set("access_token", shop.accessToken);
    url.searchParams.set("shop_id", String(shop.shopId));
  }
  url.searchParams.set("sign", shopeeSignature(http.app.partnerKey, http.app.partnerId, path, timestamp, shop));
  for (const [key, value] of Object.entries(query)) for (const one of [value].flat()) url.searchParams.append(key, one);
  return url.toString();
}

/** The page a merchant is sent to; Shopee redirects back to `redirect` with code and shop_id. */
export function shopeeAuthorizeUrl(origin: string, app: ShopeeApp, redirect: string): string {
  return signedUrl({ origin, app } as ShopeeHttp, "/api/v2/shop/auth_partner", { redirect });
}

async function send(http: ShopeeHttp, method: "GET" | "POST", url: string, body: unknown): Promise<z.infer<typeof envelopeSchema>> {
  const response = await channelRequest(
    url,
    () => ({ method, headers: { "Content-Type": "application/json" }, ...(method === "POST" ? { body: JSON.stringify(body ?? {}) } : {}) }),
    { pacer: http.pacer, timeoutMs: http.timeoutMs, maxAttempts: http.maxAttempts },
  );
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ChannelUnavailableError(`Shopee answered ${response.status} without JSON: ${text.slice(0, 200)}`, response.status);
  }
  const envelope = envelopeSchema.parse(json);
  return envelope;
}

function tokensFrom(envelope: z.infer<typeof envelopeSchema>): ShopTokens {
  const token = tokenSchema.parse(envelope);
  return { accessToken: token.access_token, refreshToken: token.refresh_token, accessExpiresAt: nowSeconds() + token.expire_in };
}

/** The code from the authorization redirect buys the shop's first tokens. */
export async function exchangeShopeeCode(http: ShopeeHttp, code: string, shopId: number): Promise<ShopeeCredentials> {
  const envelope = await send(http, "POST", signedUrl(http, "/api/v2/auth/token/get", {}), {
    code,
    partner_id: http.app.partnerId,
    shop_id: shopId,
  });
  if (envelope.error)
    throw new ChannelAuthError(`Shopee refused the authorization code: ${envelope.error} ${envelope.message ?? ""}`.trim());
  return { shopId, ...tokensFrom(envelope) };
}

export async function refreshShopeeTokens(http: ShopeeHttp, refreshToken: string, shopId: number): Promise<ShopTokens> {
  const envelope = await send(http, "POST", signedUrl(http, "/api/v2/auth/access_token/get", {}), {
    refresh_token: refreshToken,
    partner_id: http.app.partnerId,
    shop_id: shopId,
  });
  if (envelope.error) throw new ChannelAuthError(`Shopee refused the refresh token: ${envelope.error} ${envelope.message ?? ""}`.trim());
  return tokensFrom(envelope);
}

/** Signed shop calls with a live token. */
export class ShopeeShopApi {
  private readonly keeper: ShopTokenKeeper;

  constructor(
    private readonly http: ShopeeHttp,
    private readonly shopId: number,
    store: ShopTokenStore,
  ) {
    this.keeper = new ShopTokenKeeper(store, (refreshToken) => refreshShopeeTokens(http, refreshToken, shopId));
  }

  async call(method: "GET" | "POST", path: string, query: Query = {}, body?: unknown): Promise<unknown> {
    let token = await this.keeper.accessToken();
    for (let attempt = 1; ; attempt++) {
      const envelope = await send(this.http, method, signedUrl(this.http, path, query, { accessToken: token, shopId: this.shopId }), body);
      const error = envelope.error ?? "";
      if (!error) return envelope.response;
      if (TOKEN_ERRORS.has(error) && attempt === 1) {
        token = await this.keeper.accessToken(token);
        continue;
      }
      if (TOKEN_ERRORS.has(error) || AUTH_ERRORS.has(error) || error === "error_sign")
        throw new ChannelAuthError(`Shopee refused the shop's credentials: ${error} ${envelope.message ?? ""}`.trim());
      if (error === "error_too_many_request" || error === "error_server" || error === "error_inner")
        throw new ChannelUnavailableError(`Shopee: ${error} ${envelope.message ?? ""}`.trim());
      throw new PlatformRejection(error, envelope.message || error);
    }
  }
}
