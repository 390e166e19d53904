-- AlterTable
ALTER TABLE "WebhookLog" ADD COLUMN     "payload" TEXT;

