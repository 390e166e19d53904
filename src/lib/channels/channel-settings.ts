/**
 * A channel's settings after it is connected: the Shopify locations that feed it (none = every
 * location not synced as inactive) and its safety buffer. Locations must be the shop's own. The
 * next push recomputes desired quantities from them.
 */
import { z } from "zod";
import { db } from "../db";
import { AppError } from "../errors";

export const channelSettingsSchema = z
  .object({
    locationIds: z
      .array(z.string().regex(/^gid:\/\/shopify\/Location\/\d+$/))
      .max(500)
      .optional(),
    safetyBuffer: z.number().int().min(0).max(100_000).optional(),
  })
  .strict();
export type ChannelSettings = z.infer<typeof channelSettingsSchema>;

export async function updateChannelSettings(
  channel: { id: string; shopId: string },
  settings: ChannelSettings,
): Promise<{ locationIds: string[]; safetyBuffer: number }> {
  const locationIds = settings.locationIds ? [...new Set(settings.locationIds)].sort() : undefined;
  if (locationIds?.length) {
    const known = await db().location.findMany({
      where: { shopId: channel.shopId, shopifyId: { in: locationIds } },
      select: { shopifyId: true },
    });
    const unknown = locationIds.filter((id) => !known.some((location) => location.shopifyId === id));
    if (unknown.length) throw new AppError("validation_failed", `not locations of this shop: ${unknown.join(", ")}`);
  }
  return db().channelConnection.update({
    where: { id: channel.id },
    data: {
      ...(locationIds ? { locationIds } : {}),
      ...(settings.safetyBuffer !== undefined ? { safetyBuffer: settings.safetyBuffer } : {}),
    },
    select: { locationIds: true, safetyBuffer: true },
  });
}

/** The shop's locations, for choosing which feed a channel. */
export async function shopLocations(shopId: string): Promise<{ id: string; name: string; isActive: boolean }[]> {
  const rows = await db().location.findMany({
    where: { shopId },
    orderBy: { name: "asc" },
    select: { shopifyId: true, name: true, isActive: true },
  });
  return rows.map((row) => ({ id: row.shopifyId, name: row.name, isActive: row.isActive }));
}
