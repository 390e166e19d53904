/**
 * TikTok Shop Partner API (202309) over HTTP: app_key, timestamp, shop_cipher and the signature in
 * the query, the token in `x-tts-access-token`, the `{code, message, data}` envelope, the shop
 * authorization (authorize URL, code -> tokens, refresh, the shop's cipher), and shop calls that
 * refresh an expired token once. Transient trouble is retried by channelRequest; refused
 * credentials are ChannelAuthError; other refusals PlatformRejection.
 */
import { z } from "zod";
import { ChannelAuthError, ChannelUnavailableError } from "../errors";
import { channelRequest } from "../http";
import { PlatformRejection } from "../marketplace/platform-error";
import { ShopTokenKeeper, type ShopTokens, type ShopTokenStore } from "../marketplace/shop-tokens";
import type { Pacer } from "../pacer";
import type { TikTokCredentials } from "./credentials";
import { tiktokSignature } from "./sign";

export interface TikTokApp {
  appKey: string;
  appSecret: string;
}

export interface TikTokHttp {
  origin: string;
  authOrigin: string;
  app: TikTokApp;
  pacer: Pacer;
  timeoutMs: number;
  maxAttempts?: number;
}

const envelopeSchema = z.looseObject({ code: z.number(), message: z.string().optional(), data: z.unknown().optional() });
const tokenSchema = z.looseObject({
  access_token: z.string().min(1),
  access_token_expire_in: z.number().int(),
  refresh_token: z.string().min(1),
});
const shopsSchema = z.looseObject({ shops: z.array(z.looseObject({ id: z.string(), cipher: z.string() })).min(1) });

/** Codes that mean the app or the shop's token is refused (UNVERIFIED beyond 106001: docs/marketplace-sims.md). */
const TOKEN_CODES = new Set([105001, 105002]);
const AUTH_CODES = new Set([106001, 106011, 105000]);

type Envelope = z.infer<typeof envelopeSchema>;

async function send(http: TikTokHttp, method: string, url: string, headers: Record<string, string>, body?: string): Promise<Envelope> {
  const response = await channelRequest(
    url,
    () => ({ method, headers: { "Content-Type": "application/json", ...headers }, ...(body === undefined ? {} : { body }) }),
    {
      pacer: http.pacer,
      timeoutMs: http.timeoutMs,
      maxAttempts: http.maxAttempts,
    },
  );
  const text = await response.text();
  try {
    return envelopeSchema.parse(JSON.parse(text));
  } catch {
    throw new ChannelUnavailableError(
      `TikTok Shop answered ${response.status} without its envelope: ${text.slice(0, 200)}`,
      response.status,
    );
  }
}

/** The page a merchant is sent to; TikTok Shop redirects to the app's registered URL with code and state. */
export function tiktokAuthorizeUrl(authOrigin: string, app: TikTokApp, state: string): string {
  const url = new URL(`${authOrigin}/oauth/authorize`);
  url.searchParams.set("app_key", app.appKey);
  url.searchParams.set("state", state);
  return url.toString();
}

async function tokenCall(http: TikTokHttp, path: string, params: Record<string, string>): Promise<ShopTokens> {
  const url = new URL(`${http.authOrigin}${path}`);
  for (const [key, value] of Object.entries({ app_key: http.app.appKey, app_secret: http.app.appSecret, ...params }))
    url.searchParams.set(key, value);
  const envelope = await send(http, "GET", url.toString(), {});
  if (envelope.code !== 0)
    throw new ChannelAuthError(`TikTok Shop refused the token request: ${envelope.code} ${envelope.message ?? ""}`.trim());
  const token = tokenSchema.parse(envelope.data);
  return { accessToken: token.access_token, refreshToken: token.refresh_token, accessExpiresAt: token.access_token_expire_in };
}

export const refreshTikTokTokens = (http: TikTokHttp, refreshToken: string) =>
  tokenCall(http, "/api/v2/token/refresh", { refresh_token: refreshToken, grant_type: "refresh_token" });

/** The code from the authorization redirect buys the tokens; the authorized shop's id and cipher come next. */
export async function exchangeTikTokCode(http: TikTokHttp, code: string): Promise<TikTokCredentials> {
  const tokens = await tokenCall(http, "/api/v2/token/get", { auth_code: code, grant_type: "authorized_code" });
  const envelope = await signedSend(http, "GET", "/authorization/202309/shops", {}, undefined, tokens.accessToken);
  if (envelope.code !== 0)
    throw new ChannelAuthError(`TikTok Shop refused to list the authorized shops: ${envelope.code} ${envelope.message ?? ""}`.trim());
  const shop = shopsSchema.parse(envelope.data).shops[0]!;
  return { shopId: shop.id, shopCipher: shop.cipher, ...tokens };
}

function signedSend(
  http: TikTokHttp,
  method: string,
  path: string,
  query: Record<string, string>,
  body: unknown,
  accessToken: string,
): Promise<Envelope> {
  const params: Record<string, string> = { app_key: http.app.appKey, timestamp: String(Math.floor(Date.now() / 1000)), ...query };
  const text = body === undefined ? "" : JSON.stringify(body);
  const url = new URL(`${http.origin}${path}`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  url.searchParams.set("sign", tiktokSignature(http.app.appSecret, path, params, text));
  return send(http, method, url.toString(), { "x-tts-access-token": accessToken }, body === undefined ? undefined : text);
}

/** Signed shop calls with a live token and the shop's cipher. */
export class TikTokShopApi {
  private readonly keeper: ShopTokenKeeper;

  constructor(
    private readonly http: TikTokHttp,
    private readonly shopCipher: string,
    store: ShopTokenStore,
  ) {
    this.keeper = new ShopTokenKeeper(store, (refreshToken) => refreshTikTokTokens(http, refreshToken));
  }

  async call(method: "GET" | "POST", path: string, query: Record<string, string> = {}, body?: unknown): Promise<unknown> {
    let token = await this.keeper.accessToken();
    for (let attempt = 1; ; attempt++) {
      const envelope = await signedSend(this.http, method, path, { shop_cipher: this.shopCipher, ...query }, body, token);
      if (envelope.code === 0) return envelope.data;
      if (TOKEN_CODES.has(envelope.code) && attempt === 1) {
        token = await this.keeper.accessToken(token);
        continue;
      }
      const message = `${envelope.code} ${envelope.message ?? ""}`.trim();
      if (TOKEN_CODES.has(envelope.code) || AUTH_CODES.has(envelope.code))
        throw new ChannelAuthError(`TikTok Shop refused the shop's credentials: ${message}`);
      if (envelope.code === 36009004 || envelope.code === 36009009) throw new ChannelUnavailableError(`TikTok Shop: ${message}`);
      throw new PlatformRejection(String(envelope.code), envelope.message ?? message);
    }
  }
}
