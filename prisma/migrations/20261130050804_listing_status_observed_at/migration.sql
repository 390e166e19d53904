-- AlterTable
ALTER TABLE "MarketplaceListing" ADD COLUMN     "statusObservedAt" TIMESTAMPTZ(3);

