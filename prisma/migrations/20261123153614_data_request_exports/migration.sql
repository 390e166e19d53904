-- CreateTable
CREATE TABLE "DataRequestExport" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "shopifyRequestId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "payload" JSONB NOT NULL,
    "completedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataRequestExport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DataRequestExport_shopId_requestedAt_idx" ON "DataRequestExport"("shopId", "requestedAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "DataRequestExport_shopId_shopifyRequestId_key" ON "DataRequestExport"("shopId", "shopifyRequestId");

-- AddForeignKey
ALTER TABLE "DataRequestExport" ADD CONSTRAINT "DataRequestExport_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

