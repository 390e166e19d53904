-- CreateEnum
CREATE TYPE "ChannelKind" AS ENUM ('amazon', 'shipstation', 'shopee', 'tiktok');

-- CreateEnum
CREATE TYPE "ChannelStatus" AS ENUM ('active', 'paused', 'needs_credentials');

-- CreateEnum
CREATE TYPE "CircuitState" AS ENUM ('closed', 'open', 'half_open');

-- CreateTable
CREATE TABLE "ChannelConnection" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "kind" "ChannelKind" NOT NULL,
    "name" TEXT NOT NULL,
    "credentials" TEXT NOT NULL,
    "accessToken" TEXT,
    "accessTokenExpiresAt" TIMESTAMPTZ(3),
    "status" "ChannelStatus" NOT NULL DEFAULT 'active',
    "locationIds" TEXT[],
    "safetyBuffer" INTEGER NOT NULL DEFAULT 0,
    "circuitState" "CircuitState" NOT NULL DEFAULT 'closed',
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "circuitOpenedAt" TIMESTAMPTZ(3),
    "nextProbeAt" TIMESTAMPTZ(3),
    "lastPushAt" TIMESTAMPTZ(3),
    "lastPushError" TEXT,
    "listingsSyncedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ChannelConnection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChannelListing" (
    "id" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "channelSku" TEXT NOT NULL,
    "externalId" TEXT,
    "productType" TEXT,
    "variantId" TEXT,
    "bundleId" TEXT,
    "isFba" BOOLEAN NOT NULL DEFAULT false,
    "desiredQuantity" INTEGER,
    "acknowledgedQuantity" INTEGER,
    "acknowledgedAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMPTZ(3),
    "errorQuantity" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ChannelListing_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Bundle" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Bundle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BundleComponent" (
    "bundleId" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "units" INTEGER NOT NULL,

    CONSTRAINT "BundleComponent_pkey" PRIMARY KEY ("bundleId","variantId")
);

-- CreateTable
CREATE TABLE "ChannelMappingHistory" (
    "id" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "channelSku" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "changedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChannelMappingHistory_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ChannelConnection_shopId_idx" ON "ChannelConnection"("shopId");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelConnection_shopId_name_key" ON "ChannelConnection"("shopId", "name");

-- CreateIndex
CREATE INDEX "ChannelListing_shopId_variantId_idx" ON "ChannelListing"("shopId", "variantId");

-- CreateIndex
CREATE INDEX "ChannelListing_bundleId_idx" ON "ChannelListing"("bundleId");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelListing_channelId_channelSku_key" ON "ChannelListing"("channelId", "channelSku");

-- CreateIndex
CREATE UNIQUE INDEX "Bundle_shopId_sku_key" ON "Bundle"("shopId", "sku");

-- CreateIndex
CREATE INDEX "ChannelMappingHistory_channelId_changedAt_idx" ON "ChannelMappingHistory"("channelId", "changedAt" DESC);

-- AddForeignKey
ALTER TABLE "ChannelConnection" ADD CONSTRAINT "ChannelConnection_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelListing" ADD CONSTRAINT "ChannelListing_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "ChannelConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelListing" ADD CONSTRAINT "ChannelListing_bundleId_fkey" FOREIGN KEY ("bundleId") REFERENCES "Bundle"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Bundle" ADD CONSTRAINT "Bundle_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BundleComponent" ADD CONSTRAINT "BundleComponent_bundleId_fkey" FOREIGN KEY ("bundleId") REFERENCES "Bundle"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelMappingHistory" ADD CONSTRAINT "ChannelMappingHistory_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "ChannelConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

