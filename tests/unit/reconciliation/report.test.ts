import { describe, expect, it } from "vitest";
import { exitCodeForReport, renderReportTable } from "../../../dev/reconcile-cli/render";
import { reconciliationStatus } from "../../../src/lib/reconciliation/reconcile-status";
import type { ReportLine } from "../../../src/lib/reconciliation/report-queries";

const thresholds = { warningPercent: 0, criticalPercent: 1 };

const line = (overrides: Partial<ReportLine>): ReportLine => ({
  resource: "products",
  shopifyCount: 200,
  localCount: 200,
  missing: 0,
  extra: 0,
  healed: 0,
  removed: 0,
  missingIds: [],
  extraIds: [],
  status: "OK",
  note: null,
  startedAt: new Date("2026-11-30T03:00:00Z"),
  createdAt: new Date("2026-11-30T03:00:01Z"),
  finishedAt: new Date("2026-11-30T03:00:02Z"),
  ...overrides,
});

describe("reconciliation status", () => {
  it("is ok when nothing differs, a warning up to the critical share, critical beyond", () => {
    expect(reconciliationStatus({ shopifyCount: 200, missing: 0, extra: 0 }, thresholds)).toBe("OK");
    expect(reconciliationStatus({ shopifyCount: 200, missing: 1, extra: 1 }, thresholds)).toBe("WARNING"); // 1%
    expect(reconciliationStatus({ shopifyCount: 200, missing: 2, extra: 1 }, thresholds)).toBe("CRITICAL"); // 1.5%
    // an empty shop with local rows left over: every one of them differs
    expect(reconciliationStatus({ shopifyCount: 0, missing: 0, extra: 3 }, thresholds)).toBe("CRITICAL");
    expect(reconciliationStatus({ shopifyCount: 200, missing: 2, extra: 1 }, { warningPercent: 0, criticalPercent: 5 })).toBe("WARNING");
  });
});

describe("npm run reconcile's table", () => {
  it("prints resource, Shopify, local, missing, extra, status, then what healing did; exit 1 when critical", () => {
    const lines = [
      line({ missing: 1, extra: 1, healed: 1, removed: 1, status: "CRITICAL" }),
      line({ resource: "customers", shopifyCount: 12, localCount: 12 }),
      line({
        resource: "orders",
        shopifyCount: null,
        localCount: null,
        status: "CRITICAL",
        note: "Shopify's id export ended FAILED: not compared",
      }),
    ];
    expect(renderReportTable(lines).split("\n")).toEqual([
      "resource   Shopify  local  missing  extra  status",
      "---------  -------  -----  -------  -----  --------",
      "products       200    200        1      1  critical",
      "customers       12     12        0      0  ok",
      "orders           -      -        0      0  critical",
      "",
      "products: 1 of 1 missing fetched by id and stored; 1 extra removed",
      "orders: Shopify's id export ended FAILED: not compared",
    ]);
    expect(exitCodeForReport(lines)).toBe(1);
    expect(exitCodeForReport(lines.slice(1, 2))).toBe(0);
  });
});
