/**
 * What the Channels page shows (src/app/dashboard/channels): per channel a status card (last push,
 * pending, failed, circuit state, rate use), its push history, and the selected channel's mapping
 * table filtered to unmapped, bundles or errors. Rate use is measured, not assumed: SKUs sent per
 * second by the newest finished push that sent any, against the limit the connector paces to.
 */
import { findInstalledShop } from "../shops/shop-queries";
import { channelPushHistory, type ChannelPushView } from "./channel-push-queries";
import { listChannels, loadChannelForPush, type ChannelSummary } from "./channel-queries";
import type { RateLimitDescription } from "./channel";
import { createConnector } from "./connectors";
import { listChannelListings, type ListingView } from "./listing-queries";
import { shopLocations } from "./channel-settings";
import { listBundles, type BundleView } from "./mapping/bundles";

export const LISTING_FILTERS = ["all", "unmapped", "bundles", "errors"] as const;
export type ListingFilter = (typeof LISTING_FILTERS)[number];

export interface ChannelCard extends ChannelSummary {
  rateLimit: RateLimitDescription | null;
  /** SKUs per second of the newest push that sent any, and that as a share of the limit. */
  rateUse: { perSecond: number; share: number } | null;
  pushes: ChannelPushView[];
}

export interface ChannelsPageView {
  channels: ChannelCard[];
  selected: { id: string; name: string; filter: ListingFilter; listings: ListingView[]; skus: string[] } | null;
  /** For the settings forms and the bundle editor. */
  locations: { id: string; name: string; isActive: boolean }[];
  bundles: BundleView[];
}

const matches: Record<ListingFilter, (listing: ListingView) => boolean> = {
  all: () => true,
  unmapped: (listing) => !listing.mapped,
  bundles: (listing) => listing.bundleId !== null,
  errors: (listing) => listing.error !== null,
};

export function filterListings(listings: ListingView[], filter: ListingFilter): ListingView[] {
  return listings.filter(matches[filter]);
}

export function measuredRateUse(pushes: ChannelPushView[], limit: RateLimitDescription | null): ChannelCard["rateUse"] {
  const push = pushes.find((p) => p.startedAt && p.finishedAt && p.sent > 0 && p.finishedAt > p.startedAt);
  if (!push || !limit) return null;
  const perSecond = push.sent / ((push.finishedAt!.getTime() - push.startedAt!.getTime()) / 1000);
  return { perSecond, share: perSecond / limit.requestsPerSecond };
}

async function rateLimitOf(channelId: string): Promise<RateLimitDescription | null> {
  const channel = await loadChannelForPush(channelId);
  if (!channel) return null;
  try {
    return createConnector({ id: channel.id, kind: channel.kind, credentials: channel.credentials }).rateLimit;
  } catch {
    return null; // credentials that no longer fit the kind: the card says needs credentials anyway
  }
}

export async function getChannelsPageView(
  shopDomain: string,
  request: { channelId?: string; filter?: string } = {},
): Promise<ChannelsPageView> {
  const shop = await findInstalledShop(shopDomain);
  const channels: ChannelCard[] = [];
  for (const summary of await listChannels(shop.id)) {
    const [pushes, rateLimit] = await Promise.all([channelPushHistory(summary.id, 10), rateLimitOf(summary.id)]);
    channels.push({ ...summary, rateLimit, rateUse: measuredRateUse(pushes, rateLimit), pushes });
  }
  const chosen = channels.find((channel) => channel.id === request.channelId) ?? channels[0];
  const filter = (LISTING_FILTERS as readonly string[]).includes(request.filter ?? "") ? (request.filter as ListingFilter) : "all";
  const listings = chosen ? await listChannelListings(chosen.id) : [];
  return {
    channels,
    selected: chosen
      ? { id: chosen.id, name: chosen.name, filter, listings: filterListings(listings, filter), skus: listings.map((l) => l.sku) }
      : null,
    locations: await shopLocations(shop.id),
    bundles: await listBundles(shop.id),
  };
}
