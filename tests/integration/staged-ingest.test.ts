/**
 * The bulk path's COPY-and-merge (staged-chunk.ts) must store exactly what the unnest path
 * (ingestRecords) stores: the same rows, byte for byte, for values COPY's text format has to
 * escape, the same counts, and the same dead letters, including a row PostgreSQL refuses (the
 * savepoint bisection) and an orphan. Each path writes into its own shop; the rows are compared.
 */
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db";
import { ingestRecords, type IncomingRecord } from "@/lib/sync/ingest/ingest-records";
import { closeBulkDb, commitStagedChunk, prepareStagedChunk } from "@/lib/sync/ingest/staged-chunk";
import { advanceStage } from "@/lib/sync/sync-runs";
import { queryRows, testDatabaseUrl, truncateAppTables } from "./helpers/database";

const prisma = createPrismaClient(testDatabaseUrl());
afterAll(async () => {
  await closeBulkDb();
  await prisma.$disconnect();
});

const awkward = 'tab\there, line\nbreak, cr\rreturn, back\\slash \\N, "quoted", {braces}, comma, ünïcødé 🛒';

const product = (id: number, overrides: Record<string, unknown> = {}) => ({
  id: `gid://shopify/Product/${id}`,
  title: `Product ${id} ${awkward}`,
  handle: `product-${id}`,
  status: "ACTIVE",
  vendor: id % 2 ? null : "Acme\\Co",
  productType: "",
  tags: ["a", "b, c", 'say "hi"', "back\\slash", "{x}", "NULL", "", awkward],
  createdAt: "2025-01-01T00:00:00Z",
  updatedAt: "2025-02-01T10:00:00-05:00",
  ...overrides,
});

const variant = (id: number, productId: number, price = "10.00"): IncomingRecord => ({
  value: {
    id: `gid://shopify/ProductVariant/${id}`,
    title: `Default\t${id}`,
    sku: id % 3 ? `SKU-${id}` : null,
    barcode: null,
    price,
    compareAtPrice: id % 2 ? "12.5" : null,
    position: 1,
    createdAt: "2025-01-01T00:00:00Z",
    updatedAt: "2025-01-02T00:00:00.123Z",
    inventoryItem: { id: `gid://shopify/InventoryItem/${id}` },
  },
  parentId: `gid://shopify/Product/${productId}`,
});

const customer = (id: number): IncomingRecord => ({
  value: {
    id: `gid://shopify/Customer/${id}`,
    firstName: awkward,
    lastName: null,
    state: "ENABLED",
    numberOfOrders: "3",
    tags: [],
    createdAt: "2025-01-01T00:00:00Z",
    updatedAt: "2025-01-02T00:00:00Z",
    defaultEmailAddress: { emailAddress: `c${id}@example.com` },
    defaultPhoneNumber: null,
    amountSpent: { amount: "0.00", currencyCode: "EUR" },
  },
});

/** Every kind of record and outcome the bulk files bring. */
const batch = (): IncomingRecord[] => [
  ...[1, 2, 3].map((id) => ({ value: product(id) })),
  { value: product(4, { title: "bad\u0000title" }) }, // invalid: zod refuses it before either path writes
  variant(11, 1),
  variant(12, 2),
  variant(13, 1, "123456789012345678901234.00"), // beyond numeric(20,4): PostgreSQL refuses it
  variant(14, 99), // its product is not stored: an orphan
  variant(15, 3),
  customer(21),
  customer(22),
];

const rowsOf = (shopId: string, table: string) =>
  queryRows(`SELECT * FROM "${table}" WHERE "shopId" = $1 ORDER BY "shopifyId"`, [shopId]).then((rows) =>
    rows.map(({ id: _id, shopId: _shop, syncedAt: _synced, createdAt: _created, updatedAt: _updated, ...row }) => row),
  );

