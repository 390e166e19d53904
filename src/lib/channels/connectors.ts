/**
 * Builds the connector of a channel connection from its kind and decrypted credentials; the one
 * place that knows every platform module. Origins come from env (channelOrigins()).
 */
import { channelOrigins, env } from "../env";
import { AppError } from "../errors";
import type { ChannelConnector, ChannelKind } from "./channel";
import { AmazonConnector, type TokenStore } from "./amazon/amazon-connector";
import { amazonCredentialsSchema } from "./amazon/credentials";
import { ShipStationConnector } from "./shipstation/shipstation-connector";
import { shipStationCredentialsSchema } from "./shipstation/credentials";

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
    default:
      throw new AppError("bad_request", `channel kind "${input.kind}" has no connector yet (issue 14)`);
  }
}
