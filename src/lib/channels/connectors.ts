/**
 * Builds the connector of a channel connection from its kind and decrypted credentials; the one
 * place that knows every platform module. Origins come from env (channelOrigins()).
 */
import { channelOrigins, env, marketplaceApps } from "../env";
import { AppError } from "../errors";
import { isMarketplaceKind, type ChannelConnector, type ChannelKind, type ListingPublisher, type MarketplaceKind } from "./channel";
import { AmazonConnector, type TokenStore } from "./amazon/amazon-connector";
import { amazonCredentialsSchema } from "./amazon/credentials";
import { ShipStationConnector } from "./shipstation/shipstation-connector";
import { shipStationCredentialsSchema } from "./shipstation/credentials";
import type { ShopTokenStore } from "./marketplace/shop-tokens";
import { shopeeCredentialsSchema } from "./shopee/credentials";
import { ShopeeConnector } from "./shopee/shopee-connector";
import { tiktokCredentialsSchema } from "./tiktok/credentials";
import { TikTokConnector } from "./tiktok/tiktok-connector";

/** Credentials each kind accepts (POST /api/channels validates against these). */
export const CREDENTIAL_SCHEMAS = {
  amazon: amazonCredentialsSchema,
  shipstation: shipStationCredentialsSchema,
} as const;

export type SupportedChannelKind = keyof typeof CREDENTIAL_SCHEMAS;

export function isSupportedKind(kind: ChannelKind): kind is SupportedChannelKind {
  return kind in CREDENTIAL_SCHEMAS;
}

export interface ConnectorInput {
  id: string;
  kind: ChannelKind;
  credentials: unknown;
  tokenStore?: TokenStore;
  /** Marketplaces (required for them): where the shop's rotating tokens are kept, the connection's credentials. */
  shopTokenStore?: ShopTokenStore;
}

export { isMarketplaceKind, MARKETPLACE_KINDS, type MarketplaceKind } from "./channel";

function marketplaceApp<K extends MarketplaceKind>(kind: K) {
  const app = marketplaceApps()[kind];
  if (!app) throw new AppError("bad_request", `${kind} is not configured for this app (set its partner/app credentials)`);
  return app as NonNullable<ReturnType<typeof marketplaceApps>[K]>;
}

function createMarketplaceConnector(input: ConnectorInput & { kind: MarketplaceKind }): ShopeeConnector | TikTokConnector {
  const common = { connectionKey: input.id, timeoutMs: env().CHANNEL_REQUEST_TIMEOUT_MS, maxAttempts: env().CHANNEL_REQUEST_ATTEMPTS };
  // A rotated refresh token kept only in memory would be lost: the stored pair would no longer refresh.
  const tokenStore = input.shopTokenStore;
  if (!tokenStore) throw new Error(`a ${input.kind} connector needs the connection's shop token store`);
  return MARKETPLACE_CONNECTORS[input.kind]({ ...common, tokenStore }, input.credentials);
}

/** Each marketplace's connector from the connection's credentials: a Record, so a new kind must say its own. */
const MARKETPLACE_CONNECTORS: Record<
  MarketplaceKind,
  (
    common: { connectionKey: string; timeoutMs: number; maxAttempts: number; tokenStore: ShopTokenStore },
    credentials: unknown,
  ) => ShopeeConnector | TikTokConnector
> = {
  shopee: (common, credentials) =>
    new ShopeeConnector({
      ...common,
      credentials: shopeeCredentialsSchema.parse(credentials),
      origin: channelOrigins().shopee,
      app: marketplaceApp("shopee"),
    }),
  tiktok: (common, credentials) =>
    new TikTokConnector({
      ...common,
      credentials: tiktokCredentialsSchema.parse(credentials),
      origin: channelOrigins().tiktok,
      authOrigin: channelOrigins().tiktokAuth,
      app: marketplaceApp("tiktok"),
    }),
};

/** The listing publisher of a marketplace connection. */
export function createPublisher(input: ConnectorInput): ListingPublisher {
  if (!isMarketplaceKind(input.kind)) throw new AppError("bad_request", `${input.kind} channels take stock only; they publish no listings`);
  return createMarketplaceConnector({ ...input, kind: input.kind });
}

export function createConnector(input: ConnectorInput): ChannelConnector {
  const origins = channelOrigins();
  const timeoutMs = env().CHANNEL_REQUEST_TIMEOUT_MS;
  const maxAttempts = env().CHANNEL_REQUEST_ATTEMPTS;
  switch (input.kind) {
    case "amazon":
      return new AmazonConnector({
        connectionKey: input.id,
        credentials: amazonCredentialsSchema.parse(input.credentials),
        spApiOrigin: origins.amazonSpApi,
        lwaOrigin: origins.amazonLwa,
        timeoutMs,
        maxAttempts,
        tokenStore: input.tokenStore,
      });
    case "shipstation":
      return new ShipStationConnector({
        connectionKey: input.id,
        credentials: shipStationCredentialsSchema.parse(input.credentials),
        origin: origins.shipStation,
        timeoutMs,
        maxAttempts,
      });
    case "shopee":
    case "tiktok":
      return createMarketplaceConnector({ ...input, kind: input.kind });
  }
}
