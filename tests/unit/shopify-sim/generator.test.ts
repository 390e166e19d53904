import { describe, expect, it } from "vitest";
import { generateStore } from "../../../dev/shopify-sim/generator.ts";

const now = new Date("2026-11-01T00:00:00Z");

describe("store generator", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const a = generateStore({ domain: "demo.myshopify.com", size: "tiny", seed: 3, now });
    const b = generateStore({ domain: "demo.myshopify.com", size: "tiny", seed: 3, now });
    const c = generateStore({ domain: "demo.myshopify.com", size: "tiny", seed: 4, now });
    expect(JSON.stringify([...a.orders.values()])).toBe(JSON.stringify([...b.orders.values()]));
    expect(JSON.stringify([...a.products.values()])).not.toBe(JSON.stringify([...c.products.values()]));
  });

  it("has the demo size and real-world mess", () => {
    const store = generateStore({ domain: "demo.myshopify.com", size: "demo", seed: 1, now });
    const counts = store.counts();
    expect(counts.products).toBeGreaterThan(1_950);
    expect(counts.variants).toBeGreaterThan(7_000);
    expect(counts.orders).toBe(20_000);
    expect(counts.customers).toBeGreaterThan(4_800);
    expect(counts.locations).toBe(3);
    const variants = [...store.variants.values()];
    const skus = variants.map((v) => v.sku);
    expect(skus.filter((s) => s === null).length).toBeGreaterThan(0);
    expect(skus.some((s) => s !== null && /[^\x20-\x7e]/.test(s))).toBe(true);
    expect(new Set(skus.filter(Boolean)).size).toBeLessThan(skus.filter(Boolean).length);
    expect(Math.max(...[...store.products.values()].map((p) => p.variantIds.length))).toBeGreaterThanOrEqual(100);
    expect([...store.orders.values()].some((o) => o.customerId !== null && !store.customers.has(o.customerId))).toBe(true);
    expect([...store.orders.values()].some((o) => o.lineItems.some((l) => l.variantId !== null && !store.variants.has(l.variantId)))).toBe(
      true,
    );
    const available = [...store.inventoryLevels.values()].flatMap((m) => [...m.values()].map((l) => l.quantities.available));
    expect(available.some((q) => q === 0)).toBe(true);
    expect(available.some((q) => q < 0)).toBe(true);
    const updatedAts = [...store.products.values()].map((p) => p.updatedAt);
    expect(new Set(updatedAts).size).toBeLessThan(updatedAts.length - 10);
  });
});
