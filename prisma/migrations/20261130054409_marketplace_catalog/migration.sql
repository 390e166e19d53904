-- AlterTable
ALTER TABLE "MarketplaceListing" ADD COLUMN     "lowStockNotifiedAt" TIMESTAMPTZ(3),
ADD COLUMN     "skuPrices" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "statusObservedAt" TIMESTAMPTZ(3);

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

-- CreateTable
CREATE TABLE "ListingConflict" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "listingId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "masterValue" TEXT NOT NULL,
    "channelValue" TEXT NOT NULL,
    "detectedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL DEFAULT 'open',
    "resolution" TEXT,
    "resolvedValue" TEXT,
    "resolvedBy" TEXT,
    "resolvedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ListingConflict_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConflictRule" (
    "id" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ConflictRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "productId" TEXT,
    "channelId" TEXT,
    "before" JSONB,
    "after" JSONB,
    "source" TEXT NOT NULL,
    "origin" JSONB,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LowStockThreshold" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "LowStockThreshold_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ChannelWebhook_receivedAt_idx" ON "ChannelWebhook"("receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelWebhook_kind_messageId_key" ON "ChannelWebhook"("kind", "messageId");

-- CreateIndex
CREATE INDEX "ListingConflict_shopId_status_idx" ON "ListingConflict"("shopId", "status");

-- CreateIndex
CREATE INDEX "ListingConflict_listingId_field_status_idx" ON "ListingConflict"("listingId", "field", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ConflictRule_channelId_field_key" ON "ConflictRule"("channelId", "field");

-- CreateIndex
CREATE INDEX "AuditEvent_shopId_at_idx" ON "AuditEvent"("shopId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_shopId_productId_at_idx" ON "AuditEvent"("shopId", "productId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "LowStockThreshold_shopId_productId_key" ON "LowStockThreshold"("shopId", "productId");

-- AddForeignKey
ALTER TABLE "ListingConflict" ADD CONSTRAINT "ListingConflict_listingId_fkey" FOREIGN KEY ("listingId") REFERENCES "MarketplaceListing"("id") ON DELETE CASCADE ON UPDATE CASCADE;

