-- AlterTable
ALTER TABLE "ChannelPush" ADD COLUMN     "leaseUntil" TIMESTAMPTZ(3),
ADD COLUMN     "runId" TEXT;

