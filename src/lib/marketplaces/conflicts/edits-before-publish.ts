/**
 * Nothing is overwritten silently, even when the channel's notification of a seller's edit is late
 * or lost, or a merchant publishes right after the edit: before ShopSync updates an existing
 * listing, the publish reads the listing from the channel (through the same connector, so the same
 * pacing) and compares each field with what ShopSync last published there. A field the channel
 * shows differently, and differently from what this publish would send, was edited on the channel:
 * it becomes a conflict (the channel's rule for the field then resolves it, or the merchant does),
 * and while the conflict is open the publish keeps the channel's value (see publish.ts).
 */
import type { ListingSnapshot } from "../../channels/channel";
import { db } from "../../db";
import { contentFields, fieldValue, listingContentSchema, type ListingContent } from "./conflict-fields";
import { openConflict, openConflictsOfListing } from "./conflict-queries";
import { resolveByRules } from "./resolve-conflict";

/** The listing being published: what ShopSync last sent is the base the channel's fields are compared with. */
export interface ListingBeforePublish {
  id: string;
  shopId: string;
  channelId: string;
  productId: string;
  lastPublished: unknown;
  lastPublishedAt: Date | null;
}

/**
 * Records the channel's edits found before a publish; returns true when a conflict was opened or
 * changed (the caller reads the listing and its open conflicts again before sending anything).
 */
export async function recordEditsBeforePublish(
  listing: ListingBeforePublish,
  channel: ListingSnapshot,
  draft: ListingContent,
): Promise<boolean> {
  const published = listingContentSchema.safeParse(listing.lastPublished);
  if (!published.success) return false;
  const opened: string[] = [];
  let changed = false;
  await db().$transaction(async (tx) => {
    // The same lock a read-back's comparison takes: one of them records a given edit.
    await tx.$queryRaw`SELECT id FROM "MarketplaceListing" WHERE id = ${listing.id} FOR UPDATE`;
    const open = new Map((await openConflictsOfListing(tx, listing.id)).map((conflict) => [conflict.field, conflict]));
    // A channel value a conflict was resolved on since the last publish is decided (e.g. "master":
    // this publish replaces it), not a new edit.
    const decided = await tx.listingConflict.findMany({
      where: {
        listingId: listing.id,
        status: "resolved",
        ...(listing.lastPublishedAt ? { resolvedAt: { gte: listing.lastPublishedAt } } : {}),
      },
      select: { field: true, channelValue: true },
    });
    const isDecided = (field: string, value: string) =>
      decided.some((conflict) => conflict.field === field && conflict.channelValue === value);
    for (const field of contentFields(published.data)) {
      const channelValue = fieldValue(channel, field);
      if (channelValue === undefined) continue;
      const conflict = open.get(field);
      if (conflict) {
        // A further edit on the channel: the publish keeps the newest value, not the one first seen.
        if (channelValue !== conflict.channelValue) {
          await tx.listingConflict.update({ where: { id: conflict.id }, data: { channelValue }, select: { id: true } });
          changed = true;
        }
        continue;
      }
      const masterValue = fieldValue(draft, field);
      // Unchanged since ShopSync's publish, or already what this publish sends: nothing to overwrite.
      if (
        masterValue === undefined ||
        channelValue === fieldValue(published.data, field) ||
        channelValue === masterValue ||
        isDecided(field, channelValue)
      )
        continue;
      opened.push(await openConflict(tx, listing, field, { masterValue, channelValue }));
    }
  });
  await resolveByRules(listing.channelId, opened);
  return changed || opened.length > 0;
}
