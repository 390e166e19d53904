/**
 * The bulk path of a push: a channel whose connector can take quantities as one feed (Amazon's
 * JSON_LISTINGS_FEED) gets a large push that way instead of one request per SKU. The feed is
 * submitted in one step and its outcome read in later ones (Amazon takes minutes), so what was
 * sent travels between steps as `SubmittedFeed`: the listings' ids and quantities in message
 * order (the processing report names messages by their position).
 */
import { env } from "../env";
import type { ChannelConnector, PushResult, QuantityUpdate } from "./channel";

export interface QuantityFeedConnector {
  submitQuantityFeed(updates: QuantityUpdate[]): Promise<string>;
  /** Per-SKU results once processed; undefined while the channel is still processing the feed. */
  feedOutcome(feedId: string, updates: QuantityUpdate[]): Promise<PushResult[] | undefined>;
}

export const supportsQuantityFeed = (connector: ChannelConnector): connector is ChannelConnector & QuantityFeedConnector =>
  typeof (connector as Partial<QuantityFeedConnector>).submitQuantityFeed === "function" &&
  typeof (connector as Partial<QuantityFeedConnector>).feedOutcome === "function";

/**
 * Messages per feed. Amazon takes 25,000; 10,000 keeps what a step returns (the ids and
 * quantities sent, about 45 bytes a SKU) well under Inngest's 4 MiB step output.
 */
export const FEED_MESSAGES = 10_000;

export interface SubmittedFeed {
  feedId: string;
  listingIds: string[];
  quantities: number[];
}

export function feedPolicy(): { threshold: number; pollSeconds: number } {
  return { threshold: env().AMAZON_FEED_THRESHOLD, pollSeconds: env().AMAZON_FEED_POLL_SECONDS };
}
