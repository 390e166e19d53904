import { describe, expect, it } from "vitest";
import { describeStage, stagePercent, toStageState } from "@/lib/format/sync-stage";
import type { SyncStageDto } from "@/lib/sync/sync-status";

const stage = (overrides: Partial<SyncStageDto>): SyncStageDto => ({
  resource: "orders",
  status: "RUNNING",
  processed: 0,
  total: null,
  error: null,
  ...overrides,
});

describe("describeStage", () => {
  it("labels a running stage with processed / total in en-US digits", () => {
    const view = describeStage(stage({ processed: 12_400, total: 20_000 }));
    expect(view).toMatchObject({ state: "running", title: "Orders", label: "Importing orders 12,400 / 20,000", percent: 62, detail: null });
  });

  it("does not invent a total: no percentage until the count is known", () => {
    const view = describeStage(stage({ resource: "inventory", processed: 1_500 }));
    expect(view.label).toBe("Importing inventory 1,500 so far");
    expect(view.percent).toBeNull();
  });

  it("words each state", () => {
    expect(describeStage(stage({ status: "PENDING", total: 50 }))).toMatchObject({
      state: "pending",
      label: "Waiting to import orders",
      percent: 0,
    });
    expect(describeStage(stage({ resource: "products", status: "COMPLETED", processed: 120, total: 120 }))).toMatchObject({
      state: "completed",
      label: "Imported products 120 / 120",
      percent: 100,
    });
    expect(
      describeStage(stage({ resource: "customers", status: "SKIPPED", error: "ACCESS_DENIED: protected customer data" })),
    ).toMatchObject({
      state: "skipped",
      label: "Skipped customers",
      percent: null,
      detail: "ACCESS_DENIED: protected customer data",
    });
    expect(describeStage(stage({ status: "FAILED", processed: 3_000, total: 20_000, error: "502 from Shopify" }))).toMatchObject({
      state: "failed",
      label: "Failed importing orders at 3,000 / 20,000",
      percent: 15,
      detail: "502 from Shopify",
    });
    expect(
      describeStage(stage({ resource: "inventory", label: "Inventory", noun: "inventory levels", processed: 3, total: 4 })).label,
    ).toBe("Importing inventory levels 3 / 4");
  });

  it("shows an unknown status as waiting, never as done", () => {
    expect(toStageState("SOMETHING_NEW")).toBe("pending");
    expect(describeStage(stage({ resource: "gift_cards", status: "SOMETHING_NEW" }))).toMatchObject({
      title: "Gift cards",
      label: "Waiting to import gift cards",
    });
  });
});

describe("stagePercent", () => {
  it("floors, and clamps when Shopify's count was lower than what arrived", () => {
    expect(stagePercent(1, 3)).toBe(33);
    expect(stagePercent(2, 3)).toBe(66);
    expect(stagePercent(130, 120)).toBe(100);
    expect(stagePercent(0, 0)).toBe(0);
    expect(stagePercent(5, null)).toBeNull();
  });
});
