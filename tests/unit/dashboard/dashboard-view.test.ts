import { describe, expect, it } from "vitest";
import type { DashboardRunRow, DashboardSource } from "@/lib/dashboard/dashboard-queries";
import { toDashboardView, toRunView } from "@/lib/dashboard/dashboard-view";

const now = new Date("2026-11-23T12:00:00Z");
const minutesAgo = (n: number) => new Date(now.getTime() - n * 60_000);

const run = (overrides: Partial<DashboardRunRow>): DashboardRunRow => ({
  id: "run-1",
  kind: "FULL",
  trigger: "install",
  status: "COMPLETED",
  createdAt: minutesAgo(30),
  startedAt: minutesAgo(30),
  finishedAt: minutesAgo(25),
  error: null,
  stages: [],
  ...overrides,
});

const source = (overrides: Partial<DashboardSource> = {}): DashboardSource => ({
  domain: "demo.myshopify.com",
  syncStatus: "COMPLETED",
  syncProgress: 100,
  lastSyncAt: minutesAgo(7),
  lastSyncError: null,
  needsReinstall: false,
  counts: { products: 1, variants: 2, orders: 12_400, customers: 4, locations: 5, inventoryItems: 6, inventoryLevels: 7 },
  unresolvedDeadLetters: 0,
  runs: [],
  ...overrides,
});

describe("toRunView", () => {
  it("sums the stages' processed counts and measures start to finish", () => {
    const view = toRunView(run({ stages: [{ processed: 120 }, { processed: 20_000 }, { processed: 15 }] }), now);
    expect(view).toMatchObject({
      kind: "full",
      trigger: "install",
      status: "COMPLETED",
      records: "20,135",
      duration: "5 min 00 s",
      startedAgo: "30 minutes ago",
    });
    expect(view.startedAtIso).toBe(minutesAgo(30).toISOString());
  });

  it("shows a running run's elapsed time as ongoing", () => {
    expect(toRunView(run({ status: "RUNNING", finishedAt: null, startedAt: minutesAgo(2) }), now).duration).toBe("2 min 00 s so far");
  });

  it("has no duration for a run that never started or was left unfinished", () => {
    expect(toRunView(run({ status: "QUEUED", startedAt: null, finishedAt: null }), now).duration).toBe("—");
    expect(toRunView(run({ status: "FAILED", finishedAt: null }), now).duration).toBe("—");
  });

  it("falls back to the creation time when the run has not started", () => {
    expect(toRunView(run({ status: "QUEUED", startedAt: null, finishedAt: null, createdAt: minutesAgo(3) }), now).startedAgo).toBe(
      "3 minutes ago",
    );
  });

  it("keeps the run's error", () => {
    expect(toRunView(run({ status: "FAILED", error: "Shopify answered 502" }), now).error).toBe("Shopify answered 502");
  });
});

describe("toDashboardView", () => {
  it("labels every resource count in a fixed order with en-US digits", () => {
    const view = toDashboardView(source(), now);
    expect(view.counts.map((c) => [c.key, c.label, c.value])).toEqual([
      ["products", "Products", "1"],
      ["variants", "Variants", "2"],
      ["orders", "Orders", "12,400"],
      ["customers", "Customers", "4"],
      ["locations", "Locations", "5"],
      ["inventoryItems", "Inventory items", "6"],
      ["inventoryLevels", "Inventory levels", "7"],
    ]);
  });

  it("says when the shop last synced, or that it never has", () => {
    expect(toDashboardView(source(), now)).toMatchObject({
      lastSynced: "Last synced 7 minutes ago",
      lastSyncAtIso: minutesAgo(7).toISOString(),
    });
    expect(toDashboardView(source({ lastSyncAt: null }), now)).toMatchObject({ lastSynced: "Not synced yet", lastSyncAtIso: null });
  });

  it("flags unresolved dead letters", () => {
    expect(toDashboardView(source({ unresolvedDeadLetters: 1_002 }), now)).toMatchObject({
      unresolvedDeadLetters: "1,002",
      hasUnresolvedDeadLetters: true,
    });
    expect(toDashboardView(source(), now)).toMatchObject({ unresolvedDeadLetters: "0", hasUnresolvedDeadLetters: false });
  });

  it("puts a refused token in the badge and links to the reinstall, never Up to date beside it", () => {
    // The state a refused token leaves when a webhook or the daily refresh met it after a good sync.
    const view = toDashboardView(source({ needsReinstall: true, lastSyncError: "Shopify refused the access token (HTTP 401)" }), now);
    expect(view).toMatchObject({
      status: { kind: "needs-reinstall", label: "Needs reinstall" },
      reinstallUrl: "/?shop=demo.myshopify.com",
    });
    expect(toDashboardView(source({ syncStatus: "FAILED", lastSyncError: "boom" }), now)).toMatchObject({
      status: { kind: "failed", label: "Failed" },
      reinstallUrl: null,
    });
    expect(toDashboardView(source(), now).status.label).toBe("Up to date");
  });

  it("keeps the runs in the order given (newest first from the query)", () => {
    const view = toDashboardView(source({ runs: [run({ id: "new" }), run({ id: "old" })] }), now);
    expect(view.runs.map((r) => r.id)).toEqual(["new", "old"]);
  });
});
