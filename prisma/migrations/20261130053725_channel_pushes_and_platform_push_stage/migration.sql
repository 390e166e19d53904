-- CreateEnum
CREATE TYPE "ChannelPushStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed', 'dry_run');

-- AlterEnum
ALTER TYPE "SyncResource" ADD VALUE 'platform_push';

-- CreateTable
CREATE TABLE "ChannelPush" (
    "id" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "syncRunId" TEXT,
    "reason" TEXT NOT NULL,
    "status" "ChannelPushStatus" NOT NULL DEFAULT 'queued',
    "pending" INTEGER,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "accepted" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "outcome" TEXT,
    "changes" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ChannelPush_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ChannelPush_channelId_status_idx" ON "ChannelPush"("channelId", "status");

-- CreateIndex
CREATE INDEX "ChannelPush_syncRunId_idx" ON "ChannelPush"("syncRunId");

-- AddForeignKey
ALTER TABLE "ChannelPush" ADD CONSTRAINT "ChannelPush_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "ChannelConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

