-- CreateTable
CREATE TABLE "ChannelWebhook" (
    "id" TEXT NOT NULL,
    "kind" "ChannelKind" NOT NULL,
    "messageId" TEXT NOT NULL,
    "externalShopId" TEXT NOT NULL,
    "code" INTEGER NOT NULL,
    "externalItemId" TEXT,
    "body" TEXT NOT NULL,
    "sentAt" TIMESTAMPTZ(3) NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL DEFAULT 'received',
    "processedAt" TIMESTAMPTZ(3),
    "listingsRead" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ChannelWebhook_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ChannelWebhook_receivedAt_idx" ON "ChannelWebhook"("receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelWebhook_kind_messageId_key" ON "ChannelWebhook"("kind", "messageId");

