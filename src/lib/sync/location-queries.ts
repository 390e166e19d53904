/** Reads of the Location table the sync needs. */
import { db } from "../db";

/** GIDs of the shop's stored locations (active or not), in a stable order (JavaScript string order). */
export async function listLocationIds(shopId: string): Promise<string[]> {
  const rows = await db().location.findMany({ where: { shopId }, select: { shopifyId: true } });
  return rows.map((row) => row.shopifyId).sort();
}
