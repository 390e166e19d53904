/**
 * What the /api/channels routes do, for the signed-in shop: list channels, connect one (credentials
 * validated for the kind, encrypted, then a first push that lists the channel's SKUs and auto-maps
 * them), request a push, list a channel's listings.
 */
import { queueChannelPush } from "./channel-push-queries";
import { z } from "zod";
import { inngest } from "../../../inngest/client";
import { channelPushRequested } from "../../../inngest/events";
import { AppError } from "../errors";
import { findInstalledShop } from "../shops/shop-queries";
import { CHANNEL_KINDS } from "./channel";
import { createChannel, findShopChannel, listChannels, type ChannelSummary } from "./channel-queries";
import { CREDENTIAL_SCHEMAS, isSupportedKind } from "./connectors";
import { dryRunChannelPush, type DryRunChange } from "./dry-run";
import { listChannelListings, type ListingView } from "./listing-queries";
import { mappingToCsv } from "./mapping-csv";
import { importMapping, mappingExportRows } from "./mapping-queries";
import { pushChannelAfterMappingChange } from "./mapping/manage-mapping";

export const connectChannelSchema = z
  .object({
    kind: z.enum(CHANNEL_KINDS),
    name: z.string().trim().min(1).max(100),
    credentials: z.record(z.string(), z.unknown()),
    /** Shopify location GIDs feeding the channel; omitted = every active location. */
    locationIds: z.array(z.string().regex(/^gid:\/\/shopify\/Location\/\d+$/)).optional(),
    safetyBuffer: z.number().int().min(0).max(100_000).optional(),
  })
  .strict();

export async function shopChannels(shopDomain: string): Promise<ChannelSummary[]> {
  const shop = await findInstalledShop(shopDomain);
  return listChannels(shop.id);
}

export async function connectChannel(shopDomain: string, input: z.infer<typeof connectChannelSchema>): Promise<{ id: string }> {
  const shop = await findInstalledShop(shopDomain);
  if (!isSupportedKind(input.kind)) throw new AppError("bad_request", `"${input.kind}" channels are not available yet`);
  const credentials = CREDENTIAL_SCHEMAS[input.kind].safeParse(input.credentials);
  if (!credentials.success)
    throw new AppError("validation_failed", `credentials do not fit a ${input.kind} account`, {
      details: credentials.error.issues.map((issue) => ({ path: `credentials.${issue.path.join(".")}`, message: issue.message })),
    });
  const { id } = await createChannel({
    shopId: shop.id,
    kind: input.kind,
    name: input.name,
    credentials: credentials.data,
    locationIds: input.locationIds,
    safetyBuffer: input.safetyBuffer,
  });
  await inngest.send(channelPushRequested.create({ shopId: shop.id, channelId: id, reason: "connected", refreshListings: true }));
  return { id };
}

export async function requestChannelPush(shopDomain: string, channelId: string): Promise<{ eventId: string | undefined }> {
  const shop = await findInstalledShop(shopDomain);
  const channel = await findShopChannel(shop.id, channelId);
  if (channel.status !== "active") throw new AppError("conflict", `the channel is ${channel.status.replace("_", " ")}; reconnect it first`);
  // A row first: a push already running serves it (its event is skipped) before it ends.
  await queueChannelPush({ id: channelId, shopId: shop.id }, "manual");
  const { ids } = await inngest.send(channelPushRequested.create({ shopId: shop.id, channelId, reason: "manual", refreshListings: false }));
  return { eventId: ids[0] };
}

export async function shopChannelListings(shopDomain: string, channelId: string): Promise<ListingView[]> {
  const shop = await findInstalledShop(shopDomain);
  await findShopChannel(shop.id, channelId);
  return listChannelListings(channelId);
}

export async function exportChannelMapping(shopDomain: string, channelId: string): Promise<string> {
  const shop = await findInstalledShop(shopDomain);
  await findShopChannel(shop.id, channelId);
  return mappingToCsv(await mappingExportRows(channelId));
}

/** All or nothing: a file with any bad line is refused with every line's error (400); a file that changed anything is pushed. */
export async function importChannelMapping(shopDomain: string, channelId: string, csv: string): Promise<{ rows: number; changed: number }> {
  const shop = await findInstalledShop(shopDomain);
  const channel = await findShopChannel(shop.id, channelId);
  const imported = await importMapping(channel, csv);
  if (imported.changed && channel.status === "active") await pushChannelAfterMappingChange(channel);
  return imported;
}

/** The SKUs the next push would change, from and to; nothing is sent. */
export async function shopChannelDryRun(shopDomain: string, channelId: string): Promise<{ changes: DryRunChange[] }> {
  const shop = await findInstalledShop(shopDomain);
  await findShopChannel(shop.id, channelId);
  return dryRunChannelPush(channelId);
}
