import { beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db";
import { encryptShopSecret, decryptShopSecret } from "@/lib/crypto/secrets";
import { testDatabaseUrl, truncateAppTables } from "./helpers/database";

describe("Prisma client on embedded PostgreSQL", () => {
  const prisma = createPrismaClient(testDatabaseUrl());
  beforeEach(() => truncateAppTables());

  it("bounds every session: statement and idle-in-transaction timeouts are set, and a statement past its timeout is ended", async () => {
    const settings = await prisma.$queryRawUnsafe<{ statement: string; idle: string }[]>(
      `SELECT current_setting('statement_timeout') AS statement, current_setting('idle_in_transaction_session_timeout') AS idle`,
    );
    expect(settings).toEqual([{ statement: "2min", idle: "2min" }]);
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL statement_timeout = 200`);
        await tx.$queryRawUnsafe(`SELECT pg_sleep(30)`);
      }),
    ).rejects.toThrow(/statement timeout/);
  });

  it("stores tokens encrypted and omits them unless asked", async () => {
    const domain = "omit-test.myshopify.com";
    await prisma.shop.create({ data: { domain, accessToken: encryptShopSecret("shpat_secret", domain) } });
    const plain = await prisma.shop.findUniqueOrThrow({ where: { domain } });
    expect(plain).not.toHaveProperty("accessToken");
    const withToken = await prisma.shop.findUniqueOrThrow({ where: { domain }, omit: { accessToken: false } });
    expect(withToken.accessToken).not.toContain("shpat_secret");
    expect(decryptShopSecret(withToken.accessToken!, domain)).toBe("shpat_secret");
  });

  it("keys synced rows by (shop, Shopify GID)", async () => {
    const shop = await prisma.shop.create({ data: { domain: "keys.myshopify.com" } });
    const product = {
      shopId: shop.id,
      shopifyId: "gid://shopify/Product/1",
      title: "Tee",
      handle: "tee",
      status: "ACTIVE",
      shopifyCreatedAt: new Date(),
      shopifyUpdatedAt: new Date(),
    };
    await prisma.product.create({ data: product });
    await expect(prisma.product.create({ data: product })).rejects.toMatchObject({ code: "P2002" });
  });

  it("keeps syncProgress and stage uniqueness per run", async () => {
    const shop = await prisma.shop.create({ data: { domain: "runs.myshopify.com" } });
    const run = await prisma.syncRun.create({
      data: { shopId: shop.id, kind: "FULL", trigger: "install", resources: ["products"], stages: { create: [{ resource: "products" }] } },
    });
    await expect(prisma.syncStage.create({ data: { syncRunId: run.id, resource: "products" } })).rejects.toMatchObject({ code: "P2002" });
  });
});
