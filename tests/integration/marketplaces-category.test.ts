/**
 * A listing's platform category, through the library step publish-channel runs (publishNextBatch),
 * against real PostgreSQL and the Shopee simulator, configured as in production: a listing with no
 * category of its own, on a kind with no default category (SHOPEE_DEFAULT_CATEGORY_ID unset), is
 * not sent (never a made-up category on a real marketplace) and says why; a listing with its own
 * category is published in it; once a default is configured, the waiting listing's next version is
 * published in that one.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MarketplaceSimHandle } from "../../dev/marketplace-sim-kit/start.ts";
import { DEMO_SHOPEE_APP, DEMO_SHOPEE_SHOP, startShopeeSim } from "../../dev/shopee-sim/index.ts";
import { createChannel } from "@/lib/channels/channel-queries";
import { Pacer } from "@/lib/channels/pacer";
import { exchangeShopeeCode } from "@/lib/channels/shopee/shopee-api";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { publishNextBatch } from "@/lib/marketplaces/publish";
import { TEST_APP_ENV } from "./helpers/app-server";
import { seedShopFromStore, type SeededShop } from "./helpers/channel-fixtures";
import { queryRows } from "./helpers/database";

let sim: MarketplaceSimHandle;
let shop: SeededShop;

beforeAll(async () => {
  sim = await startShopeeSim({ port: 0 });
  // As the app runs in production (the tests' `next start` too): no development defaults.
  Object.assign(process.env, TEST_APP_ENV, {
    NODE_ENV: "production",
    APP_URL: "http://127.0.0.1:3999",
    SHOPEE_API_ORIGIN: sim.url,
    SHOPEE_PARTNER_ID: String(DEMO_SHOPEE_APP.partnerId),
    SHOPEE_PARTNER_KEY: DEMO_SHOPEE_APP.partnerKey,
  });
  delete process.env.SHOPEE_DEFAULT_CATEGORY_ID;
  resetEnvCache();
  shop = await seedShopFromStore({ size: "tiny", seed: 7 });
});

afterAll(async () => {
  await sim?.stop();
});

const listing = (id: string) =>
  db().marketplaceListing.findUniqueOrThrow({
    where: { id },
    select: { status: true, rejectReasons: true, externalId: true, version: true, publishedVersion: true },
  });

describe("a listing's category", () => {
  it("is never made up: without its own or a configured default the listing waits and says why", async () => {
    const http = { origin: sim.url, app: DEMO_SHOPEE_APP, pacer: new Pacer(50, 50), timeoutMs: 5_000 };
    const credentials = await exchangeShopeeCode(http, sim.state.auth.issueCode(String(DEMO_SHOPEE_SHOP.shopId)), DEMO_SHOPEE_SHOP.shopId);
    const { id: channelId } = await createChannel({ shopId: shop.shopId, kind: "shopee", name: "Shopee", credentials });
    const products = await queryRows<{ shopifyId: string }>(
      `SELECT p."shopifyId" FROM "Product" p WHERE p."shopId" = $1
         AND EXISTS (SELECT 1 FROM "ProductVariant" v WHERE v."shopId" = p."shopId" AND v."productId" = p."shopifyId" AND v.sku <> '')
       ORDER BY p."shopifyId" LIMIT 2`,
      [shop.shopId],
    );
    expect(products).toHaveLength(2);
    const [withoutCategory, withCategory] = await Promise.all(
      products.map(({ shopifyId }, i) =>
        db().marketplaceListing.create({
          data: { shopId: shop.shopId, channelId, productId: shopifyId, version: 1, categoryId: i === 1 ? "100017" : null },
          select: { id: true },
        }),
      ),
    );

    expect(await publishNextBatch(channelId, 10)).toEqual({ status: "published", published: 1, rejected: 1, remaining: 0 });
    expect(await listing(withoutCategory!.id)).toEqual({
      status: "rejected",
      rejectReasons: ["No category: choose this listing's category on its product page before it can be published."],
      externalId: null,
      version: 1,
      publishedVersion: 1,
    });
    const published = await listing(withCategory!.id);
    expect(published.externalId).not.toBeNull();
    expect(sim.state.catalog.view().map((item) => [item.id, item.categoryId])).toEqual([[published.externalId, "100017"]]);

    // The operator configures a default: the waiting listing's next version is published in it.
    process.env.SHOPEE_DEFAULT_CATEGORY_ID = "100018";
    resetEnvCache();
    await db().marketplaceListing.update({ where: { id: withoutCategory!.id }, data: { version: 2 } });
    expect(await publishNextBatch(channelId, 10)).toEqual({ status: "published", published: 1, rejected: 0, remaining: 0 });
    const later = await listing(withoutCategory!.id);
    expect(later.externalId).not.toBeNull();
    expect(later.publishedVersion).toBe(2);
    expect(sim.state.catalog.view().find((item) => item.id === later.externalId)?.categoryId).toBe("100018");
  }, 120_000);
});
