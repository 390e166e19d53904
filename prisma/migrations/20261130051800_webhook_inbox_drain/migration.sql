-- AlterTable
ALTER TABLE "WebhookLog" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "claimedUntil" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "WebhookLog_shopId_status_receivedAt_idx" ON "WebhookLog"("shopId", "status", "receivedAt");

-- CreateIndex
CREATE INDEX "FailedSyncItem_shopId_shopifyId_idx" ON "FailedSyncItem"("shopId", "shopifyId");

-- CreateIndex
CREATE INDEX "Tombstone_deletedAt_idx" ON "Tombstone"("deletedAt");

