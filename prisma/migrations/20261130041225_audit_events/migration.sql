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

-- CreateIndex
CREATE INDEX "AuditEvent_shopId_at_idx" ON "AuditEvent"("shopId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_shopId_productId_at_idx" ON "AuditEvent"("shopId", "productId", "at");

