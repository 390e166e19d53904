import type { PushResult, QuantityUpdate } from "../channel";

/** One channel SKU as a marketplace lists it: under a parent listing (item, product) with its own id there. */
export interface ListedSku<ParentId, SkuId> {
  sku: string;
  parentId: ParentId;
  skuId: SkuId;
}

/**
 * Pushes absolute quantities the way marketplaces take them: one call per parent listing with all of
 * its SKUs. A SKU the channel does not list is rejected with `unknownMessage`; `pushParent` answers
 * the SKU ids the channel refused, with its message.
 */
export async function pushByListing<ParentId, SkuId>(
  updates: QuantityUpdate[],
  listed: ListedSku<ParentId, SkuId>[],
  unknownMessage: string,
  pushParent: (parentId: ParentId, stocks: { skuId: SkuId; quantity: number }[]) => Promise<Map<SkuId, string>>,
): Promise<PushResult[]> {
  const bySku = new Map(listed.map((sku) => [sku.sku, sku]));
  const results: PushResult[] = [];
  const byParent = new Map<ParentId, { update: QuantityUpdate; skuId: SkuId }[]>();
  for (const update of updates) {
    const sku = bySku.get(update.sku);
    if (!sku) results.push({ sku: update.sku, outcome: "rejected", message: unknownMessage });
    else byParent.set(sku.parentId, [...(byParent.get(sku.parentId) ?? []), { update, skuId: sku.skuId }]);
  }
  for (const [parentId, entries] of byParent) {
    const failures = await pushParent(
      parentId,
      entries.map((entry) => ({ skuId: entry.skuId, quantity: entry.update.quantity })),
    );
    for (const entry of entries) {
      const failure = failures.get(entry.skuId);
      results.push(
        failure ? { sku: entry.update.sku, outcome: "rejected", message: failure } : { sku: entry.update.sku, outcome: "accepted" },
      );
    }
  }
  return results;
}
