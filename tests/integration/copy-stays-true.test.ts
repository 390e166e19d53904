/**
 * Issue 9, "a copy that stays true", at the ingest path every writer shares (sync pages, bulk
 * files, webhooks, dead-letter replays), against real PostgreSQL: exact instants across offsets,
 * the same-second rule, tombstones, one open dead letter per record, and redaction that sticks.
 * The webhook-level halves (the simulator's time zones, the database dump after customers/redact)
 * are in copy-stays-true-webhooks.test.ts.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db";
import { markDeadLetterResolved } from "@/lib/dead-letters/dead-letter-queries";
import { ingestRecords, type IncomingRecord } from "@/lib/sync/ingest/ingest-records";
import { redactCustomer } from "@/lib/webhooks/privacy-queries";
import { deleteRecord, upsertParentWithChildren } from "@/lib/webhooks/record-queries";
import { queryRows, testDatabaseUrl, truncateAppTables } from "./helpers/database";

const prisma = createPrismaClient(testDatabaseUrl());
const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;

const product = (id: number, updatedAt: string, title = `Product ${id}`) => ({
  value: {
    id: gid("Product", id),
    title,
    handle: `product-${id}`,
    status: "ACTIVE",
    vendor: "Acme",
    productType: "Mug",
    tags: ["a"],
    createdAt: "2025-01-01T00:00:00Z",
    updatedAt,
  },
});

const variant = (id: number, productId: number, updatedAt = "2025-01-02T00:00:00Z"): IncomingRecord => ({
  value: {
    id: gid("ProductVariant", id),
    title: "Default",
    sku: `SKU-${id}`,
    barcode: null,
    price: "10.00",
    compareAtPrice: null,
    position: 1,
    createdAt: "2025-01-01T00:00:00Z",
    updatedAt,
    inventoryItem: null,
  },
  parentId: gid("Product", productId),
});

const inventoryItem = (id: number) => ({
  value: {
    id: gid("InventoryItem", id),
    sku: `SKU-${id}`,
    tracked: true,
    createdAt: "2025-01-01T00:00:00Z",
    updatedAt: "2025-01-01T00:00:00Z",
  },
});

const inventoryLevel = (itemId: number, available: number, updatedAt: string): IncomingRecord => ({
  value: {
    id: `gid://shopify/InventoryLevel/7?inventory_item_id=${itemId}`,
    updatedAt,
    location: { id: gid("Location", 7) },
    quantities: [{ name: "available", quantity: available }],
  },
  parentId: gid("InventoryItem", itemId),
});

const customer = (id: number, updatedAt: string, email = "zelphine.quorrington@example.com") => ({
  value: {
    id: gid("Customer", id),
    firstName: "Zelphine",
    lastName: "Quorrington",
    state: "ENABLED",
    numberOfOrders: 1,
    tags: [],
    createdAt: "2025-01-01T00:00:00Z",
    updatedAt,
    defaultEmailAddress: { emailAddress: email },
    defaultPhoneNumber: { phoneNumber: "+15550199123" },
    amountSpent: { amount: "12.50", currencyCode: "USD" },
  },
});

describe("a copy that stays true (ingest path)", () => {
  let shopId: string;
  beforeAll(() => {
    // The domain code reads DATABASE_URL through src/lib/env.ts, like the app.
    process.env.DATABASE_URL = testDatabaseUrl();
  });
  beforeEach(async () => {
    await truncateAppTables();
    shopId = (await prisma.shop.create({ data: { domain: "truth.myshopify.com", installedAt: new Date() } })).id;
  });
  const ingest = (records: IncomingRecord[]) => prisma.$transaction((tx) => ingestRecords(tx, { shopId }, records));
  const stored = async (id: number) =>
    (
      await queryRows<{ title: string; epochMs: number }>(
        `SELECT title, (extract(epoch FROM "shopifyUpdatedAt") * 1000)::float8 AS "epochMs" FROM "Product" WHERE "shopifyId" = $1`,
        [gid("Product", id)],
      )
    )[0];

  describe("instants, not wall clocks (item 1)", () => {
    it("places a REST copy written with the shop's offset by the instant it names", async () => {
      await ingest([product(1, "2026-03-10T12:00:00Z", "stored at 12:00 UTC")]);
      // 20:30 in Tokyo is 11:30 UTC: older, though its wall clock reads later.
      await ingest([product(1, "2026-03-10T20:30:00+09:00", "older, from Tokyo")]);
      expect(await stored(1)).toEqual({ title: "stored at 12:00 UTC", epochMs: Date.parse("2026-03-10T12:00:00Z") });
      // 08:00 in New York (EDT, -04:00) is 12:00:01 UTC... one second newer, though its wall clock reads earlier.
      await ingest([product(1, "2026-03-10T08:00:01-04:00", "newer, from New York")]);
      expect(await stored(1)).toEqual({ title: "newer, from New York", epochMs: Date.parse("2026-03-10T12:00:01Z") });
    });

    it("keeps the later instant when one batch holds two copies written in different offsets", async () => {
      await ingest([product(2, "2026-03-10T12:00:00Z", "newer, in UTC"), product(2, "2026-03-10T20:30:00+09:00", "older, from Tokyo")]);
      expect((await stored(2))?.title).toBe("newer, in UTC");
    });

    it("stores every timestamp column as timestamptz", async () => {
      const columns = await queryRows<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns
         WHERE table_schema = 'public' AND data_type = 'timestamp without time zone' AND table_name <> '_prisma_migrations'`,
      );
      expect(columns).toEqual([]);
    });
  });

  describe("same-second copies (item 2)", () => {
    /** Ingests the copies in this order into an empty table and returns what stayed. */
    async function winnerOf(copies: IncomingRecord[][], read: () => Promise<unknown>) {
      await queryRows(`DELETE FROM "Product"`);
      await queryRows(`DELETE FROM "InventoryLevel"`);
      for (const batch of copies) await ingest(batch);
      return read();
    }

    it("picks the same copy of a product whichever arrives first, in separate batches or one", async () => {
      const red = product(3, "2026-05-01T10:00:00Z", "Red mug");
      const blue = product(3, "2026-05-01T10:00:00.000+00:00", "Blue mug");
      const title = async () => (await stored(3))?.title;
      const redFirst = await winnerOf([[red], [blue]], title);
      const blueFirst = await winnerOf([[blue], [red]], title);
      expect(redFirst).toBe(blueFirst);
      expect(await winnerOf([[red, blue]], title)).toBe(redFirst);
      expect(await winnerOf([[blue, red]], title)).toBe(redFirst);
      // A copy with a later second still wins outright.
      await ingest([product(3, "2026-05-01T10:00:01Z", "Green mug")]);
      expect(await title()).toBe("Green mug");
    });

    it("picks the same inventory quantity whichever same-second level arrives first", async () => {
      await ingest([inventoryItem(40)]);
      const seven = inventoryLevel(40, 7, "2026-05-01T10:00:00Z");
      const five = inventoryLevel(40, 5, "2026-05-01T10:00:00.000Z");
      const available = async () => (await prisma.inventoryLevel.findFirst({ select: { available: true } }))?.available;
      const sevenFirst = await winnerOf([[seven], [five]], available);
      const fiveFirst = await winnerOf([[five], [seven]], available);
      expect(sevenFirst).toBeDefined();
      expect(sevenFirst).toBe(fiveFirst);
    });
  });

  describe("deletes stay deleted (item 5)", () => {
    it("a sync page read before the delete does not bring the product or its variants back", async () => {
      const page = [product(4, "2026-01-01T00:00:00Z"), variant(41, 4), variant(42, 4)];
      await ingest(page);
      expect(await deleteRecord(shopId, "Product", gid("Product", 4))).toBe(1);
      const again = await ingest(page);
      expect(again.deadLettered).toBe(0);
      // The bulk path: the variants' lines in a later batch than their product's.
      const children = await ingest([variant(41, 4), variant(42, 4)]);
      expect(children.deadLettered).toBe(0);
      expect(await prisma.product.count({ where: { shopId } })).toBe(0);
      expect(await prisma.productVariant.count({ where: { shopId } })).toBe(0);
      expect(await prisma.failedSyncItem.count()).toBe(0);
      expect(await prisma.tombstone.findMany({ select: { shopifyId: true, resource: true } })).toEqual([
        { shopifyId: gid("Product", 4), resource: "Product" },
      ]);
    });

    it("a stale copy of a product does not bring back a variant a newer copy dropped", async () => {
      await ingest([product(5, "2026-01-01T00:00:00Z"), variant(51, 5), variant(52, 5)]);
      // The newer copy (a products/update webhook) lists only variant 51: 52 is deleted with it.
      await upsertParentWithChildren(
        shopId,
        "Product",
        { parent: product(5, "2026-02-01T00:00:00Z"), children: [variant(51, 5)], isCompleteList: true },
        { resourceId: gid("Product", 5), deleteTopic: "products/delete" },
      );
      expect(await prisma.productVariant.count()).toBe(1);
      // A sync page fetched before that edit arrives late.
      await ingest([product(5, "2026-01-01T00:00:00Z"), variant(51, 5), variant(52, 5)]);
      expect((await prisma.productVariant.findMany({ select: { shopifyId: true } })).map((row) => row.shopifyId)).toEqual([
        gid("ProductVariant", 51),
      ]);
    });

    it("finds tombstones by primary key, not by scanning the webhook log", async () => {
      const [plan] = await queryRows<{ "QUERY PLAN": string }>(
        `EXPLAIN SELECT 1 FROM "Tombstone" WHERE "shopId" = 'x' AND "shopifyId" = 'gid://shopify/Product/1'`,
      );
      expect(plan?.["QUERY PLAN"]).toMatch(/Index (Only )?Scan/);
    });
  });

  describe("dead letters (item 9)", () => {
    it("keeps one open row per record: a repeat failure updates it; after it is resolved a new failure opens a new one", async () => {
      const broken = (n: number) => ({ value: { ...product(6, `2026-01-0${n}T00:00:00Z`).value, title: null } });
      for (const n of [1, 2, 3]) await ingest([broken(n)]);
      const open = await prisma.failedSyncItem.findMany({
        where: { shopId, resolvedAt: null },
        select: { id: true, shopifyId: true, failureCount: true, rawPayload: true, createdAt: true, lastSeenAt: true },
      });
      expect(open).toHaveLength(1);
      expect(open[0]).toMatchObject({ shopifyId: gid("Product", 6), failureCount: 3 });
      expect(open[0]!.rawPayload).toContain("2026-01-03"); // the newest copy
      expect(open[0]!.lastSeenAt.getTime()).toBeGreaterThanOrEqual(open[0]!.createdAt.getTime());

      expect(await markDeadLetterResolved(open[0]!.id, new Date())).toBe(true);
      await ingest([broken(4)]);
      const rows = await prisma.failedSyncItem.findMany({
        select: { resolvedAt: true, failureCount: true },
        orderBy: { createdAt: "asc" },
      });
      expect(rows.map((row) => [row.resolvedAt !== null, row.failureCount])).toEqual([
        [true, 3],
        [false, 1],
      ]);
    });

    it("holds under concurrent failures of the same record", async () => {
      const broken = { value: { ...product(7, "2026-01-01T00:00:00Z").value, handle: 12 } };
      await Promise.all(Array.from({ length: 8 }, () => ingest([broken])));
      const rows = await prisma.failedSyncItem.findMany({ select: { failureCount: true } });
      expect(rows).toEqual([{ failureCount: 8 }]);
    });
  });

  describe("redaction sticks (item 11)", () => {
    it("no later copy of a redacted customer or their order writes the personal data back", async () => {
      await ingest([customer(8, "2026-04-01T00:00:00Z")]);
      await redactCustomer({ shopId, customerId: gid("Customer", 8), email: "zelphine.quorrington@example.com", orderIds: [] });
      // The same copy again (a late webhook, a bulk chunk, a replay), then a newer one.
      await ingest([customer(8, "2026-04-01T00:00:00Z")]);
      await ingest([customer(8, "2026-04-02T00:00:00Z")]);
      const row = await prisma.customer.findFirstOrThrow({
        select: { email: true, firstName: true, lastName: true, phone: true, shopifyUpdatedAt: true },
      });
      expect(row).toEqual({
        email: null,
        firstName: null,
        lastName: null,
        phone: null,
        shopifyUpdatedAt: new Date("2026-04-02T00:00:00Z"),
      });
    });
  });
});
