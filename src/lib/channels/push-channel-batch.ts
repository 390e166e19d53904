/**
 * One push step of a channel: the next batch of pending listings sent through the channel's
 * connector, results recorded, the circuit breaker told. Knows nothing of Inngest; the push-channel
 * function calls it once per step.
 */
import { env } from "../env";
import { applyCircuitEvent, type Circuit, type CircuitConfig } from "./circuit-breaker";
import { channelShopTokenStore, channelTokenStore, loadChannelForPush, markChannelNeedsCredentials } from "./channel-queries";
import { createConnector } from "./connectors";
import { computeDesiredQuantities } from "./desired-quantities";
import { ChannelAuthError, ChannelUnavailableError } from "./errors";
import { syncChannelListings } from "./listing-sync";
import type { Prisma } from "../../generated/prisma/client";
import {
  acknowledgeListings,
  countPendingListings,
  findListingBySku,
  markListingRejected,
  pendingListings,
  recordPushResults,
} from "./push-queries";

export type BatchOutcome =
  | { status: "pushed"; sent: number; accepted: number; rejected: number; remaining: number }
  | { status: "idle" }
  | { status: "failed"; error: string; circuitState: Circuit["state"]; nextProbeAt: string | null }
  | { status: "circuit_open"; nextProbeAt: string | null }
  | { status: "auth_failed"; error: string }
  | { status: "inactive" };

export function circuitConfig(): CircuitConfig {
  return { threshold: env().CHANNEL_CIRCUIT_THRESHOLD, cooldownMs: env().CHANNEL_CIRCUIT_COOLDOWN_SECONDS * 1000 };
}

async function connectorFor(channelId: string) {
  const channel = await loadChannelForPush(channelId);
  if (!channel || channel.status !== "active") return undefined;
  return {
    channel,
    connector: createConnector({
      id: channel.id,
      kind: channel.kind,
      credentials: channel.credentials,
      tokenStore: channelTokenStore(channel.id),
      shopTokenStore: channelShopTokenStore(channel.id),
    }),
  };
}

/** Lists the channel's SKUs (auto-mapping new ones) and takes what the channel shows as acknowledged. */
export async function refreshChannelListings(
  channelId: string,
): Promise<BatchOutcome | { status: "listed"; listed: number; autoMapped: number }> {
  const loaded = await connectorFor(channelId);
  if (!loaded) return { status: "inactive" };
  try {
    const skus = await loaded.connector.listSkus();
    const result = await syncChannelListings(channelId, skus);
    return { status: "listed", listed: result.listed, autoMapped: result.autoMapped };
  } catch (error) {
    return failure(channelId, error);
  }
}

export async function pushNextBatch(channelId: string, options: { batchSize: number }): Promise<BatchOutcome> {
  const loaded = await connectorFor(channelId);
  if (!loaded) return { status: "inactive" };
  const gate = await applyCircuitEvent(channelId, { type: "gate" }, circuitConfig());
  if (!gate.allowed) return { status: "circuit_open", nextProbeAt: gate.circuit.nextProbeAt?.toISOString() ?? null };
  await computeDesiredQuantities(channelId);
  const batch = await pendingListings(channelId, options.batchSize);
  if (!batch.length) {
    // A half-open probe with nothing to send proves nothing about the channel: keep it half-open.
    return { status: "idle" };
  }
  try {
    const results = await loaded.connector.pushQuantities(
      batch.map((l) => ({ sku: l.sku, quantity: l.quantity, productType: l.productType })),
    );
    const recorded = await recordPushResults(loaded.channel, batch, results);
    await applyCircuitEvent(channelId, { type: "success" }, circuitConfig(), { lastPushAt: new Date(), lastPushError: null });
    return { status: "pushed", sent: batch.length, ...recorded, remaining: await countPendingListings(channelId) };
  } catch (error) {
    return failure(channelId, error);
  }
}

/**
 * A retry of a channel dead letter (the merchant's Retry or the retry job): that one SKU pushed now
 * through the channel's connector, at the quantity a push would send (desired quantities recomputed
 * first, the circuit breaker asked and told), the listing updated inside the dead letter's
 * transaction. The caller settles the dead letter: `ok` means the channel took it; otherwise the
 * message says why not (the channel's own words for a rejection).
 */
export async function replayChannelListing(
  tx: Prisma.TransactionClient,
  target: { channelId: string; channelSku: string },
): Promise<{ ok: true } | { ok: false; message: string }> {
  const loaded = await connectorFor(target.channelId);
  if (!loaded) return { ok: false, message: "the channel is no longer connected and active, so nothing was sent" };
  const gate = await applyCircuitEvent(target.channelId, { type: "gate" }, circuitConfig());
  if (!gate.allowed)
    return {
      ok: false,
      message: `the channel's circuit is open after repeated failures; it is tried again at ${gate.circuit.nextProbeAt?.toISOString() ?? "the next probe"}`,
    };
  await computeDesiredQuantities(target.channelId);
  const listing = await findListingBySku(target.channelId, target.channelSku);
  if (!listing) return { ok: false, message: `the channel no longer lists ${target.channelSku}` };
  if (listing.isFba || listing.quantity === null)
    return { ok: false, message: `${target.channelSku} is not pushed (unmapped, fulfilled by Amazon, or untracked in Shopify)` };
  const pending = { ...listing, quantity: listing.quantity };
  let result;
  try {
    [result] = await loaded.connector.pushQuantities([{ sku: pending.sku, quantity: pending.quantity, productType: pending.productType }]);
  } catch (error) {
    const outcome = await failure(target.channelId, error);
    return { ok: false, message: "error" in outcome ? outcome.error : String(error) };
  }
  await applyCircuitEvent(target.channelId, { type: "success" }, circuitConfig(), { lastPushAt: new Date(), lastPushError: null });
  if (result?.outcome === "accepted") {
    await acknowledgeListings(tx, [pending]);
    return { ok: true };
  }
  const message = result?.message ?? `the channel did not answer for ${pending.sku}`;
  await markListingRejected(tx, pending, message);
  return { ok: false, message };
}

async function failure(channelId: string, error: unknown): Promise<BatchOutcome> {
  if (error instanceof ChannelAuthError) {
    await markChannelNeedsCredentials(channelId, error.message);
    return { status: "auth_failed", error: error.message };
  }
  if (error instanceof ChannelUnavailableError) {
    const { circuit } = await applyCircuitEvent(channelId, { type: "failure" }, circuitConfig(), { lastPushError: error.message });
    return { status: "failed", error: error.message, circuitState: circuit.state, nextProbeAt: circuit.nextProbeAt?.toISOString() ?? null };
  }
  throw error;
}
