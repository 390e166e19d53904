-- Instants, not wall clocks: every timestamp column becomes timestamptz(3). The old columns hold
-- UTC wall clocks (Prisma and the ingest wrote UTC), so each is read AT TIME ZONE 'UTC' whatever the
-- session's zone. (Rows a REST webhook wrote before this migration kept the shop's wall clock; the
-- next refresh or webhook of that record replaces them: see docs/webhooks.md.)

-- AlterTable
ALTER TABLE "Shop" ALTER COLUMN "accessTokenExpiresAt" SET DATA TYPE TIMESTAMPTZ(3) USING "accessTokenExpiresAt" AT TIME ZONE 'UTC',
ALTER COLUMN "refreshTokenExpiresAt" SET DATA TYPE TIMESTAMPTZ(3) USING "refreshTokenExpiresAt" AT TIME ZONE 'UTC',
ALTER COLUMN "installedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "installedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "uninstalledAt" SET DATA TYPE TIMESTAMPTZ(3) USING "uninstalledAt" AT TIME ZONE 'UTC',
ALTER COLUMN "lastSyncAt" SET DATA TYPE TIMESTAMPTZ(3) USING "lastSyncAt" AT TIME ZONE 'UTC',
ALTER COLUMN "createdAt" SET DATA TYPE TIMESTAMPTZ(3) USING "createdAt" AT TIME ZONE 'UTC',
ALTER COLUMN "updatedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "updatedAt" AT TIME ZONE 'UTC';

-- AlterTable
ALTER TABLE "SyncRun" ALTER COLUMN "startedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "startedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "finishedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "finishedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "createdAt" SET DATA TYPE TIMESTAMPTZ(3) USING "createdAt" AT TIME ZONE 'UTC',
ALTER COLUMN "updatedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "updatedAt" AT TIME ZONE 'UTC';

-- AlterTable
ALTER TABLE "SyncStage" ALTER COLUMN "watermark" SET DATA TYPE TIMESTAMPTZ(3) USING "watermark" AT TIME ZONE 'UTC',
ALTER COLUMN "startedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "startedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "finishedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "finishedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "updatedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "updatedAt" AT TIME ZONE 'UTC';

-- AlterTable
ALTER TABLE "Product" ALTER COLUMN "shopifyCreatedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "shopifyCreatedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "shopifyUpdatedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "shopifyUpdatedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "syncedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "syncedAt" AT TIME ZONE 'UTC';

-- AlterTable
ALTER TABLE "ProductVariant" ALTER COLUMN "shopifyCreatedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "shopifyCreatedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "shopifyUpdatedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "shopifyUpdatedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "syncedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "syncedAt" AT TIME ZONE 'UTC';

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "redactedAt" TIMESTAMPTZ(3),
ALTER COLUMN "processedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "processedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "cancelledAt" SET DATA TYPE TIMESTAMPTZ(3) USING "cancelledAt" AT TIME ZONE 'UTC',
ALTER COLUMN "closedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "closedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "shopifyCreatedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "shopifyCreatedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "shopifyUpdatedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "shopifyUpdatedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "syncedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "syncedAt" AT TIME ZONE 'UTC';

-- AlterTable
ALTER TABLE "OrderLineItem" ALTER COLUMN "shopifyUpdatedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "shopifyUpdatedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "syncedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "syncedAt" AT TIME ZONE 'UTC';

-- AlterTable
ALTER TABLE "Customer" ALTER COLUMN "redactedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "redactedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "shopifyCreatedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "shopifyCreatedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "shopifyUpdatedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "shopifyUpdatedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "syncedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "syncedAt" AT TIME ZONE 'UTC';

-- AlterTable
ALTER TABLE "Location" ALTER COLUMN "shopifyUpdatedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "shopifyUpdatedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "syncedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "syncedAt" AT TIME ZONE 'UTC';

-- AlterTable
ALTER TABLE "InventoryItem" ALTER COLUMN "shopifyCreatedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "shopifyCreatedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "shopifyUpdatedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "shopifyUpdatedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "syncedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "syncedAt" AT TIME ZONE 'UTC';

-- AlterTable
ALTER TABLE "InventoryLevel" ALTER COLUMN "shopifyUpdatedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "shopifyUpdatedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "syncedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "syncedAt" AT TIME ZONE 'UTC';

-- AlterTable
ALTER TABLE "WebhookLog" ALTER COLUMN "triggeredAt" SET DATA TYPE TIMESTAMPTZ(3) USING "triggeredAt" AT TIME ZONE 'UTC',
ALTER COLUMN "receivedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "receivedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "processedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "processedAt" AT TIME ZONE 'UTC';

-- AlterTable
ALTER TABLE "FailedSyncItem" ADD COLUMN     "failureCount" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "isOpen" BOOLEAN DEFAULT true,
ADD COLUMN     "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ALTER COLUMN "nextRetryAt" SET DATA TYPE TIMESTAMPTZ(3) USING "nextRetryAt" AT TIME ZONE 'UTC',
ALTER COLUMN "resolvedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "resolvedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "createdAt" SET DATA TYPE TIMESTAMPTZ(3) USING "createdAt" AT TIME ZONE 'UTC',
ALTER COLUMN "updatedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "updatedAt" AT TIME ZONE 'UTC';

-- AlterTable
ALTER TABLE "DataRequestExport" ALTER COLUMN "requestedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "requestedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "completedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "completedAt" AT TIME ZONE 'UTC',
ALTER COLUMN "createdAt" SET DATA TYPE TIMESTAMPTZ(3) USING "createdAt" AT TIME ZONE 'UTC';

-- AlterTable
ALTER TABLE "RateLimit" ALTER COLUMN "expire" SET DATA TYPE TIMESTAMPTZ(3) USING "expire" AT TIME ZONE 'UTC';

-- CreateTable
CREATE TABLE "Tombstone" (
    "shopId" TEXT NOT NULL,
    "shopifyId" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "deletedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Tombstone_pkey" PRIMARY KEY ("shopId","shopifyId")
);

-- One open dead letter per (shop, entity, Shopify id): resolved rows leave the index (isOpen NULL);
-- duplicate open rows fold into the newest one (its payload is the latest copy), which counts them.
UPDATE "FailedSyncItem" SET "isOpen" = NULL WHERE "resolvedAt" IS NOT NULL;
UPDATE "FailedSyncItem" SET "lastSeenAt" = "updatedAt";
WITH ranked AS (
    SELECT id, row_number() OVER w AS n, count(*) OVER (PARTITION BY "shopId", "entityType", "shopifyId") AS total
    FROM "FailedSyncItem" WHERE "isOpen" AND "shopifyId" IS NOT NULL
    WINDOW w AS (PARTITION BY "shopId", "entityType", "shopifyId" ORDER BY "createdAt" DESC, id DESC)
), folded AS (
    UPDATE "FailedSyncItem" f SET "failureCount" = ranked.total FROM ranked WHERE f.id = ranked.id AND ranked.n = 1
)
DELETE FROM "FailedSyncItem" f USING ranked WHERE f.id = ranked.id AND ranked.n > 1;

-- CreateIndex
CREATE UNIQUE INDEX "FailedSyncItem_shopId_entityType_shopifyId_isOpen_key" ON "FailedSyncItem"("shopId", "entityType", "shopifyId", "isOpen");

-- AddForeignKey
ALTER TABLE "Tombstone" ADD CONSTRAINT "Tombstone_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

