/**
 * The bulk path reads, validates and encodes its chunks in a worker thread (chunk-source.ts,
 * bulk-chunk-worker.ts, built into dist/worker by build:worker) and commits them from their COPY
 * text alone, reading a chunk's lines again from the file to rebuild its records only when the
 * commit needs them (an orphan, a refused merge). Both must be exactly what the same code does in this thread: the same
 * cuts and cursors, the same COPY text, and the same rows, counts and dead letters once committed.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db";
import { rebuildPrepared, type CutChunk } from "@/lib/sync/ingest/bulk-chunks";
import { openChunkSource, setBulkChunkWorkerFile, type ChunkSource } from "@/lib/sync/ingest/chunk-source";
import { closeBulkDb, commitStagedChunk } from "@/lib/sync/ingest/staged-chunk";
import { queryRows, testDatabaseUrl, truncateAppTables } from "./helpers/database";

const WORKER_FILE = path.resolve(import.meta.dirname, "../../dist/worker/bulk-chunk-worker.mjs");
const prisma = createPrismaClient(testDatabaseUrl());

const product = (id: number, overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: `gid://shopify/Product/${id}`,
    title: `Product ${id}\ttab "quoted" ünïcødé`,
    handle: `product-${id}`,
    status: "ACTIVE",
    vendor: null,
    productType: "",
    tags: ["a", "b, c", "back\\slash"],
    createdAt: "2025-01-01T00:00:00Z",
    updatedAt: "2025-02-01T10:00:00-05:00",
    ...overrides,
  });
const variant = (id: number, productId: number, price = "10.00") =>
  JSON.stringify({
    id: `gid://shopify/ProductVariant/${id}`,
    title: `Default ${id}`,
    sku: `SKU-${id}`,
    barcode: null,
    price,
    compareAtPrice: null,
    position: 1,
    createdAt: "2025-01-01T00:00:00Z",
    updatedAt: "2025-01-02T00:00:00.123Z",
    inventoryItem: { id: `gid://shopify/InventoryItem/${id}` },
    __parentId: `gid://shopify/Product/${productId}`,
  });

/** A bulk file with every outcome: valid roots and children, invalid, unparseable, orphan, refused, same-second copies. */
const LINES = [
  product(1),
  variant(11, 1),
  product(2, { title: "bad\u0000title" }), // invalid (NUL): dead-lettered by validation
  "{not json",
  product(3),
  product(3, { title: "Product 3, another copy of the same second" }),
  variant(13, 3, "123456789012345678901234.00"), // beyond numeric(20,4): PostgreSQL refuses it
  variant(14, 99), // its product is not stored: an orphan
  product(5),
  variant(15, 5),
  product(6),
];
const FILE = LINES.join("\n") + "\n";

