-- AlterTable
ALTER TABLE "MarketplaceListing" ADD COLUMN     "lowStockNotifiedAt" TIMESTAMPTZ(3);

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
CREATE UNIQUE INDEX "LowStockThreshold_shopId_productId_key" ON "LowStockThreshold"("shopId", "productId");

