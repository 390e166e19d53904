-- AlterTable
ALTER TABLE "MarketplaceListing" ADD COLUMN     "skuPrices" JSONB NOT NULL DEFAULT '{}';

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

-- CreateIndex
CREATE INDEX "ListingConflict_shopId_status_idx" ON "ListingConflict"("shopId", "status");

-- CreateIndex
CREATE INDEX "ListingConflict_listingId_field_status_idx" ON "ListingConflict"("listingId", "field", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ConflictRule_channelId_field_key" ON "ConflictRule"("channelId", "field");

-- AddForeignKey
ALTER TABLE "ListingConflict" ADD CONSTRAINT "ListingConflict_listingId_fkey" FOREIGN KEY ("listingId") REFERENCES "MarketplaceListing"("id") ON DELETE CASCADE ON UPDATE CASCADE;

