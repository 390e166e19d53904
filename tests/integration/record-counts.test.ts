/**
 * Issue 11 item 4, dashboard counts without whole-table scans: the counts come from RecordCount,
 * which triggers keep exact on every path (the ingest's upserts, which must not count an update as
 * a row, deletes and their cascades, a shop deleted with everything it had), and the hourly fold
 * keeps them exact. The dashboard's own statements never read a record table.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { queryRows } from "./helpers/database";

vi.hoisted(() => {
  process.env.LOG_LEVEL = "error";
});

const { db } = await import("@/lib/db");
const { ingestRecords } = await import("@/lib/sync/ingest/ingest-records");
const { recordCounts, foldRecordCounts } = await import("@/lib/dashboard/record-counts");
const { getDashboardSource } = await import("@/lib/dashboard/dashboard-queries");
const { COUNTED_TABLES } = await import("@/lib/sync/resources");

const SHOPS = [
  { id: "count-shop-a", domain: "count-a.myshopify.com" },
  { id: "count-shop-b", domain: "count-b.myshopify.com" },
];
const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;

const product = (id: number, updatedAt: string, variants: number[]) => [
  {
    value: {
      id: gid("Product", id),
      title: `P${id}`,
      handle: `p-${id}`,
      status: "ACTIVE",
      vendor: null,
      productType: null,
      tags: [],
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt,
    },
  },
  ...variants.map((variant) => ({
    parentId: gid("Product", id),
    value: {
      id: gid("ProductVariant", variant),
      title: "V",
      sku: `S${variant}`,
      barcode: null,
      price: "1.00",
      compareAtPrice: null,
      position: 1,
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt,
      inventoryItem: null,
    },
  })),
];

async function ingest(shopId: string, records: { value: unknown; parentId?: string }[]): Promise<void> {
  await db().$transaction((tx) => ingestRecords(tx, { shopId }, records));
}

/** The counts as the tables say, by registry key. */
async function actualCounts(shopId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { table, key } of COUNTED_TABLES)
    counts[key] = (await queryRows<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}" WHERE "shopId" = $1`, [shopId]))[0]!.n;
  return counts;
}

describe("record counts kept by triggers", { timeout: 120_000 }, () => {
  beforeAll(async () => {
    for (const shop of SHOPS)
      await queryRows(`INSERT INTO "Shop" (id, domain, "installedAt", "updatedAt") VALUES ($1, $2, now(), now())`, [shop.id, shop.domain]);
  });
  afterAll(async () => {
    await db().$disconnect();
  });

  it("every counted table has both triggers", async () => {
    const rows = await queryRows<{ table: string; trigger: string }>(
      `SELECT c.relname AS table, t.tgname AS trigger FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal ORDER BY 1, 2`,
    );
    for (const { table } of COUNTED_TABLES)
      expect(rows.filter((row) => row.table === table).map((row) => row.trigger)).toEqual([
        `${table}_count_deleted`,
        `${table}_count_inserted`,
      ]);
  });

  it("stays exact through inserts, upserts of stored rows, deletes, cascades and folds", async () => {
    const [a, b] = SHOPS.map((shop) => shop.id) as [string, string];
    await ingest(a, [...product(1, "2026-02-01T00:00:00Z", [11, 12]), ...product(2, "2026-02-01T00:00:00Z", [21])]);
    await ingest(b, product(3, "2026-02-01T00:00:00Z", [31]));
    expect(await recordCounts(a)).toEqual(await actualCounts(a));
    expect((await recordCounts(a)).products).toBe(2);
    // Newer copies of stored rows (ON CONFLICT DO UPDATE), a stale copy, and one new variant: only the new row counts.
    await ingest(a, [...product(1, "2026-02-02T00:00:00Z", [11, 12, 13]), ...product(2, "2026-01-01T00:00:00Z", [21])]);
    expect(await recordCounts(a)).toEqual(await actualCounts(a));
    expect(await recordCounts(a)).toMatchObject({ products: 2, variants: 4 });
    // A delete that cascades to variants.
    await queryRows(`DELETE FROM "Product" WHERE "shopId" = $1 AND "shopifyId" = $2`, [a, gid("Product", 1)]);
    expect(await recordCounts(a)).toEqual(await actualCounts(a));
    expect(await recordCounts(a)).toMatchObject({ products: 1, variants: 1 });
    // The fold keeps every sum, and leaves one row per shop and table.
    const before = { a: await recordCounts(a), b: await recordCounts(b) };
    expect(await foldRecordCounts()).toBeGreaterThan(4);
    expect({ a: await recordCounts(a), b: await recordCounts(b) }).toEqual(before);
    expect(await queryRows(`SELECT "shopId", "table", delta::int FROM "RecordCount" ORDER BY 1, 2`)).toEqual([
      { shopId: a, table: "Product", delta: 1 },
      { shopId: a, table: "ProductVariant", delta: 1 },
      { shopId: b, table: "Product", delta: 1 },
      { shopId: b, table: "ProductVariant", delta: 1 },
    ]);
    // A shop deleted with everything it had: the cascade goes through, and its counts go with the next fold.
    await queryRows(`DELETE FROM "Shop" WHERE id = $1`, [b]);
    await foldRecordCounts();
    expect(await queryRows(`SELECT DISTINCT "shopId" FROM "RecordCount"`)).toEqual([{ shopId: a }]);
    expect(await recordCounts(a)).toEqual(await actualCounts(a));
  });

  it("the dashboard reads no record table", async () => {
    const sent: string[] = [];
    const original = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const first = args[0] as string | { text: string } | undefined;
      const text = typeof first === "string" ? first : first?.text;
      if (typeof text === "string") sent.push(text);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof pg.Client.prototype.query;
    let source: Awaited<ReturnType<typeof getDashboardSource>>;
    try {
      source = await getDashboardSource(SHOPS[0]!.domain);
    } finally {
      pg.Client.prototype.query = original;
    }
    expect(source!.counts).toEqual(await actualCounts(SHOPS[0]!.id));
    const recordTables = COUNTED_TABLES.map(({ table }) => table);
    expect(sent.filter((text) => recordTables.some((table) => text.includes(`"${table}"`)))).toEqual([]);
    // Nor groups any table by shop (Prisma's relation counts did: every shop's rows, each view).
    expect(sent.filter((text) => /GROUP BY "public"\."\w+"\."shopId"/.test(text))).toEqual([]);
  });
});
