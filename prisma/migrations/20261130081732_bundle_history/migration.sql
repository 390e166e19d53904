-- AlterTable
ALTER TABLE "Bundle" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "ChannelMappingHistory" ADD COLUMN     "bundleId" TEXT,
ALTER COLUMN "channelId" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "ChannelMappingHistory_bundleId_changedAt_idx" ON "ChannelMappingHistory"("bundleId", "changedAt" DESC);

-- AddForeignKey
ALTER TABLE "ChannelMappingHistory" ADD CONSTRAINT "ChannelMappingHistory_bundleId_fkey" FOREIGN KEY ("bundleId") REFERENCES "Bundle"("id") ON DELETE CASCADE ON UPDATE CASCADE;

