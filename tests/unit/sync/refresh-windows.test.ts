import { describe, expect, it } from "vitest";
import type { ShopifyAdmin } from "@/lib/shopify/admin-client";
import { planSync } from "@/lib/sync/plan-sync";
import { highWaterMark, newestUpdatedAt } from "@/lib/sync/sync-windows";

/** Answers CountResources with fixed counts and keeps the variables it was sent. */
function countingAdmin() {
  const sent: Record<string, unknown>[] = [];
  const count = { count: 3, precision: "EXACT" };
  const admin = {
    request: async (_document: string, variables: Record<string, unknown> = {}) => {
      sent.push(variables);
      return { data: { productsCount: count, ordersCount: count, customersCount: count, productVariantsCount: count } };
    },
  } as unknown as ShopifyAdmin;
  return { admin, sent };
}

const base = { recentSince: "2026-09-01T00:00:00.000Z", hasReadAllOrders: true, strategy: "paginate" as const };

describe("per-resource refresh windows", () => {
  it("filters and counts each resource by its own window, and reads a resource without one whole", async () => {
    const { admin, sent } = countingAdmin();
    const plans = await planSync(admin, {
      ...base,
      resources: ["products", "orders", "customers", "inventory"],
      windows: { products: "2026-11-01T00:00:00.000Z", orders: "2026-11-20T00:00:00.000Z", inventory: "2026-11-25T00:00:00.000Z" },
    });
    expect(sent).toEqual([
      {
        productsCountQuery: "updated_at:>='2026-11-01T00:00:00.000Z'",
        ordersCountQuery: "updated_at:>='2026-11-20T00:00:00.000Z'",
        customersCountQuery: null,
        productVariantsCountQuery: "updated_at:>='2026-11-25T00:00:00.000Z'",
      },
    ]);
    const byResource = Object.fromEntries(plans.map((plan) => [plan.resource, plan]));
    expect(byResource.products!.passes).toEqual(["updated_at:>='2026-11-01T00:00:00.000Z'"]);
    expect(byResource.orders!.passes).toEqual([
      "created_at:>='2026-09-01T00:00:00.000Z' AND updated_at:>='2026-11-20T00:00:00.000Z'",
      "created_at:<'2026-09-01T00:00:00.000Z' AND updated_at:>='2026-11-20T00:00:00.000Z'",
    ]);
    expect(byResource.customers!.passes).toEqual([null]);
    // inventory also reads the levels changed in its window (their items did not change)
    expect(byResource.inventory).toMatchObject({
      passes: ["updated_at:>='2026-11-25T00:00:00.000Z'"],
      levelsSince: "2026-11-25T00:00:00.000Z",
    });
    expect(byResource.products).not.toHaveProperty("levelsSince");
  });

  it("a full sync has no windows and no separate pass over levels", async () => {
    const { admin } = countingAdmin();
    const [inventory] = await planSync(admin, { ...base, resources: ["inventory"] });
    expect(inventory).toEqual({ resource: "inventory", strategy: "paginate", total: 3, passes: [null] });
  });

  it("the high-water mark is the newest updatedAt read, never later than the run's start", () => {
    const records = [{ updatedAt: "2026-11-29T10:00:00Z" }, { updatedAt: "2026-11-29T12:30:00Z" }, { id: "no timestamp" }, null];
    expect(newestUpdatedAt(records)).toEqual(new Date("2026-11-29T12:30:00Z"));
    expect(newestUpdatedAt([{ updatedAt: "not a date" }])).toBeNull();
    const newest = new Date("2026-11-29T12:30:00Z");
    expect(highWaterMark(newest, new Date("2026-11-29T13:00:00Z"))).toEqual(newest);
    expect(highWaterMark(newest, new Date("2026-11-29T12:00:00Z"))).toEqual(new Date("2026-11-29T12:00:00Z"));
    expect(highWaterMark(newest, null)).toEqual(newest);
  });
});
