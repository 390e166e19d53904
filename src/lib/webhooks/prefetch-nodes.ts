/**
 * The records a batch of webhooks needs from Shopify (customers/*: order count and amount spent;
 * inventory_levels/update: every named quantity), read with one `nodes(ids:)` request per 250 ids
 * instead of one request per webhook: a flash sale's thousands of inventory updates cost a few
 * calls against the shop's bucket. A request that fails (access denied to customer data, a refused
 * token, a timeout) prefetches nothing: each handler then reads its own record, and fails or
 * answers exactly as it would alone.
 */
import { log } from "../log";
import { WEBHOOK_NODES } from "../shopify/queries/webhooks";
import { adminClientFor } from "../shopify/shop-tokens";

/** Shopify's limit on `nodes(ids:)`. */
const NODES_PER_REQUEST = 250;

/** The records by GID (null: Shopify no longer has it); ids whose request failed are absent. */
export async function prefetchNodes(shopDomain: string, ids: readonly string[]): Promise<Map<string, unknown>> {
  const found = new Map<string, unknown>();
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += NODES_PER_REQUEST) {
    const chunk = unique.slice(start, start + NODES_PER_REQUEST);
    try {
      const { data } = await adminClientFor(shopDomain).request(WEBHOOK_NODES, { ids: chunk });
      chunk.forEach((id, i) => {
        const node = data.nodes[i];
        if (!node) return found.set(id, null);
        // The single-record queries have no __typename: store one shape whichever path read it.
        const { __typename: _typename, ...fields } = node as { __typename: string };
        found.set(id, fields);
      });
    } catch (error) {
      log.warn({ err: error, shop: shopDomain, ids: chunk.length }, "batched read of webhook records failed: each is read alone");
    }
  }
  return found;
}
