/**
 * Comparing a listing read back from its channel with what ShopSync last published there. A field
 * the channel shows differently was edited on the channel: a conflict is recorded (one open per
 * field; a further edit updates its channel value), and the channel's rule for the field resolves
 * it or leaves it for the merchant. An open conflict whose field shows ShopSync's value again is
 * over. Only a listing at rest is compared (nothing pending to publish), and the rows are written
 * only if no publish moved the listing between the read and the write (compare under a row lock),
 * so ShopSync's own publish is never taken for a seller's edit.
 */
import type { ListingSnapshot } from "../../channels/channel";
import { db } from "../../db";
import { contentFields, fieldValue, listingContentSchema } from "./conflict-fields";
import { openConflict, openConflictsOfListing } from "./conflict-queries";
import { resolveByRules } from "./resolve-conflict";

/** The listing as it was read before its channel was. */
export interface ListingAtRead {
  id: string;
  shopId: string;
  channelId: string;
  productId: string;
  version: number;
  publishedVersion: number;
  lastPublished: unknown;
}

/** The conflicts a read opened, updated (a further edit) and closed (the channel shows ShopSync's value again). */
export interface ConflictChanges {
  opened: string[];
  updated: string[];
  closed: string[];
}

/**
 * "not_at_rest": the listing has a publish pending or one moved it meanwhile, so what the channel
 * shows cannot be told apart from ShopSync's own publish; the caller reads it again once it is at
 * rest (a notification is retried), nothing is recorded now.
 */
export async function recordConflicts(listing: ListingAtRead, snapshot: ListingSnapshot): Promise<ConflictChanges | "not_at_rest"> {
  const none: ConflictChanges = { opened: [], updated: [], closed: [] };
  const published = listingContentSchema.safeParse(listing.lastPublished);
  if (!published.success) return none;
  if (listing.version !== listing.publishedVersion) return "not_at_rest";
  const changes = await db().$transaction(async (tx): Promise<ConflictChanges | "not_at_rest"> => {
    const [row] = await tx.$queryRaw<{ version: number; publishedVersion: number }[]>`
      SELECT version, "publishedVersion" FROM "MarketplaceListing" WHERE id = ${listing.id} FOR UPDATE`;
    if (!row) return none;
    if (row.version !== listing.version || row.publishedVersion !== listing.publishedVersion) return "not_at_rest";
    const open = new Map((await openConflictsOfListing(tx, listing.id)).map((conflict) => [conflict.field, conflict]));
    const result: ConflictChanges = { opened: [], updated: [], closed: [] };
    for (const field of contentFields(published.data)) {
      const channelValue = fieldValue(snapshot, field);
      if (channelValue === undefined) continue;
      const conflict = open.get(field);
      if (conflict) {
        if (channelValue === conflict.masterValue) {
          await tx.listingConflict.update({
            where: { id: conflict.id },
            data: { status: "resolved", resolution: "master", resolvedValue: channelValue, resolvedBy: "channel", resolvedAt: new Date() },
            select: { id: true },
          });
          result.closed.push(conflict.id);
        } else if (channelValue !== conflict.channelValue) {
          await tx.listingConflict.update({ where: { id: conflict.id }, data: { channelValue }, select: { id: true } });
          result.updated.push(conflict.id);
        }
        continue;
      }
      const masterValue = fieldValue(published.data, field)!;
      if (channelValue === masterValue) continue;
      result.opened.push(await openConflict(tx, listing, field, { masterValue, channelValue }));
    }
    return result;
  });
  if (changes === "not_at_rest") return changes;
  await resolveByRules(listing.channelId, [...changes.opened, ...changes.updated]);
  return changes;
}
