import type { PushResult, QuantityUpdate } from "../channel";
import { pushEachRequest } from "../push-each-sku";
import { PlatformRejection } from "./platform-error";

/** One channel SKU as a marketplace lists it: under a parent listing (item, product) with its own id there. */
export interface ListedSku<ParentId, SkuId> {
  sku: string;
  parentId: ParentId;
  skuId: SkuId;
}

/**
 * Parent listings pushed at once. More than one, so that one listing the platform does not answer
 * for is not taken for a channel that is down (that takes every listing in flight unanswered); the
 * connector's pacer keeps the rate.
 */
const LISTINGS_IN_FLIGHT = 4;

/**
 * Pushes absolute quantities the way marketplaces take them: one call per parent listing with all of
 * its SKUs. A SKU the channel does not list is rejected with `unknownMessage`; `pushParent` answers
 * the SKU ids the channel refused, with its message; a call it refuses as a whole (PlatformRejection)
 * rejects every SKU of that listing. A listing whose call spends the connector's retries leaves its
 * SKUs `unanswered` while the other listings go on (pushEachRequest).
 */
export async function pushByListing<ParentId, SkuId>(
  updates: QuantityUpdate[],
  listed: ListedSku<ParentId, SkuId>[],
  unknownMessage: string,
  pushParent: (parentId: ParentId, stocks: { skuId: SkuId; quantity: number }[]) => Promise<Map<SkuId, string>>,
): Promise<PushResult[]> {
  const bySku = new Map(listed.map((sku) => [sku.sku, sku]));
  const unknown: PushResult[] = [];
  const byParent = new Map<ParentId, { update: QuantityUpdate; skuId: SkuId }[]>();
  for (const update of updates) {
    const sku = bySku.get(update.sku);
    if (!sku) unknown.push({ sku: update.sku, outcome: "rejected", message: unknownMessage });
    else byParent.set(sku.parentId, [...(byParent.get(sku.parentId) ?? []), { update, skuId: sku.skuId }]);
  }
  const pushed = await pushEachRequest(
    [...byParent],
    LISTINGS_IN_FLIGHT,
    ([, entries]) => entries.map((entry) => entry.update.sku),
    async ([parentId, entries]) => {
      const failures = await pushParent(
        parentId,
        entries.map((entry) => ({ skuId: entry.skuId, quantity: entry.update.quantity })),
      ).catch((error: unknown) => {
        if (!(error instanceof PlatformRejection)) throw error;
        // The platform refused the listing's call as a whole, in its own words (a quantity out of
        // its range, an item gone): that listing's SKUs are rejected with them, the others go on.
        return new Map(entries.map((entry) => [entry.skuId, `${error.code}: ${error.message}`]));
      });
      return entries.map(({ update, skuId }): PushResult => {
        const failure = failures.get(skuId);
        return failure ? { sku: update.sku, outcome: "rejected", message: failure } : { sku: update.sku, outcome: "accepted" };
      });
    },
  );
  return [...unknown, ...pushed];
}
