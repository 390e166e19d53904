/**
 * Hazard R7: finishing a bulk pass is idempotent. A step body can run twice (the process is killed
 * after its database commit, before Inngest records the step's result); the second run must not
 * move the stage again, or an orders stage would skip its whole history pass and still complete.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db";
import { finishBulkPass } from "@/lib/sync/bulk-sync";
import { encodeCursor, FIRST_BULK_CURSOR, readBulkCursor } from "@/lib/sync/stage-cursor";
import { createSyncRun, readStage, saveBulkOperationId } from "@/lib/sync/sync-runs";
import { testDatabaseUrl, truncateAppTables } from "./helpers/database";

const prisma = createPrismaClient(testDatabaseUrl());
const domain = "bulk-pass.myshopify.com";
const FIRST_EXPORT = "gid://shopify/BulkOperation/1";
const SECOND_EXPORT = "gid://shopify/BulkOperation/2";

describe("finishing a bulk pass", () => {
  let runId: string;
  beforeEach(async () => {
    await truncateAppTables();
    const shop = await prisma.shop.create({ data: { domain, installedAt: new Date() } });
    ({ runId } = await createSyncRun({ shopId: shop.id, shopDomain: domain, kind: "FULL", trigger: "manual", resources: ["orders"] }));
  });
  const cursorOf = async () => readBulkCursor((await readStage(runId, "orders")).cursor);

  it("moves the stage to the next pass once, however often the step runs", async () => {
    await saveBulkOperationId(runId, "orders", FIRST_EXPORT, encodeCursor({ ...FIRST_BULK_CURSOR, operation: FIRST_EXPORT }));
    await finishBulkPass(runId, "orders", FIRST_EXPORT, "completed");
    await finishBulkPass(runId, "orders", FIRST_EXPORT, "completed"); // the step's body again
    expect(await cursorOf()).toMatchObject({ pass: 1, operation: null, offset: 0 });

    // The history pass's export finishes the stage; its replay changes nothing either.
    await saveBulkOperationId(runId, "orders", SECOND_EXPORT, encodeCursor({ ...(await cursorOf()), operation: SECOND_EXPORT }));
    await finishBulkPass(runId, "orders", SECOND_EXPORT, "completed");
    await finishBulkPass(runId, "orders", FIRST_EXPORT, "completed"); // a late replay of the first pass's step
    expect(await cursorOf()).toMatchObject({ pass: 2, operation: null });
  });

  it("a failed export's resume is not repeated over the export that replaced it", async () => {
    await saveBulkOperationId(
      runId,
      "orders",
      FIRST_EXPORT,
      encodeCursor({ ...FIRST_BULK_CURSOR, operation: FIRST_EXPORT, resumeAfterId: 40 }),
    );
    await finishBulkPass(runId, "orders", FIRST_EXPORT, "failed-partial");
    expect(await cursorOf()).toMatchObject({ pass: 0, operation: null, resumeAfterId: 40, groupObjects: true });
    // The re-export started and is being read when the resume step's body runs again.
    await saveBulkOperationId(
      runId,
      "orders",
      SECOND_EXPORT,
      encodeCursor({ ...(await cursorOf()), operation: SECOND_EXPORT, offset: 512 }),
    );
    await finishBulkPass(runId, "orders", FIRST_EXPORT, "failed-partial");
    expect(await cursorOf()).toMatchObject({ pass: 0, operation: SECOND_EXPORT, offset: 512 });
  });
});