describe("bulk COPY-and-merge stores what the unnest path stores", () => {
  let viaUnnest: string;
  let viaCopy: string;
  beforeEach(async () => {
    await truncateAppTables();
    viaUnnest = (await prisma.shop.create({ data: { domain: "unnest.myshopify.com" } })).id;
    viaCopy = (await prisma.shop.create({ data: { domain: "copy.myshopify.com" } })).id;
  });

  it("writes the same rows, counts and dead letters", async () => {
    const unnest = await prisma.$transaction((tx) => ingestRecords(tx, { shopId: viaUnnest }, batch()));
    let ranBefore = false;
    const copy = await commitStagedChunk({ shopId: viaCopy }, await prepareStagedChunk(batch()), async () => {
      ranBefore = true;
    });
    expect(ranBefore).toBe(true);
    expect(copy).toEqual(unnest);
    expect(copy.byType.Product).toEqual({ written: 3, stale: 0, deadLettered: 1 });
    expect(copy.byType.ProductVariant).toEqual({ written: 3, stale: 0, deadLettered: 2 });

    for (const table of ["Product", "ProductVariant", "Customer"]) {
      const stored = await rowsOf(viaCopy, table);
      expect(stored.length).toBeGreaterThan(0);
      expect(stored).toEqual(await rowsOf(viaUnnest, table));
    }
    const product1 = (await rowsOf(viaCopy, "Product"))[0]!;
    expect(product1.title).toBe(`Product 1 ${awkward}`);
    expect(product1.tags).toEqual(product(1).tags);
    expect((product1.shopifyUpdatedAt as Date).toISOString()).toBe("2025-02-01T15:00:00.000Z");

    const letters = (shopId: string) =>
      prisma.failedSyncItem.findMany({
        where: { shopId },
        orderBy: { shopifyId: "asc" },
        select: { entityType: true, shopifyId: true, rawPayload: true, errorMessage: true },
      });
    const copyLetters = await letters(viaCopy);
    expect(copyLetters.map((l) => l.shopifyId)).toEqual([
      "gid://shopify/Product/4",
      "gid://shopify/ProductVariant/13",
      "gid://shopify/ProductVariant/14",
    ]);
    expect(copyLetters[1]!.errorMessage).toMatch(/PostgreSQL refused/);
    expect(copyLetters.map(({ errorMessage, ...l }) => ({ ...l, errorMessage: errorMessage.replace(/\s+/g, " ") }))).toEqual(
      (await letters(viaUnnest)).map(({ errorMessage, ...l }) => ({ ...l, errorMessage: errorMessage.replace(/\s+/g, " ") })),
    );
  });

  it("commits nothing when the work before the rows throws (the stage moved underneath)", async () => {
    await expect(
      commitStagedChunk({ shopId: viaCopy }, await prepareStagedChunk(batch()), async (tx) => {
        await tx.$executeRawUnsafe(`UPDATE "Shop" SET "syncProgress" = 50 WHERE id = $1`, viaCopy);
        throw new Error("stage moved");
      }),
    ).rejects.toThrow("stage moved");
    expect(await rowsOf(viaCopy, "Product")).toEqual([]);
    expect((await prisma.shop.findUniqueOrThrow({ where: { id: viaCopy } })).syncProgress).toBe(0);
    // the connection is usable again, its staging tables empty: the next chunk stores exactly its rows
    await commitStagedChunk({ shopId: viaCopy }, await prepareStagedChunk([{ value: product(1) }]), async () => undefined);
    expect((await rowsOf(viaCopy, "Product")).map((row) => row.shopifyId)).toEqual(["gid://shopify/Product/1"]);
  });

  it("skips a record deleted upstream and its children, as the unnest path does (tombstones are probed only for a shop that has any)", async () => {
    const lines = () => [{ value: product(1) }, { value: product(2) }, variant(11, 1), variant(12, 2)];
    for (const shopId of [viaUnnest, viaCopy])
      await prisma.tombstone.create({ data: { shopId, shopifyId: "gid://shopify/Product/2", resource: "Product" } });
    const unnest = await prisma.$transaction((tx) => ingestRecords(tx, { shopId: viaUnnest }, lines()));
    const copy = await commitStagedChunk({ shopId: viaCopy }, await prepareStagedChunk(lines()), async () => undefined);
    expect(copy).toEqual(unnest);
    expect(copy.byType.Product).toEqual({ written: 1, stale: 1, deadLettered: 0 });
    expect(copy.byType.ProductVariant).toEqual({ written: 1, stale: 1, deadLettered: 0 });
    expect((await rowsOf(viaCopy, "Product")).map((row) => row.shopifyId)).toEqual(["gid://shopify/Product/1"]);
    expect((await rowsOf(viaCopy, "ProductVariant")).map((row) => row.shopifyId)).toEqual(["gid://shopify/ProductVariant/11"]);
    expect(await prisma.failedSyncItem.count()).toBe(0);
  });

  it("advances the stage in the chunk's own raw transaction: a replayed chunk writes and counts nothing", async () => {
    await prisma.shop.update({ where: { id: viaCopy }, data: { syncStatus: "RUNNING" } });
    const startedAt = new Date("2025-01-15T00:00:00Z");
    const run = await prisma.syncRun.create({
      data: { shopId: viaCopy, kind: "FULL", trigger: "install", status: "RUNNING", resources: ["products"], startedAt },
    });
    await prisma.syncStage.create({ data: { syncRunId: run.id, resource: "products", status: "RUNNING", cursor: "c0", total: 4 } });
    const chunk = async (from: string, to: string, newestUpdatedAt: Date | null, ids: number[]) =>
      commitStagedChunk(
        { shopId: viaCopy, syncRunId: run.id },
        await prepareStagedChunk(ids.map((id) => ({ value: product(id) }))),
        async (tx) => {
          const moved = await advanceStage(tx, run.id, "products", {
            fromCursor: from,
            toCursor: to,
            processed: ids.length,
            newestUpdatedAt,
          });
          if (!moved) throw new Error("stage moved underneath");
        },
      );
    const stage = () =>
      prisma.syncStage.findFirstOrThrow({ where: { syncRunId: run.id }, select: { cursor: true, processed: true, watermark: true } });

    await chunk("c0", "c1", new Date("2025-02-01T15:00:00Z"), [1, 2]);
    // the mark never passes the run's start (sync-windows.ts, highWaterMark)
    expect(await stage()).toEqual({ cursor: "c1", processed: 2, watermark: startedAt });
    expect((await prisma.shop.findUniqueOrThrow({ where: { id: viaCopy } })).syncProgress).toBeGreaterThan(0);

    // the same chunk again (a step retried after its commit): refused whole
    await expect(chunk("c0", "c1", new Date("2025-02-01T15:00:00Z"), [3])).rejects.toThrow("stage moved underneath");
    expect(await stage()).toEqual({ cursor: "c1", processed: 2, watermark: startedAt });
    expect((await rowsOf(viaCopy, "Product")).map((row) => row.shopifyId)).toEqual(["gid://shopify/Product/1", "gid://shopify/Product/2"]);

    // a chunk without roots' updatedAt leaves the mark alone
    await chunk("c1", "c2", null, [3]);
    expect(await stage()).toEqual({ cursor: "c2", processed: 3, watermark: startedAt });
  });
});
