import { describe, expect, it } from "vitest";
import { BULK_RUN_QUERY_COST, estimateCost, estimatePages } from "@/lib/sync/dry-run";

describe("dry-run cost estimate", () => {
  it("counts one request per page, at least one per search pass", () => {
    expect(estimatePages(0, 20, 1)).toBe(1);
    expect(estimatePages(40, 20, 1)).toBe(2);
    expect(estimatePages(41, 20, 1)).toBe(3);
    // orders: recent then history; the split is unknown, so one extra page at most
    expect(estimatePages(16, 8, 2)).toBe(3);
    expect(estimatePages(0, 8, 2)).toBe(2);
  });

  it("paginated: pages x the page query's requested cost; bulk: the run mutation per pass", () => {
    expect(estimateCost({ strategy: "paginate", total: 45, pageSize: 20, passes: 1, pageCost: 352 })).toBe(3 * 352);
    expect(estimateCost({ strategy: "bulk", total: 1_000_000, pageSize: 20, passes: 2, pageCost: 0 })).toBe(2 * BULK_RUN_QUERY_COST);
  });
});
