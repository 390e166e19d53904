/**
 * Rows the browser tests put straight into the test database: a shop as OAuth would leave it, a
 * sync run with its stages as the sync function writes them, and synced records to count.
 */
import type { DashboardSource } from "@/lib/dashboard/dashboard-queries";
import { createPrismaClient, type Db } from "@/lib/db";
import { encodeSession, SESSION_COOKIE } from "@/lib/session";
import { TEST_APP_ENV } from "../../integration/helpers/app-server";
import { testDatabaseUrl } from "../../integration/helpers/database";

export type StageSeed = {
  resource: "products" | "orders" | "customers" | "inventory";
  status?: "PENDING" | "RUNNING" | "COMPLETED" | "FAILED" | "SKIPPED";
  processed?: number;
  total?: number | null;
  error?: string | null;
};

export const seedDb = (): Db => createPrismaClient(testDatabaseUrl());

/** The session cookie the OAuth callback would set, signed with the test app's secret. */
export function sessionCookieFor(shop: string, appUrl: string) {
  const value = encodeSession({ shop, iat: Math.floor(Date.now() / 1000) }, TEST_APP_ENV.SESSION_SECRET);
  return { name: SESSION_COOKIE, value, url: appUrl, httpOnly: true, sameSite: "Lax" as const };
}

export async function createShop(
  prisma: Db,
  domain: string,
  data: {
    syncStatus?: "PENDING" | "RUNNING" | "COMPLETED" | "FAILED";
    syncProgress?: number;
    lastSyncError?: string | null;
    scopes?: string;
  } = {},
) {
  return prisma.shop.create({
    data: { domain, installedAt: new Date(), scopes: "read_products,read_orders,read_customers,read_inventory,read_locations", ...data },
    select: { id: true, domain: true },
  });
}

export async function createRun(
  prisma: Db,
  shopId: string,
  run: {
    id?: string;
    status: "QUEUED" | "RUNNING" | "COMPLETED" | "FAILED";
    trigger?: "install" | "manual";
    startedAt?: Date;
    finishedAt?: Date;
    createdAt?: Date;
    error?: string;
  },
  stages: StageSeed[],
) {
  return prisma.syncRun.create({
    data: {
      id: run.id,
      shopId,
      kind: "FULL",
      trigger: run.trigger ?? "install",
      status: run.status,
      resources: stages.map((stage) => stage.resource),
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      createdAt: run.createdAt,
      error: run.error,
      stages: {
        create: stages.map((stage) => ({
          resource: stage.resource,
          status: stage.status ?? "PENDING",
          processed: stage.processed ?? 0,
          total: stage.total ?? null,
          error: stage.error ?? null,
        })),
      },
    },
    select: { id: true },
  });
}

export async function updateStage(prisma: Db, syncRunId: string, stage: StageSeed) {
  const { resource, ...data } = stage;
  await prisma.syncStage.update({ where: { syncRunId_resource: { syncRunId, resource } }, data });
}

/** The dashboard's counts, which these seeds must produce. */
export type SeededCounts = DashboardSource["counts"] & { unresolvedDeadLetters: number };

/** Synced records for a shop, in the numbers given (variants and levels spread over products and locations). */
export async function seedRecords(prisma: Db, shopId: string, counts: SeededCounts): Promise<void> {
  const at = new Date("2026-11-01T12:00:00Z");
  const times = { shopifyCreatedAt: at, shopifyUpdatedAt: at };
  const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  await prisma.product.createMany({
    data: range(counts.products).map((i) => ({
      shopId,
      shopifyId: `gid://shopify/Product/${i}`,
      title: `Product ${i}`,
      handle: `product-${i}`,
      status: "ACTIVE",
      ...times,
    })),
  });
  await prisma.productVariant.createMany({
    data: range(counts.variants).map((i) => ({
      shopId,
      shopifyId: `gid://shopify/ProductVariant/${i}`,
      productId: `gid://shopify/Product/${((i - 1) % counts.products) + 1}`,
      title: `Variant ${i}`,
      price: "19.99",
      position: i,
      ...times,
    })),
  });
  await prisma.order.createMany({
    data: range(counts.orders).map((i) => ({
      shopId,
      shopifyId: `gid://shopify/Order/${i}`,
      name: `#${1000 + i}`,
      currencyCode: "USD",
      totalPrice: "42.00",
      ...times,
    })),
  });
  await prisma.customer.createMany({
    data: range(counts.customers).map((i) => ({ shopId, shopifyId: `gid://shopify/Customer/${i}`, ...times })),
  });
  await prisma.location.createMany({
    data: range(counts.locations).map((i) => ({
      shopId,
      shopifyId: `gid://shopify/Location/${i}`,
      name: `Warehouse ${i}`,
      isActive: true,
      shopifyUpdatedAt: at,
    })),
  });
  await prisma.inventoryItem.createMany({
    data: range(counts.inventoryItems).map((i) => ({ shopId, shopifyId: `gid://shopify/InventoryItem/${i}`, tracked: true, ...times })),
  });
  await prisma.inventoryLevel.createMany({
    data: range(counts.inventoryLevels).map((i) => ({
      shopId,
      shopifyId: `gid://shopify/InventoryLevel/${i}`,
      inventoryItemId: `gid://shopify/InventoryItem/${Math.ceil(i / counts.locations)}`,
      locationId: `gid://shopify/Location/${((i - 1) % counts.locations) + 1}`,
      available: i,
      onHand: i,
      committed: 0,
      incoming: 0,
      reserved: 0,
      shopifyUpdatedAt: at,
    })),
  });
  await prisma.failedSyncItem.createMany({
    data: [
      ...range(counts.unresolvedDeadLetters).map((i) => ({
        shopId,
        entityType: "order",
        shopifyId: `gid://shopify/Order/bad-${i}`,
        rawPayload: "{not json",
        errorMessage: "Unexpected token",
      })),
      // A resolved dead letter is not counted.
      {
        shopId,
        entityType: "product",
        rawPayload: "{}",
        errorMessage: "title is required",
        resolvedAt: new Date(),
        resolution: "RESOLVED_MANUALLY" as const,
      },
    ],
  });
}
