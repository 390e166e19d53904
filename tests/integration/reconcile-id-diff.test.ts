/**
 * Hazard R16, the reconciliation's id diff against real PostgreSQL and an id export served over
 * HTTP: the exported ids stream into the database in batches (never one array of every id), rows
 * Shopify no longer lists are removed, and an export with a line that cannot be read compares and
 * removes nothing (the line may be an id that must be kept) instead of failing its step again and
 * again; the export's start is taken on the database's clock, as the rows' syncedAt is.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { diffAndRemoveExtra, UnreadableExportError } from "@/lib/reconciliation/id-diff";
import { truncateAppTables } from "./helpers/database";

const gid = (n: number) => `gid://shopify/Product/${n}`;
const FILES: Record<string, string> = {
  "/ids.jsonl": [1, 3, 4, 6, 7, 8].map((n) => JSON.stringify({ id: gid(n) })).join("\n") + "\n",
  "/corrupt.jsonl": `${JSON.stringify({ id: gid(1) })}\n{"id":"gid://shopify/Prod\n${JSON.stringify({ id: gid(3) })}\n`,
};

let server: Server;
let base: string;
let shopId: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const file = FILES[req.url ?? ""];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": "application/jsonl" }).end(file);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(async () => {
  await truncateAppTables();
  shopId = (await db().shop.create({ data: { domain: "reconcile.myshopify.com", installedAt: new Date() }, select: { id: true } })).id;
  const at = new Date("2026-01-01T00:00:00Z");
  await db().product.createMany({
    data: [1, 2, 3, 4, 5, 6, 7].map((n) => ({
      shopId,
      shopifyId: gid(n),
      title: `Product ${n}`,
      handle: `product-${n}`,
      status: "ACTIVE",
      tags: [],
      shopifyCreatedAt: at,
      shopifyUpdatedAt: at,
      syncedAt: at,
    })),
  });
});

const exported = { operationId: "gid://shopify/BulkOperation/1", ordersSince: null, startedAt: new Date().toISOString() };
const stored = async () =>
  (await db().product.findMany({ select: { shopifyId: true }, orderBy: { shopifyId: "asc" } })).map((p) => p.shopifyId);

describe("the reconciliation's id diff", () => {
  it("streams the export's ids in batches, removes the rows Shopify no longer lists and finds the missing one", async () => {
    const found: unknown[] = [];
    const diff = await diffAndRemoveExtra({
      shopId,
      table: "Product",
      exported,
      url: `${base}/ids.jsonl`,
      batchSize: 2,
      missingLimit: 10,
      record: async (_tx, result, removed) => void found.push({ ...result, removed }),
    });
    expect(diff).toMatchObject({ shopifyCount: 6, localCount: 7, missing: 1, missingIds: [gid(8)], extra: 2, removed: 2 });
    expect(diff.extraIds.sort()).toEqual([gid(2), gid(5)]);
    expect(found).toHaveLength(1);
    expect(await stored()).toEqual([1, 3, 4, 6, 7].map(gid));
  });

  it("compares and removes nothing when the export has a line it cannot read", async () => {
    let recorded = false;
    await expect(
      diffAndRemoveExtra({
        shopId,
        table: "Product",
        exported,
        url: `${base}/corrupt.jsonl`,
        missingLimit: 10,
        record: async () => void (recorded = true),
      }),
    ).rejects.toThrow(new UnreadableExportError(2));
    expect(recorded).toBe(false);
    expect(await stored()).toEqual([1, 2, 3, 4, 5, 6, 7].map(gid));
  });
});
