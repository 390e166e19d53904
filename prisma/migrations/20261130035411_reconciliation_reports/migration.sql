-- CreateEnum
CREATE TYPE "ReconciliationStatus" AS ENUM ('OK', 'WARNING', 'CRITICAL');

-- CreateTable
CREATE TABLE "ReconciliationReport" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "passId" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "shopifyCount" INTEGER,
    "localCount" INTEGER,
    "missing" INTEGER NOT NULL,
    "extra" INTEGER NOT NULL,
    "healed" INTEGER NOT NULL DEFAULT 0,
    "removed" INTEGER NOT NULL DEFAULT 0,
    "missingIds" TEXT[],
    "extraIds" TEXT[],
    "status" "ReconciliationStatus" NOT NULL,
    "note" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ReconciliationReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReconciliationReport_shopId_resource_createdAt_idx" ON "ReconciliationReport"("shopId", "resource", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "ReconciliationReport_passId_resource_key" ON "ReconciliationReport"("passId", "resource");

-- AddForeignKey
ALTER TABLE "ReconciliationReport" ADD CONSTRAINT "ReconciliationReport_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

