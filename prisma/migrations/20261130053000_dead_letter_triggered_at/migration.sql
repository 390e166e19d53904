-- AlterTable
ALTER TABLE "FailedSyncItem" ADD COLUMN     "triggeredAt" TIMESTAMPTZ(3);

