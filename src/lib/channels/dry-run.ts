/**
 * Dry run of a channel push: the SKUs that would change, from what the channel acknowledged to the
 * desired quantity, with nothing sent. Desired quantities are recomputed (stored, as a push would),
 * so the answer is what the next push sends.
 */
import { db } from "../db";
import { computeDesiredQuantities } from "./desired-quantities";
import { IS_PENDING } from "./push-queries";

export interface DryRunChange {
  sku: string;
  from: number | null;
  to: number;
}

export async function dryRunChannelPush(channelId: string): Promise<{ changes: DryRunChange[] }> {
  await computeDesiredQuantities(channelId);
  const changes = await db().$queryRaw<DryRunChange[]>`
    SELECT "channelSku" AS sku, "acknowledgedQuantity" AS "from", "desiredQuantity" AS "to"
    FROM "ChannelListing"
    WHERE "channelId" = ${channelId} AND ${IS_PENDING}
    ORDER BY "channelSku"`;
  return { changes };
}
