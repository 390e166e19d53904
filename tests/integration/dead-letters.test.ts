/**
 * Dead-letter retries against real PostgreSQL: a record is replayed through the same ingest path
 * that failed it (node records) or the webhook processor (webhook bodies), stored once its cause is
 * fixed, backed off 2^n minutes while it is not, and abandoned after maxRetries, without ever
 * leaving a second dead letter for the same record. The cron function is run with @inngest/test.
 */
import { InngestTestEngine } from "@inngest/test";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { retryDeadLetters } from "../../inngest/functions/retry-dead-letters";
import { createPrismaClient } from "@/lib/db";
import { listShopDeadLetters, PAYLOAD_PREVIEW_CHARS } from "@/lib/dead-letters/dead-letter-queries";
import { retryDeadLetter, retryDueDeadLetters } from "@/lib/dead-letters/retry-dead-letter";
import { ingestRecords, type IncomingRecord } from "@/lib/sync/ingest/ingest-records";
import { recordFailedProcessing } from "@/lib/webhooks/webhook-queries";
import { testDatabaseUrl, truncateAppTables } from "./helpers/database";

const prisma = createPrismaClient(testDatabaseUrl());
const MINUTE = 60_000;

const productNode = (id: number) => ({
  id: `gid://shopify/Product/${id}`,
  title: `Product ${id}`,
  handle: `product-${id}`,
  status: "ACTIVE",
  vendor: "Acme",
  productType: "Mug",
  tags: [],
  createdAt: "2025-01-01T00:00:00Z",
  updatedAt: "2025-02-01T00:00:00Z",
});

const variantNode = (id: number, price = "12.50") => ({
  id: `gid://shopify/ProductVariant/${id}`,
  title: "Default",
  sku: `SKU-${id}`,
  barcode: null,
  price,
  compareAtPrice: null,
  position: 1,
  createdAt: "2025-01-01T00:00:00Z",
  updatedAt: "2025-02-01T00:00:00Z",
  inventoryItem: null,
});

const restProduct = (id: number) => ({
  id,
  title: `Webhook product ${id}`,
  handle: `webhook-product-${id}`,
  status: "active",
  vendor: "Acme",
  product_type: "Mug",
  tags: "a, b",
  created_at: "2025-01-01T00:00:00Z",
  updated_at: "2025-03-01T00:00:00Z",
  variants: [],
});

