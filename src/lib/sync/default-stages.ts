/**
 * The stages a sync runs when none are asked for: every Shopify resource, then platform_push when
 * the shop has an active channel. A shop without channels gets no empty push stage on its syncing
 * page; connecting a channel pushes it at once, and later syncs include the stage.
 */
import { shopHasActiveChannels } from "../channels/channel-queries";
import { PLATFORM_PUSH, SYNC_RESOURCES, type SyncStageName } from "./resources";

export async function defaultSyncStages(shopId: string): Promise<SyncStageName[]> {
  return (await shopHasActiveChannels(shopId)) ? [...SYNC_RESOURCES, PLATFORM_PUSH] : [...SYNC_RESOURCES];
}
