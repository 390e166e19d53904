/**
 * A listing's status as its channel reported it. Publishing and reading back both learn it, and can
 * finish in either order (a publish step's last write can land after a webhook's read-back that
 * started later): a status read earlier than the stored one is not written, so the newer stays.
 */
import { db } from "../db";

export async function storeChannelStatus(
  listingId: string,
  seen: { status: string; reasons: string[] },
  observedAt: Date,
): Promise<boolean> {
  const { count } = await db().marketplaceListing.updateMany({
    where: { id: listingId, OR: [{ statusObservedAt: null }, { statusObservedAt: { lte: observedAt } }] },
    data: { status: seen.status, rejectReasons: seen.reasons, statusObservedAt: observedAt },
  });
  return count === 1;
}
