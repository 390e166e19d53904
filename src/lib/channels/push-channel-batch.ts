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
import { FEED_MESSAGES, feedPolicy, supportsQuantityFeed, type SubmittedFeed } from "./feed-push";
import { syncChannelListings } from "./listing-sync";
import type { Prisma } from "../../generated/prisma/client";
import {
  acknowledgeListings,
  countPendingListings,
  findListingBySku,
  listingsById,
  markListingRejected,
  pendingListings,
  recordPushResults,
} from "./push-queries";

export type BatchOutcome =
  /** `unanswered`: SKUs the channel did not answer for (still pending: a later batch sends them again). */
  | { status: "pushed"; sent: number; accepted: number; rejected: number; unanswered: number; remaining: number }
  /** A large push went as one feed: poll it with settleFeedBatch every pollSeconds. */
  | { status: "feed_submitted"; sent: number; pollSeconds: number; feed: SubmittedFeed }
  | { status: "feed_processing" }
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
  const { connector } = loaded;
  if (supportsQuantityFeed(connector)) {
    const policy = feedPolicy();
    if ((await countPendingListings(channelId)) >= policy.threshold) {
      const feedBatch = await pendingListings(channelId, FEED_MESSAGES);
      try {
        const feedId = await connector.submitQuantityFeed(
          feedBatch.map((l) => ({ sku: l.sku, quantity: l.quantity, productType: l.productType })),
        );
        await applyCircuitEvent(channelId, { type: "success" }, circuitConfig(), { lastPushError: null });
        return {
          status: "feed_submitted",
          sent: feedBatch.length,
          pollSeconds: policy.pollSeconds,
          feed: { feedId, listingIds: feedBatch.map((l) => l.id), quantities: feedBatch.map((l) => l.quantity) },
        };
      } catch (error) {
        return failure(channelId, error);
      }
    }
  }
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
 * Reads a submitted feed's outcome: still processing, or its per-SKU results recorded as a batch's
 * are (accepted quantities acknowledged, rejections kept on the listing and as dead letters with
 * the channel's message). A listing removed since the feed was sent is skipped. A failed poll
 * counts on the circuit breaker; the caller polls again later (the feed is still Amazon's).
 */
export async function settleFeedBatch(channelId: string, feed: SubmittedFeed): Promise<BatchOutcome> {
  const loaded = await connectorFor(channelId);
  if (!loaded) return { status: "inactive" };
  if (!supportsQuantityFeed(loaded.connector)) throw new Error(`channel ${channelId} cannot take feeds`);
  const byId = await listingsById(feed.listingIds);
  // Message order is the report's key: keep a placeholder where a listing is gone.
  const sent = feed.listingIds.map((id, index) => {
    const listing = byId.get(id);
    return listing ? { ...listing, quantity: feed.quantities[index]! } : undefined;
  });
  let results;
  try {
    results = await loaded.connector.feedOutcome(
      feed.feedId,
      sent.map((l, index) => ({
        sku: l?.sku ?? `(removed listing ${feed.listingIds[index]})`,
        quantity: feed.quantities[index]!,
        productType: l?.productType,
      })),
    );
  } catch (error) {
    return failure(channelId, error);
  }
  if (!results) return { status: "feed_processing" };
  const present = sent.filter((l) => l !== undefined);
  const known = new Set(present.map((l) => l.sku));
  const recorded = await recordPushResults(
    loaded.channel,
    present,
    results.filter((result) => known.has(result.sku)),
  );
  await applyCircuitEvent(channelId, { type: "success" }, circuitConfig(), { lastPushAt: new Date(), lastPushError: null });
  return { status: "pushed", sent: present.length, ...recorded, remaining: await countPendingListings(channelId) };
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
  if (result?.outcome === "unanswered") return { ok: false, message: result.message };
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