describe("dead-letter retries", () => {
  let shopId: string;
  const shopDomain = "dead-letters.myshopify.com";

  beforeAll(() => {
    // The domain code reads DATABASE_URL through src/lib/env.ts, like the app.
    process.env.DATABASE_URL = testDatabaseUrl();
  });
  beforeEach(async () => {
    await truncateAppTables();
    shopId = (await prisma.shop.create({ data: { domain: shopDomain, installedAt: new Date() } })).id;
  });

  const ingest = (records: IncomingRecord[]) => prisma.$transaction((tx) => ingestRecords(tx, { shopId }, records));
  const lettersFor = (shopifyId: string) => prisma.failedSyncItem.findMany({ where: { shopifyId }, orderBy: { createdAt: "asc" } });

  it.each([
    {
      path: "paginated (parent kept in its column)",
      record: (): IncomingRecord => ({ value: variantNode(11), parentId: "gid://shopify/Product/1" }),
    },
    {
      path: "bulk (__parentId in the JSONL line)",
      record: (): IncomingRecord => {
        const text = JSON.stringify({ ...variantNode(11), __parentId: "gid://shopify/Product/1" });
        return { value: variantNode(11), text, parentId: "gid://shopify/Product/1" };
      },
    },
  ])("a variant whose product was missing is stored by a retry once the product is ($path)", async ({ record }) => {
    await ingest([record()]);
    const [letter] = await lettersFor("gid://shopify/ProductVariant/11");
    expect(letter).toMatchObject({ entityType: "ProductVariant", retryCount: 0, resolvedAt: null });
    // State in a column, not in the error text: the replay reads the parent from here.
    expect(letter!.parentShopifyId).toBe("gid://shopify/Product/1");

    // Due, but the product is still missing: the same row is rescheduled, no second dead letter.
    const now = new Date(letter!.nextRetryAt!.getTime() + 1_000);
    const failed = await retryDeadLetter(letter!.id, { now });
    expect(failed).toMatchObject({ outcome: "failed", error: expect.stringContaining("gid://shopify/Product/1") });
    const afterFailure = await lettersFor("gid://shopify/ProductVariant/11");
    expect(afterFailure).toHaveLength(1);
    expect(afterFailure[0]).toMatchObject({
      id: letter!.id,
      retryCount: 1,
      resolvedAt: null,
      resolution: null,
      nextRetryAt: new Date(now.getTime() + 2 * MINUTE),
    });
    expect(await prisma.productVariant.count()).toBe(0);

    // The cause is fixed: the product arrives. Not due yet, so the cron leaves it alone...
    await ingest([{ value: productNode(1) }]);
    expect(await retryDueDeadLetters({ limit: 10, now: new Date(now.getTime() + MINUTE) })).toEqual({
      attempted: 0,
      retried: 0,
      failed: 0,
      abandoned: 0,
    });
    // ...and picks it up once due.
    const later = new Date(now.getTime() + 2 * MINUTE);
    expect(await retryDueDeadLetters({ limit: 10, now: later })).toEqual({ attempted: 1, retried: 1, failed: 0, abandoned: 0 });
    expect(await lettersFor("gid://shopify/ProductVariant/11")).toEqual([
      expect.objectContaining({ id: letter!.id, resolution: "RETRIED", resolvedAt: later, nextRetryAt: null }),
    ]);
    const variant = await prisma.productVariant.findUniqueOrThrow({
      where: { shopId_shopifyId: { shopId, shopifyId: "gid://shopify/ProductVariant/11" } },
    });
    expect([variant.productId, variant.price.toString()]).toEqual(["gid://shopify/Product/1", "12.5"]);
  });

  it("backs off 2^n minutes and abandons a record that keeps failing after maxRetries", async () => {
    await ingest([{ value: productNode(2) }, { value: variantNode(21, "not money"), parentId: "gid://shopify/Product/2" }]);
    const [letter] = await lettersFor("gid://shopify/ProductVariant/21");
    expect(letter!.errorMessage).toContain("price");
    await prisma.failedSyncItem.update({ where: { id: letter!.id }, data: { maxRetries: 3 } });

    let now = letter!.nextRetryAt!;
    const waits: number[] = [];
    const outcomes = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      outcomes.push(await retryDueDeadLetters({ limit: 10, now }));
      const row = await prisma.failedSyncItem.findUniqueOrThrow({ where: { id: letter!.id } });
      if (row.nextRetryAt) {
        waits.push((row.nextRetryAt.getTime() - now.getTime()) / MINUTE);
        now = row.nextRetryAt;
      }
    }
    expect(outcomes).toEqual([
      { attempted: 1, retried: 0, failed: 1, abandoned: 0 },
      { attempted: 1, retried: 0, failed: 1, abandoned: 0 },
      { attempted: 1, retried: 0, failed: 0, abandoned: 1 },
    ]);
    expect(waits).toEqual([2, 4]);
    const rows = await lettersFor("gid://shopify/ProductVariant/21");
    expect(rows).toEqual([
      expect.objectContaining({
        id: letter!.id,
        retryCount: 3,
        resolution: "ABANDONED",
        resolvedAt: now,
        nextRetryAt: null,
        errorMessage: expect.stringContaining("price"),
      }),
    ]);
    // Abandoned rows are never picked again.
    expect((await retryDueDeadLetters({ limit: 10, now: new Date(now.getTime() + 60 * MINUTE) })).attempted).toBe(0);
  });

  it("replays webhook dead letters through the webhook processor", async () => {
    const due = new Date(Date.now() - 1_000);
    const valid = await prisma.failedSyncItem.create({
      data: {
        shopId,
        entityType: "webhook:products/update",
        shopifyId: "gid://shopify/Product/5",
        rawPayload: JSON.stringify(restProduct(5)),
        errorMessage: "database was restarting",
        nextRetryAt: due,
      },
    });
    const { handle: _handle, ...withoutHandle } = restProduct(6);
    const invalid = await prisma.failedSyncItem.create({
      data: {
        shopId,
        entityType: "webhook:products/update",
        shopifyId: "gid://shopify/Product/6",
        rawPayload: JSON.stringify(withoutHandle),
        errorMessage: "invalid",
        nextRetryAt: due,
      },
    });
    expect(await retryDueDeadLetters({ limit: 10 })).toEqual({ attempted: 2, retried: 1, failed: 1, abandoned: 0 });
    const product = await prisma.product.findUniqueOrThrow({
      where: { shopId_shopifyId: { shopId, shopifyId: "gid://shopify/Product/5" } },
    });
    expect(product.title).toBe("Webhook product 5");
    expect(await prisma.failedSyncItem.findUniqueOrThrow({ where: { id: valid.id } })).toMatchObject({ resolution: "RETRIED" });
    expect(await prisma.failedSyncItem.findUniqueOrThrow({ where: { id: invalid.id } })).toMatchObject({
      resolution: null,
      retryCount: 1,
      errorMessage: expect.stringContaining("handle"),
    });
    expect(await prisma.failedSyncItem.count()).toBe(2);
  });

  it("a manual retry replays a row that is not due, and an abandoned one; settled rows are skipped", async () => {
    await ingest([{ value: variantNode(31), parentId: "gid://shopify/Product/3" }]);
    const [letter] = await lettersFor("gid://shopify/ProductVariant/31");
    await prisma.failedSyncItem.update({
      where: { id: letter!.id },
      data: { resolution: "ABANDONED", resolvedAt: new Date(), retryCount: 5, nextRetryAt: null },
    });
    expect(await retryDeadLetter(letter!.id)).toEqual({ id: letter!.id, outcome: "skipped" }); // the cron never touches it
    const stillFailing = await retryDeadLetter(letter!.id, { isManual: true });
    expect(stillFailing.outcome).toBe("failed");
    expect(await prisma.failedSyncItem.findUniqueOrThrow({ where: { id: letter!.id } })).toMatchObject({
      resolution: "ABANDONED",
      retryCount: 6,
    });
    await ingest([{ value: productNode(3) }]);
    expect(await retryDeadLetter(letter!.id, { isManual: true })).toEqual({ id: letter!.id, outcome: "retried" });
    expect(await retryDeadLetter(letter!.id, { isManual: true })).toEqual({ id: letter!.id, outcome: "skipped" });
    expect(await prisma.productVariant.count()).toBe(1);
  });

  it("writes nothing for an uninstalled shop: the replay fails", async () => {
    await ingest([{ value: productNode(4) }]);
    await ingest([{ value: variantNode(41, "x"), parentId: "gid://shopify/Product/4" }]);
    const [letter] = await lettersFor("gid://shopify/ProductVariant/41");
    await prisma.failedSyncItem.update({ where: { id: letter!.id }, data: { rawPayload: JSON.stringify(variantNode(41)) } });
    await prisma.shop.update({ where: { id: shopId }, data: { uninstalledAt: new Date() } });
    expect(await retryDeadLetter(letter!.id, { isManual: true })).toMatchObject({
      outcome: "failed",
      error: expect.stringContaining("not installed"),
    });
    expect(await prisma.productVariant.count()).toBe(0);
  });

  it("a replayed app/uninstalled from before the shop's latest install leaves the reinstalled shop alone", async () => {
    const { installedAt } = await prisma.shop.update({
      where: { id: shopId },
      data: { accessToken: "stored-token" },
      select: { installedAt: true },
    });
    // The uninstall was triggered an hour before the latest install, and its processing failed for
    // good after it (the database was away): the drain made its body a dead letter.
    await prisma.webhookLog.create({
      data: {
        eventId: "uninstall-before-reinstall",
        webhookId: "webhook-1",
        topic: "app/uninstalled",
        shopDomain,
        shopId,
        triggeredAt: new Date(installedAt!.getTime() - 60 * MINUTE),
        payload: JSON.stringify({ id: 1, myshopify_domain: shopDomain }),
      },
    });
    await recordFailedProcessing({
      eventId: "uninstall-before-reinstall",
      shopDomain,
      topic: "app/uninstalled",
      error: "database was restarting",
    });
    const [letter] = await prisma.failedSyncItem.findMany({ where: { entityType: "webhook:app/uninstalled" } });

    // Replayed like a late delivery: it is about an installation that is gone, so nothing changes.
    expect(await retryDeadLetter(letter!.id, { isManual: true })).toEqual({ id: letter!.id, outcome: "retried" });
    expect(await prisma.shop.findUniqueOrThrow({ where: { id: shopId }, select: { uninstalledAt: true, accessToken: true } })).toEqual({
      uninstalledAt: null,
      accessToken: "stored-token",
    });
  });

  it("lists a page of dead letters without loading their whole payloads (hazard R18)", async () => {
    const body = JSON.stringify({ ...restProduct(9), body_html: "x".repeat(1024 * 1024) });
    await prisma.failedSyncItem.create({
      data: {
        shopId,
        entityType: "webhook:products/update",
        shopifyId: "gid://shopify/Product/9",
        rawPayload: body,
        errorMessage: "too big",
      },
    });
    const { items } = await listShopDeadLetters(shopDomain, 200);
    expect(items).toHaveLength(1);
    expect(items[0]).not.toHaveProperty("rawPayload");
    expect(items[0]).toMatchObject({ payloadPreview: body.slice(0, PAYLOAD_PREVIEW_CHARS), payloadLength: body.length });
  });

  it("replays a webhook body with no transaction open, and never twice at once (hazard R17)", async () => {
    const letter = await prisma.failedSyncItem.create({
      data: {
        shopId,
        entityType: "webhook:products/update",
        shopifyId: "gid://shopify/Product/8",
        rawPayload: JSON.stringify(restProduct(8)),
        errorMessage: "database was restarting",
        nextRetryAt: new Date(Date.now() - 1_000),
      },
    });
    let answer!: () => void;
    const shopifyAnswers = new Promise<void>((resolve) => (answer = resolve));
    let replaying!: () => void;
    const isReplaying = new Promise<void>((resolve) => (replaying = resolve));
    // The replay waits on Shopify (as a webhook handler fetching the full record does)...
    const first = retryDeadLetter(letter.id, {
      replayWebhook: async () => {
        replaying();
        await shopifyAnswers;
      },
    });
    await isReplaying;
    // ...holding no database connection in a transaction meanwhile (the pool is for everyone)...
    const [open] = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`;
    expect(open!.n).toBe(0);
    // ...and a click meanwhile does not replay it a second time.
    const second = await retryDeadLetter(letter.id, {
      isManual: true,
      replayWebhook: () => Promise.reject(new Error("replayed twice at once")),
    });
    expect(second).toEqual({ id: letter.id, outcome: "skipped" });
    answer();
    expect(await first).toEqual({ id: letter.id, outcome: "retried" });
    expect(await prisma.failedSyncItem.findUniqueOrThrow({ where: { id: letter.id } })).toMatchObject({
      resolution: "RETRIED",
      retryCount: 0,
    });
  });

  it("the cron function retries due rows in batches and reports what happened", async () => {
    await ingest([
      { value: variantNode(51), parentId: "gid://shopify/Product/50" },
      { value: variantNode(52), parentId: "gid://shopify/Product/99" },
    ]);
    await ingest([{ value: productNode(50) }]);
    await prisma.failedSyncItem.updateMany({ data: { nextRetryAt: new Date(Date.now() - 1_000) } });
    // The cron tick's event (the function also runs on app/dead-letters.retry-requested).
    const engine = new InngestTestEngine({
      function: retryDeadLetters,
      events: [{ name: "inngest/scheduled.timer", data: { cron: "*/5 * * * *" } }],
    });
    const { result } = await engine.execute();
    expect(result).toEqual({ attempted: 2, retried: 1, failed: 1, abandoned: 0, shopsOverThreshold: 0 });
    expect(await prisma.productVariant.findMany({ select: { shopifyId: true } })).toEqual([
      { shopifyId: "gid://shopify/ProductVariant/51" },
    ]);
    expect(await prisma.failedSyncItem.count()).toBe(2);
  });
});
