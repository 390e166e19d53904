-- AlterTable
ALTER TABLE "FailedSyncItem" ADD COLUMN     "replayLeaseUntil" TIMESTAMPTZ(3);

