/** All locations of the shop (a handful, rarely more than a few hundred): paginated in one step. */
import { db } from "../db";
import type { ShopifyAdmin } from "../shopify/admin-client";
import { LOCATIONS_PAGE } from "../shopify/queries/sync";
import type { SyncLocationsPageQuery } from "../shopify/types/admin.generated";
import { ingestRecords } from "./ingest/ingest-records";

export async function syncLocations(admin: ShopifyAdmin, shopId: string, syncRunId: string): Promise<{ locations: number }> {
  let after: string | null = null;
  let count = 0;
  do {
    const { data }: { data: SyncLocationsPageQuery } = await admin.request(LOCATIONS_PAGE, { after });
    const nodes = data.locations.nodes;
    await db().$transaction((tx) =>
      ingestRecords(
        tx,
        { shopId, syncRunId },
        nodes.map((value) => ({ value })),
      ),
    );
    count += nodes.length;
    after = data.locations.pageInfo.hasNextPage ? (data.locations.pageInfo.endCursor ?? null) : null;
  } while (after);
  return { locations: count };
}
