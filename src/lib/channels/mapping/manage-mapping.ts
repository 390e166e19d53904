/**
 * What the mapping routes do for the signed-in shop: bundles (list, create, edit, history), a
 * listing mapped by hand or unmapped, a channel's locations and buffer. A change that alters what
 * a channel should show queues a push of that channel (reason manual), so the merchant sees it
 * reach the channel without pressing Push now.
 */
import { inngest } from "../../../../inngest/client";
import { channelPushRequested } from "../../../../inngest/events";
import { findInstalledShop } from "../../shops/shop-queries";
import { queueChannelPush } from "../channel-push-queries";
import { findShopChannel } from "../channel-queries";
import { channelSettingsSchema, updateChannelSettings } from "../channel-settings";
import {
  bundleHistory,
  bundleInputSchema,
  channelsOfBundle,
  createBundle,
  listBundles,
  updateBundle,
  type BundleHistoryEntry,
  type BundleView,
} from "./bundles";
import { setListingMapping, type ListingMapping } from "./manual-mapping";

/** Queues a push of the channel (reason manual) and sends its event. */
export async function pushChannelAfterMappingChange(channel: { id: string; shopId: string }): Promise<void> {
  await queueChannelPush(channel, "manual");
  await inngest.send(
    channelPushRequested.create({ shopId: channel.shopId, channelId: channel.id, reason: "manual", refreshListings: false }),
  );
}

export async function shopBundles(shopDomain: string): Promise<BundleView[]> {
  return listBundles((await findInstalledShop(shopDomain)).id);
}

export async function createShopBundle(shopDomain: string, body: unknown): Promise<{ id: string; version: number }> {
  const shop = await findInstalledShop(shopDomain);
  return createBundle(shop.id, bundleInputSchema.parse(body));
}

export async function updateShopBundle(shopDomain: string, bundleId: string, body: unknown): Promise<{ id: string; version: number }> {
  const shop = await findInstalledShop(shopDomain);
  const updated = await updateBundle(shop.id, bundleId, bundleInputSchema.parse(body));
  for (const channel of await channelsOfBundle(bundleId)) await pushChannelAfterMappingChange(channel);
  return updated;
}

export async function shopBundleHistory(shopDomain: string, bundleId: string): Promise<BundleHistoryEntry[]> {
  return bundleHistory((await findInstalledShop(shopDomain)).id, bundleId);
}

/** `target` names a variant (GID or unique SKU) or a bundle SKU; null unmaps. */
export async function mapShopListing(shopDomain: string, channelId: string, sku: string, target: string | null): Promise<ListingMapping> {
  const shop = await findInstalledShop(shopDomain);
  const channel = await findShopChannel(shop.id, channelId);
  const mapping = await setListingMapping(channel, sku, target);
  if (mapping.changed && channel.status === "active") await pushChannelAfterMappingChange(channel);
  return mapping;
}

export async function updateShopChannelSettings(
  shopDomain: string,
  channelId: string,
  body: unknown,
): Promise<{ locationIds: string[]; safetyBuffer: number }> {
  const shop = await findInstalledShop(shopDomain);
  const channel = await findShopChannel(shop.id, channelId);
  const settings = await updateChannelSettings(channel, channelSettingsSchema.parse(body));
  if (channel.status === "active") await pushChannelAfterMappingChange(channel);
  return settings;
}
