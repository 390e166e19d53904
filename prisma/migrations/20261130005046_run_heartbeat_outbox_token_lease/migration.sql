-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "tokenRefreshLeaseUntil" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "SyncRun" ADD COLUMN     "heartbeatAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "pendingEvent" JSONB;

