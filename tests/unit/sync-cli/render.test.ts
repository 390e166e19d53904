import { describe, expect, it } from "vitest";
import {
  exitCodeFor,
  formatStage,
  isFollowing,
  progressBar,
  renderChannelDryRun,
  renderRun,
  summarizeDryRun,
} from "../../../dev/sync-cli/render";
import type { SyncRunProgress } from "@/lib/sync/sync-run-queries";

const stage = (overrides: Partial<SyncRunProgress["stages"][number]>) => ({
  resource: "orders",
  status: "RUNNING",
  processed: 0,
  total: null,
  estimatedCost: null,
  error: null,
  ...overrides,
});

describe("npm run sync output", () => {
  it("draws bars from the fraction, and an unknown one as dots", () => {
    expect(progressBar(0.5, 10)).toBe("[#####-----]");
    expect(progressBar(2, 4)).toBe("[####]");
    expect(progressBar(null, 4)).toBe("[····]");
  });

  it("shows a stage's counts and state", () => {
    expect(formatStage(stage({ processed: 1_200, total: 4_800 }), false)).toBe(
      "orders     [#######---------------------]  25% 1,200/4,800 running",
    );
    expect(formatStage(stage({ status: "COMPLETED", processed: 0, total: 0 }), false)).toContain("[############################] 100%");
    expect(formatStage(stage({ status: "SKIPPED", error: "Shopify denied access" }), false)).toContain("skipped  Shopify denied access");
    expect(
      formatStage(stage({ status: "SKIPPED", total: 12, estimatedCost: 1_408, error: "dry run (paginate): nothing written" }), true),
    ).toBe("orders     would fetch 12 records, ~1,408 cost points  dry run (paginate): nothing written");
  });

  it("renders a run, sums a dry run, and maps the final status to an exit code", () => {
    const run: SyncRunProgress = {
      id: "run1",
      status: "COMPLETED",
      kind: "FULL",
      dryRun: true,
      error: null,
      createdAt: new Date(),
      finishedAt: new Date(),
      stages: [stage({ resource: "products", total: 30, estimatedCost: 700 }), stage({ total: 12, estimatedCost: 10 })],
    };
    expect(renderRun(run)[0]).toBe("dry run run1: completed");
    expect(renderRun(run)).toHaveLength(3);
    expect(summarizeDryRun(run)).toBe("A sync would fetch 42 records for about 710 Shopify API cost points. Nothing was written.");
    expect([exitCodeFor("COMPLETED"), exitCodeFor("FAILED"), exitCodeFor("CANCELLED")]).toEqual([0, 1, 1]);
  });

  it("prints a platform_push dry run per channel, from and to, and follows a run until its channels finish", () => {
    expect(
      renderChannelDryRun([
        {
          channelName: "Amazon US",
          channelKind: "amazon",
          changes: [
            { sku: "SKU-1", from: 4, to: 7 },
            { sku: "SKU-22", from: null, to: 0 },
          ],
        },
        { channelName: "ShipStation", channelKind: "shipstation", changes: [] },
      ]),
    ).toEqual([
      "Amazon US (amazon): 2 SKUs would change",
      "  SKU-1   4 -> 7",
      "  SKU-22  none -> 0",
      "ShipStation (shipstation): nothing would change",
      "Nothing was sent to any channel.",
    ]);
    expect(renderChannelDryRun([])).toEqual(["No sales channel is connected: nothing would be pushed."]);
    expect(formatStage(stage({ resource: "platform_push", status: "COMPLETED", total: 3 }), true)).toBe(
      "platform_push would change 3 SKUs on your channels  completed",
    );
    const run = (status: SyncRunProgress["status"], pushStatus: string): SyncRunProgress => ({
      id: "run1",
      status,
      kind: "INCREMENTAL",
      dryRun: false,
      error: null,
      createdAt: new Date(),
      finishedAt: null,
      stages: [stage({ status: "COMPLETED" }), stage({ resource: "platform_push", status: pushStatus })],
    });
    expect(isFollowing(run("RUNNING", "PENDING"))).toBe(true);
    expect(isFollowing(run("COMPLETED", "RUNNING"))).toBe(true);
    expect(isFollowing(run("COMPLETED", "COMPLETED"))).toBe(false);
    expect(isFollowing(run("FAILED", "RUNNING"))).toBe(false);
  });
});
