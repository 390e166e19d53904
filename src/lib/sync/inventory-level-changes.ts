/**
 * Inventory quantities change without their inventory item changing: Shopify moves the level's
 * updatedAt, not the item's, so the incremental items pass (inventoryItems filtered by updated_at)
 * never sees a change whose inventory_levels/update webhook was lost. This pass asks each location
 * for its levels updated in the window (Location.inventoryLevels(query: "updated_at:>=...")), each
 * with its item, and stores them through the ingest path (item first, so a level of an item the copy
 * lacks still lands). Like the paginated path, every page commits with the stage's cursor, so a
 * retried step resumes where the last commit left off, and a call stops after its time budget.
 */
import { db } from "../db";
import type { ShopifyAdmin } from "../shopify/admin-client";
import { CHANGED_INVENTORY_LEVELS_PAGE } from "../shopify/queries/sync";
import { ingestRecords, type IncomingRecord } from "./ingest/ingest-records";
import { listLocationIds } from "./location-queries";
import { encodeCursor, FIRST_PAGES_CURSOR, parseStageCursor, type LevelChangesCursor } from "./stage-cursor";
import { advanceStage, readStage } from "./sync-runs";
import { newestUpdatedAt } from "./sync-windows";

/** Levels per page: each costs about 4 points, so a page stays near 400 of Shopify's 1,000. */
const PAGE_SIZE = 100;

export interface LevelChangesOptions {
  admin: ShopifyAdmin;
  shopId: string;
  runId: string;
  /** Levels updated at or after this instant (the window start, overlap included). */
  since: string;
  budgetMs?: number;
}

/** Where the pass goes after `position`: the next page of its location, or the next location. */
function nextPosition(locations: string[], location: string, endCursor: string | null): LevelChangesCursor {
  if (endCursor) return { location, after: endCursor };
  const following = locations.find((id) => id > location);
  return following ? { location: following, after: null } : { done: true };
}

export async function syncChangedInventoryLevels(options: LevelChangesOptions): Promise<{ done: boolean; levels: number }> {
  const { admin, shopId, runId, since } = options;
  const deadline = Date.now() + (options.budgetMs ?? 20_000);
  // Locations were synced just before the inventory stage; their GIDs order the pass.
  const locations = await listLocationIds(shopId);
  let levels = 0;
  for (;;) {
    const stage = await readStage(runId, "inventory");
    // Follows the stage's main pass, whose cursor (pages or bulk) it extends.
    const cursor = parseStageCursor(stage.cursor) ?? FIRST_PAGES_CURSOR;
    const position: LevelChangesCursor = cursor.levelChanges ?? (locations[0] ? { location: locations[0], after: null } : { done: true });
    if ("done" in position) return { done: true, levels };

    const { data } = await admin.request(CHANGED_INVENTORY_LEVELS_PAGE, {
      location: position.location,
      first: PAGE_SIZE,
      after: position.after,
      query: `updated_at:>='${since}'`,
    });
    // A location deleted meanwhile has no levels left to heal.
    const connection = data.location?.inventoryLevels;
    const nodes = connection?.nodes ?? [];
    const records: IncomingRecord[] = nodes.flatMap(({ item, ...level }) =>
      item ? [{ value: item }, { value: level, parentId: item.id }] : [],
    );
    const next = nextPosition(
      locations,
      position.location,
      connection?.pageInfo.hasNextPage ? (connection.pageInfo.endCursor ?? null) : null,
    );
    await db().$transaction(
      async (tx) => {
        const moved = await advanceStage(tx, runId, "inventory", {
          fromCursor: stage.cursor,
          toCursor: encodeCursor({ ...cursor, levelChanges: next }),
          processed: nodes.length,
          newestUpdatedAt: newestUpdatedAt(nodes),
        });
        if (moved) await ingestRecords(tx, { shopId, syncRunId: runId }, records);
      },
      { timeout: 60_000 },
    );
    levels += nodes.length;
    if ("done" in next) return { done: true, levels };
    if (Date.now() >= deadline) return { done: false, levels };
  }
}
