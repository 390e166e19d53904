/**
 * Pairs the SKUs of a draft with a published listing's SKUs by seller SKU, each published SKU used
 * once and in order, so a product whose variants repeat a SKU (Shopify allows it) updates each of
 * them rather than the first one twice.
 */
export function pairBySku<D extends { sku: string }, E extends { sku: string }>(draft: D[], existing: E[]): { draft: D; existing: E }[] {
  const used = new Set<number>();
  const pairs: { draft: D; existing: E }[] = [];
  for (const entry of draft) {
    const index = existing.findIndex((candidate, position) => !used.has(position) && candidate.sku === entry.sku);
    if (index < 0) continue;
    used.add(index);
    pairs.push({ draft: entry, existing: existing[index]! });
  }
  return pairs;
}
