-- AlterTable
ALTER TABLE "SyncStage" ADD COLUMN     "estimatedCost" INTEGER;

