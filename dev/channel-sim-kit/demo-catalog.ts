/**
 * The channel simulators' demo catalogues, derived from the Shopify simulator's deterministic demo
 * store (same size and seed), so the demo accounts list the demo shop's variant SKUs: a share of
 * them, chosen by a hash of the SKU, plus SKUs the shop does not have (unmapped) and bundle SKUs.
 * Variants without a SKU, or whose SKU is shared with another variant, are never listed (a channel
 * SKU maps to one variant).
 */
import { generateStore, type StoreSize } from "../shopify-sim/generator.ts";
import { hashSeed } from "../shopify-sim/random.ts";

export interface DemoCatalogOptions {
  shopDomain?: string;
  size: StoreSize;
  seed: number;
  /** Fraction of the shop's listable SKUs this channel lists (0..1), chosen by a hash of channel + SKU. */
  share: number;
  /** Salt of the hash, so two channels list different subsets. */
  channel: string;
}

export interface DemoSku {
  sku: string;
  /** A title for summaries. */
  title: string;
  /** Deterministic starting quantity: what the channel shows before ShopSync's first push. */
  initialQuantity: number;
  hash: number;
}

/** SKUs of the demo shop a channel would list, in store order. */
export function demoShopSkus(options: DemoCatalogOptions): DemoSku[] {
  const store = generateStore({ domain: options.shopDomain ?? "demo.myshopify.com", size: options.size, seed: options.seed });
  const counts = new Map<string, number>();
  for (const variant of store.variants.values()) if (variant.sku) counts.set(variant.sku, (counts.get(variant.sku) ?? 0) + 1);
  const skus: DemoSku[] = [];
  for (const variant of store.variants.values()) {
    const sku = variant.sku;
    if (!sku || counts.get(sku) !== 1) continue;
    const hash = hashSeed(`${options.channel}:${sku}`);
    if ((hash % 10_000) / 10_000 >= options.share) continue;
    const product = store.products.get(variant.productId);
    skus.push({ sku, title: `${product?.title ?? "Product"} - ${variant.title}`, initialQuantity: hash % 37, hash });
  }
  return skus;
}

/** Bundle SKUs every demo account lists (the merchant defines their components in ShopSync). */
export const DEMO_BUNDLE_SKUS = ["BUNDLE-STARTER-KIT", "BUNDLE-GIFT-SET", "BUNDLE-TRIO"] as const;
