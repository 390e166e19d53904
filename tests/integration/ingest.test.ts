import { beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db";
import { ingestRecords, type IncomingRecord } from "@/lib/sync/ingest/ingest-records";
import { testDatabaseUrl, truncateAppTables } from "./helpers/database";

const prisma = createPrismaClient(testDatabaseUrl());

const product = (id: number, updatedAt: string, title = `Product ${id}`) => ({
  id: `gid://shopify/Product/${id}`,
  title,
  handle: `product-${id}`,
  status: "ACTIVE",
  vendor: "Acme",
  productType: "Mug",
  tags: ["a", "b, c"],
  createdAt: "2025-01-01T00:00:00Z",
  updatedAt,
});

const variant = (id: number, productId: number, price = "10.00") => ({
  record: {
    value: {
      id: `gid://shopify/ProductVariant/${id}`,
      title: "Default",
      sku: `SKU-${id}`,
      barcode: null,
      price,
      compareAtPrice: null,
      position: 1,
      createdAt: "2025-01-01T00:00:00Z",
      updatedAt: "2025-01-02T00:00:00Z",
      inventoryItem: { id: `gid://shopify/InventoryItem/${id}` },
    },
    parentId: `gid://shopify/Product/${productId}`,
  } satisfies IncomingRecord,
});

describe("ingestRecords (set-based upserts, guard, dead letters)", () => {
  let shopId: string;
  beforeEach(async () => {
    await truncateAppTables();
    shopId = (await prisma.shop.create({ data: { domain: "ingest.myshopify.com" } })).id;
  });
  const ingest = (records: IncomingRecord[]) => prisma.$transaction((tx) => ingestRecords(tx, { shopId }, records));

  it("writes parents and children, and is idempotent", async () => {
    const batch = [{ value: product(1, "2025-02-01T00:00:00Z") }, variant(11, 1).record, variant(12, 1).record];
    const first = await ingest(batch);
    expect(first.byType.Product).toEqual({ written: 1, stale: 0, deadLettered: 0 });
    expect(first.byType.ProductVariant).toEqual({ written: 2, stale: 0, deadLettered: 0 });
    await ingest(batch);
    expect(await prisma.product.count()).toBe(1);
    expect(await prisma.productVariant.count()).toBe(2);
    const stored = await prisma.product.findFirstOrThrow({ select: { tags: true } });
    expect(stored.tags).toEqual(["a", "b, c"]);
  });

  it("never lets an older copy overwrite a newer one", async () => {
    await ingest([{ value: product(1, "2025-03-01T00:00:00Z", "newest") }]);
    const older = await ingest([{ value: product(1, "2025-02-01T00:00:00Z", "older") }]);
    expect(older.byType.Product).toEqual({ written: 0, stale: 1, deadLettered: 0 });
    expect((await prisma.product.findFirstOrThrow()).title).toBe("newest");
    await ingest([{ value: product(1, "2025-04-01T00:00:00Z", "newer still") }]);
    expect((await prisma.product.findFirstOrThrow()).title).toBe("newer still");
  });

  it("keeps the newest of duplicates within one batch", async () => {
    await ingest([{ value: product(1, "2025-03-01T00:00:00Z", "b") }, { value: product(1, "2025-02-01T00:00:00Z", "a") }]);
    expect((await prisma.product.findFirstOrThrow()).title).toBe("b");
  });

  it("dead-letters invalid, unstorable and orphaned records with their raw payload, and writes the rest", async () => {
    const nul = JSON.stringify(product(2, "2025-02-01T00:00:00Z", "bad\u0000title"));
    const result = await ingest([
      { value: product(1, "2025-02-01T00:00:00Z") },
      { value: JSON.parse(nul), text: nul },
      variant(11, 1, "NaN").record,
      variant(12, 99).record, // its product is not stored
      variant(13, 1, "123456789012345678901234.00").record, // beyond numeric(20,4): PostgreSQL refuses it
      variant(14, 1).record,
      { value: { id: "gid://shopify/Planet/1" } },
    ]);
    expect(await prisma.product.count()).toBe(1);
    expect((await prisma.productVariant.findMany({ select: { shopifyId: true } })).map((v) => v.shopifyId)).toEqual([
      "gid://shopify/ProductVariant/14",
    ]);
    const letters = await prisma.failedSyncItem.findMany({ orderBy: { shopifyId: "asc" } });
    expect(result.deadLettered).toBe(5);
    expect(letters.map((l) => [l.entityType, l.shopifyId])).toEqual([
      ["Planet", "gid://shopify/Planet/1"],
      ["Product", "gid://shopify/Product/2"],
      ["ProductVariant", "gid://shopify/ProductVariant/11"],
      ["ProductVariant", "gid://shopify/ProductVariant/12"],
      ["ProductVariant", "gid://shopify/ProductVariant/13"],
    ]);
    expect(letters[1]!.rawPayload).toBe(nul);
    expect(letters[1]!.errorMessage).toMatch(/NUL byte/);
    expect(letters[2]!.errorMessage).toMatch(/price: must be a decimal amount/);
    expect(letters[3]!.errorMessage).toMatch(/Product gid:\/\/shopify\/Product\/99, which is not stored/);
    expect(letters[4]!.errorMessage).toMatch(/PostgreSQL refused/);
    expect(letters.every((l) => l.nextRetryAt && l.resolvedAt === null)).toBe(true);
  });

  it("guards line items by their order's updatedAt", async () => {
    const order = (updatedAt: string) => ({
      id: "gid://shopify/Order/1",
      name: "#1001",
      email: null,
      customer: null,
      displayFinancialStatus: "PAID",
      displayFulfillmentStatus: "UNFULFILLED",
      currencyCode: "USD",
      totalPriceSet: { shopMoney: { amount: "10.00" } },
      subtotalPriceSet: null,
      totalTaxSet: null,
      processedAt: null,
      cancelledAt: null,
      closedAt: null,
      createdAt: "2025-01-01T00:00:00Z",
      updatedAt,
    });
    const line = (quantity: number) => ({
      value: {
        id: "gid://shopify/LineItem/1",
        title: "Mug",
        sku: null,
        quantity,
        variant: null,
        product: null,
        originalUnitPriceSet: { shopMoney: { amount: "5.00" } },
      },
      parentId: "gid://shopify/Order/1",
    });
    await ingest([{ value: order("2025-03-01T00:00:00Z") }, line(3)]);
    await ingest([{ value: order("2025-02-01T00:00:00Z") }, line(1)]); // an older copy of the order
    expect((await prisma.orderLineItem.findFirstOrThrow()).quantity).toBe(3);
    await ingest([{ value: order("2025-04-01T00:00:00Z") }, line(2)]);
    expect((await prisma.orderLineItem.findFirstOrThrow()).quantity).toBe(2);
  });
});
