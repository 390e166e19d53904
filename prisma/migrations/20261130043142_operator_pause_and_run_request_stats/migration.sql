-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "syncsPausedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "SyncRun" ADD COLUMN     "requestRetries" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "throttledRequests" INTEGER NOT NULL DEFAULT 0;