let server: http.Server;
let url: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const from = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? "")?.[1] ?? 0);
    res.writeHead(from ? 206 : 200, { "content-type": "application/jsonl" }).end(Buffer.from(FILE).subarray(from));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bulk.jsonl`;
});
afterAll(async () => {
  setBulkChunkWorkerFile(null);
  await new Promise((resolve) => server.close(resolve));
  await closeBulkDb();
  await prisma.$disconnect();
});

async function readAll(where: "worker" | "thread", offset = 0): Promise<CutChunk[]> {
  setBulkChunkWorkerFile(where === "worker" ? WORKER_FILE : null);
  const source: ChunkSource = openChunkSource({
    url,
    offset,
    resumeAfterId: null,
    countedMaxId: 0,
    hasChildren: true,
    firstBatchLines: 3,
    batchLines: 4,
  });
  expect(source.where).toBe(where);
  const cuts: CutChunk[] = [];
  try {
    for (let cut = await source.next(); cut; cut = await source.next()) cuts.push(cut);
  } finally {
    await source.close();
  }
  return cuts;
}

const text = (bytes: string | Uint8Array | undefined) => (typeof bytes === "string" ? bytes : new TextDecoder().decode(bytes));

describe("bulk chunks read in a worker thread", () => {
  it("are cut, counted and encoded exactly as in this thread, and their lines rebuild the same records", async () => {
    for (const offset of [0, Buffer.byteLength(LINES.slice(0, 2).join("\n") + "\n")]) {
      const [inWorker, inThread] = [await readAll("worker", offset), await readAll("thread", offset)];
      expect(inWorker.length).toBe(3);
      expect(inWorker.map(({ chunk: _c, ...cut }) => cut)).toEqual(inThread.map(({ chunk: _c, ...cut }) => cut));
      expect(inWorker.at(-1)!.end).toBe(Buffer.byteLength(FILE));
      for (const [i, { chunk }] of inWorker.entries()) {
        const local = inThread[i]!.chunk;
        expect(chunk.prepared).toBeUndefined();
        expect([...chunk.copies.keys()]).toEqual([...local.copies.keys()]);
        for (const [type, copy] of chunk.copies) expect(text(copy)).toBe(text(local.copies.get(type)));
        expect(chunk.ids).toEqual(local.ids);
        expect(chunk.deadLetters).toEqual(local.deadLetters);
        expect(chunk.sameSecond).toEqual(local.sameSecond);
        expect(await rebuildPrepared(chunk.lines!)).toEqual(local.prepared);
      }
    }
  });

  it("fail the read with the download's error", async () => {
    setBulkChunkWorkerFile(WORKER_FILE);
    const source = openChunkSource({
      url: "http://127.0.0.1:1/nothing", // nothing listens on port 1
      offset: 0,
      resumeAfterId: null,
      countedMaxId: 0,
      hasChildren: false,
      firstBatchLines: 3,
      batchLines: 4,
    });
    await expect(source.next()).rejects.toThrow();
    await source.close();
  });
});

const rowsOf = (shopId: string, table: string) =>
  queryRows(`SELECT * FROM "${table}" WHERE "shopId" = $1 ORDER BY "shopifyId"`, [shopId]).then((rows) =>
    rows.map(({ id: _id, shopId: _shop, syncedAt: _synced, createdAt: _created, updatedAt: _updated, ...row }) => row),
  );
const letters = (shopId: string) =>
  prisma.failedSyncItem.findMany({
    where: { shopId },
    orderBy: [{ shopifyId: "asc" }, { rawPayload: "asc" }],
    select: { entityType: true, shopifyId: true, parentShopifyId: true, rawPayload: true, errorMessage: true },
  });

describe("a worker's chunks, committed from their COPY text", () => {
  beforeEach(() => truncateAppTables());

  it("store the same rows, counts and dead letters as this thread's (orphans and refused rows from the rebuilt records)", async () => {
    const viaWorker = (await prisma.shop.create({ data: { domain: "worker.myshopify.com" } })).id;
    const viaThread = (await prisma.shop.create({ data: { domain: "thread.myshopify.com" } })).id;
    const [inWorker, inThread] = [await readAll("worker"), await readAll("thread")];
    for (const [i, cut] of inWorker.entries()) {
      const fromWorker = await commitStagedChunk({ shopId: viaWorker }, cut.chunk, async () => undefined);
      const fromThread = await commitStagedChunk({ shopId: viaThread }, inThread[i]!.chunk, async () => undefined);
      expect(fromWorker).toEqual(fromThread);
    }
    for (const table of ["Product", "ProductVariant"]) {
      const stored = await rowsOf(viaWorker, table);
      expect(stored.length).toBeGreaterThan(0);
      expect(stored).toEqual(await rowsOf(viaThread, table));
    }
    const workerLetters = await letters(viaWorker);
    expect(workerLetters.map((letter) => letter.shopifyId)).toEqual([
      "gid://shopify/Product/2",
      "gid://shopify/ProductVariant/13",
      "gid://shopify/ProductVariant/14",
      null,
    ]);
    expect(workerLetters.find((letter) => letter.shopifyId === "gid://shopify/ProductVariant/14")).toMatchObject({
      parentShopifyId: "gid://shopify/Product/99",
      rawPayload: variant(14, 99),
    });
    expect(workerLetters.find((letter) => letter.shopifyId === null)!.rawPayload).toContain("{not json");
    const normalise = (rows: Awaited<ReturnType<typeof letters>>) =>
      rows.map(({ errorMessage, ...letter }) => ({ ...letter, errorMessage: errorMessage.replace(/\s+/g, " ") }));
    expect(normalise(workerLetters)).toEqual(normalise(await letters(viaThread)));
  });
});
