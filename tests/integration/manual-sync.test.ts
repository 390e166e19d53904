/**
 * Hazard R25: the manual-sync rate limit counts syncs started, not requests. A merchant whose hour's
 * syncs are spent still joins the sync that is running (its run id, nothing started); only a
 * request that would start one is refused.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db";
import { MANUAL_SYNCS_PER_HOUR, manualSyncLimiter, startManualSync } from "@/lib/sync/manual-sync";
import { createSyncRun, markSyncRunEventSent } from "@/lib/sync/sync-runs";
import { testDatabaseUrl, truncateAppTables } from "./helpers/database";

const prisma = createPrismaClient(testDatabaseUrl());
const domain = "manual-sync.myshopify.com";

describe("a manual sync request once the hour's syncs are spent", () => {
  let shopId: string;
  beforeEach(async () => {
    await truncateAppTables();
    shopId = (await prisma.shop.create({ data: { domain, installedAt: new Date(), accessToken: "token" } })).id;
    for (let i = 0; i < MANUAL_SYNCS_PER_HOUR; i++) await manualSyncLimiter().consume(shopId);
  });

  it("joins the running sync", async () => {
    // The install's sync is running (its event reached Inngest).
    const { runId } = await createSyncRun({ shopId, shopDomain: domain, kind: "FULL", trigger: "install", resources: ["products"] });
    await markSyncRunEventSent(runId);
    await expect(startManualSync(domain, { resources: ["products"] })).resolves.toEqual({ runId, created: false });
    expect(await prisma.syncRun.count()).toBe(1);
  });

  it("is refused when it would start one, or force one", async () => {
    await expect(startManualSync(domain, {})).rejects.toMatchObject({ code: "rate_limited" });
    const { runId } = await createSyncRun({ shopId, shopDomain: domain, kind: "FULL", trigger: "install", resources: ["products"] });
    await markSyncRunEventSent(runId);
    await expect(startManualSync(domain, { force: true })).rejects.toMatchObject({ code: "rate_limited" });
    expect(await prisma.syncRun.findMany({ select: { id: true, status: true } })).toEqual([{ id: runId, status: "QUEUED" }]);
  });
});
