import { describe, expect, it } from "vitest";
import { reinstallPath, shopStatus } from "@/lib/dashboard/shop-status";

describe("shopStatus", () => {
  it("says Needs reinstall whenever Shopify refused the token, whatever the last sync did", () => {
    for (const syncStatus of ["PENDING", "RUNNING", "COMPLETED", "FAILED"] as const) {
      expect(shopStatus({ syncStatus, syncProgress: 100, needsReinstall: true })).toEqual({
        kind: "needs-reinstall",
        label: "Needs reinstall",
      });
    }
  });

  it("says Failed when the latest sync failed, never Up to date", () => {
    expect(shopStatus({ syncStatus: "FAILED", syncProgress: 40, needsReinstall: false })).toEqual({ kind: "failed", label: "Failed" });
  });

  it("shows a running sync's progress, a waiting one, and a finished one", () => {
    expect(shopStatus({ syncStatus: "RUNNING", syncProgress: 37, needsReinstall: false }).label).toBe("Syncing (37%)");
    expect(shopStatus({ syncStatus: "PENDING", syncProgress: 0, needsReinstall: false }).label).toBe("Waiting to sync");
    expect(shopStatus({ syncStatus: "COMPLETED", syncProgress: 100, needsReinstall: false })).toEqual({
      kind: "up-to-date",
      label: "Up to date",
    });
  });
});

describe("reinstallPath", () => {
  it("sends the merchant to the install form with the shop filled in", () => {
    expect(reinstallPath("demo.myshopify.com")).toBe("/?shop=demo.myshopify.com");
  });
});
