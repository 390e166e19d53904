/**
 * Reads and writes of ChannelConnection rows: creation with encrypted credentials, the merchant's
 * list, the decrypted connection a push step needs, the cached access token, status. Credentials
 * are omitted by db() unless asked for here.
 */
import { randomUUID } from "node:crypto";
import { encryptChannelSecret, decryptChannelSecret } from "../crypto/secrets";
import { db } from "../db";
import { AppError } from "../errors";
import type { AccessToken } from "./amazon/lwa";
import type { ChannelKind } from "./channel";
import type { ShopTokens, ShopTokenStore } from "./marketplace/shop-tokens";
import { IS_PENDING } from "./push-queries";

export interface ChannelSummary {
  id: string;
  kind: ChannelKind;
  name: string;
  status: string;
  circuitState: string;
  consecutiveFailures: number;
  nextProbeAt: string | null;
  lastPushAt: string | null;
  lastPushError: string | null;
  safetyBuffer: number;
  locationIds: string[];
  listings: { total: number; mapped: number; fba: number; pending: number; failed: number };
}

export interface NewChannel {
  shopId: string;
  kind: ChannelKind;
  name: string;
  credentials: unknown;
  locationIds?: string[];
  safetyBuffer?: number;
}

export async function createChannel(input: NewChannel): Promise<{ id: string }> {
  const id = randomUUID();
  try {
    await db().channelConnection.create({
      data: {
        id,
        shopId: input.shopId,
        kind: input.kind,
        name: input.name,
        credentials: encryptChannelSecret(JSON.stringify(input.credentials), id),
        locationIds: input.locationIds ?? [],
        safetyBuffer: input.safetyBuffer ?? 0,
      },
      select: { id: true },
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw new AppError("conflict", `a channel named "${input.name}" already exists`);
    throw error;
  }
  return { id };
}

export async function listChannels(shopId: string): Promise<ChannelSummary[]> {
  const channels = await db().channelConnection.findMany({ where: { shopId }, orderBy: { createdAt: "asc" } });
  const counts = await db().$queryRaw<{ channelId: string; total: bigint; mapped: bigint; fba: bigint; pending: bigint; failed: bigint }[]>`
    SELECT "channelId",
           count(*) AS total,
           count(*) FILTER (WHERE "variantId" IS NOT NULL OR "bundleId" IS NOT NULL) AS mapped,
           count(*) FILTER (WHERE "isFba") AS fba,
           count(*) FILTER (WHERE ${IS_PENDING}) AS pending,
           count(*) FILTER (WHERE "lastError" IS NOT NULL) AS failed
    FROM "ChannelListing" WHERE "shopId" = ${shopId} GROUP BY "channelId"`;
  const byChannel = new Map(counts.map((row) => [row.channelId, row]));
  return channels.map((channel) => {
    const count = byChannel.get(channel.id);
    return {
      id: channel.id,
      kind: channel.kind,
      name: channel.name,
      status: channel.status,
      circuitState: channel.circuitState,
      consecutiveFailures: channel.consecutiveFailures,
      nextProbeAt: channel.nextProbeAt?.toISOString() ?? null,
      lastPushAt: channel.lastPushAt?.toISOString() ?? null,
      lastPushError: channel.lastPushError,
      safetyBuffer: channel.safetyBuffer,
      locationIds: channel.locationIds,
      listings: {
        total: Number(count?.total ?? 0),
        mapped: Number(count?.mapped ?? 0),
        fba: Number(count?.fba ?? 0),
        pending: Number(count?.pending ?? 0),
        failed: Number(count?.failed ?? 0),
      },
    };
  });
}

/** The shop's channel, or a 404 (a merchant never reaches another shop's channel). */
export async function findShopChannel(
  shopId: string,
  channelId: string,
): Promise<{ id: string; shopId: string; kind: ChannelKind; status: string }> {
  const channel = await db().channelConnection.findFirst({
    where: { id: channelId, shopId },
    select: { id: true, shopId: true, kind: true, status: true },
  });
  if (!channel) throw new AppError("not_found", "no such channel");
  return channel;
}

export interface ChannelForPush {
  id: string;
  shopId: string;
  kind: ChannelKind;
  status: string;
  credentials: unknown;
}

export async function loadChannelForPush(channelId: string): Promise<ChannelForPush | undefined> {
  const channel = await db().channelConnection.findUnique({
    where: { id: channelId },
    select: { id: true, shopId: true, kind: true, status: true, credentials: true },
  });
  if (!channel) return undefined;
  return { ...channel, credentials: JSON.parse(decryptChannelSecret(channel.credentials, channel.id)) as unknown };
}

/** The cached access token (Amazon LWA), encrypted at rest like the credentials. */
export function channelTokenStore(channelId: string) {
  return {
    async load(): Promise<AccessToken | undefined> {
      const row = await db().channelConnection.findUnique({
        where: { id: channelId },
        select: { accessToken: true, accessTokenExpiresAt: true },
      });
      if (!row?.accessToken || !row.accessTokenExpiresAt) return undefined;
      return { token: decryptChannelSecret(row.accessToken, channelId), expiresAt: row.accessTokenExpiresAt };
    },
    async save(token: AccessToken): Promise<void> {
      await db().channelConnection.update({
        where: { id: channelId },
        data: { accessToken: encryptChannelSecret(token.token, channelId), accessTokenExpiresAt: token.expiresAt },
        select: { id: true },
      });
    },
  };
}

/**
 * A marketplace shop's rotating tokens, kept inside the connection's encrypted credentials. The
 * stored ciphertext is the version: a refresh writes only over the pair it refreshed.
 */
export function channelShopTokenStore(channelId: string): ShopTokenStore {
  const read = async () => {
    const row = await db().channelConnection.findUniqueOrThrow({ where: { id: channelId }, select: { credentials: true } });
    return { version: row.credentials, credentials: JSON.parse(decryptChannelSecret(row.credentials, channelId)) as ShopTokens };
  };
  return {
    async load() {
      const { version, credentials } = await read();
      return { version, tokens: credentials };
    },
    async replace(version, tokens) {
      const previous = JSON.parse(decryptChannelSecret(version, channelId)) as Record<string, unknown>;
      const { count } = await db().channelConnection.updateMany({
        where: { id: channelId, credentials: version },
        data: { credentials: encryptChannelSecret(JSON.stringify({ ...previous, ...tokens }), channelId) },
      });
      return count === 1;
    },
  };
}

/** Connects a marketplace shop, or reconnects it (new credentials, active again) when the shop already has it. */
export async function upsertMarketplaceChannel(input: {
  shopId: string;
  kind: ChannelKind;
  name: string;
  credentials: unknown;
}): Promise<{ id: string }> {
  const existing = await db().channelConnection.findFirst({ where: { shopId: input.shopId, name: input.name }, select: { id: true } });
  if (!existing) return createChannel(input);
  await db().channelConnection.update({
    where: { id: existing.id },
    data: {
      credentials: encryptChannelSecret(JSON.stringify(input.credentials), existing.id),
      status: "active",
      lastPushError: null,
    },
    select: { id: true },
  });
  return existing;
}

export async function markChannelNeedsCredentials(channelId: string, reason: string): Promise<void> {
  await db().channelConnection.update({
    where: { id: channelId },
    data: { status: "needs_credentials", lastPushError: reason },
    select: { id: true },
  });
}

export async function activeChannelsOfShopDomain(domain: string): Promise<{ id: string; shopId: string }[]> {
  return db().channelConnection.findMany({
    where: { status: "active", shop: { domain, uninstalledAt: null } },
    select: { id: true, shopId: true },
  });
}

export async function allActiveChannels(): Promise<{ id: string; shopId: string }[]> {
  return db().channelConnection.findMany({
    where: { status: "active", shop: { uninstalledAt: null } },
    select: { id: true, shopId: true },
  });
}

export async function channelKindOf(channelId: string): Promise<ChannelKind | null> {
  const row = await db().channelConnection.findUnique({ where: { id: channelId }, select: { kind: true } });
  return row?.kind ?? null;
}
