/**
 * Mapping CSV import and export against real PostgreSQL: line-numbered errors, a bad file imports
 * nothing, a good file maps listings to variants (by GID or unique SKU) and bundles with a history
 * row per change, and the export reads back what was imported.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createChannel } from "@/lib/channels/channel-queries";
import { mappingToCsv, parseMappingCsv } from "@/lib/channels/mapping-csv";
import { importMapping, mappingExportRows } from "@/lib/channels/mapping-queries";
import { AppError } from "@/lib/errors";
import { queryRows, truncateAppTables } from "./helpers/database";
import { seedShopFromStore, variantGidOfSku, type SeededShop } from "./helpers/channel-fixtures";

let shop: SeededShop;
let channelId: string;
let skus: string[];

beforeEach(async () => {
  await truncateAppTables();
  shop = await seedShopFromStore({ size: "tiny", seed: 7 });
  ({ id: channelId } = await createChannel({
    shopId: shop.shopId,
    kind: "shipstation",
    name: "ShipStation",
    credentials: { apiKey: "k" },
  }));
  const counts = new Map<string, number>();
  for (const variant of shop.store.variants.values()) if (variant.sku) counts.set(variant.sku, (counts.get(variant.sku) ?? 0) + 1);
  skus = [...counts]
    .filter(([, count]) => count === 1)
    .map(([sku]) => sku)
    .slice(0, 3);
  await queryRows(
    `INSERT INTO "ChannelListing" (id, "channelId", "shopId", "channelSku", "updatedAt") SELECT gen_random_uuid()::text, $1, $2, sku, now() FROM unnest($3::text[]) AS sku`,
    [channelId, shop.shopId, ["CH-A", "CH-B", "CH-C", "CH-D"]],
  );
  await queryRows(`INSERT INTO "Bundle" (id, "shopId", sku, name, "updatedAt") VALUES ('b1', $1, 'KIT-1', 'Kit', now())`, [shop.shopId]);
});

const mappingOf = async () =>
  Object.fromEntries(
    (
      await queryRows<{ channelSku: string; variantId: string | null; bundleId: string | null; isFba: boolean }>(
        `SELECT "channelSku", "variantId", "bundleId", "isFba" FROM "ChannelListing" WHERE "channelId" = $1`,
        [channelId],
      )
    ).map((row) => [row.channelSku, row]),
  );

describe("mapping CSV", () => {
  it("names every bad line and imports nothing of a bad file", async () => {
    const before = await mappingOf();
    const csv = [
      "channel_sku,variant_id,variant_sku,bundle_sku,fba",
      `CH-A,,${skus[0]},,`,
      "CH-B,gid://shopify/ProductVariant/999999999,,,",
      "CH-C,,NO-SUCH-SKU,,",
      "CH-D,,,KIT-1,maybe",
      `CH-A,,${skus[1]},,`,
      "CH-UNKNOWN,,,,",
    ].join("\n");
    const error = await importMapping({ id: channelId, shopId: shop.shopId }, csv).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).details).toEqual([
      { line: 3, message: "variant_id gid://shopify/ProductVariant/999999999 is not a variant of this shop" },
      { line: 4, message: "no variant has SKU NO-SUCH-SKU" },
      { line: 5, message: 'fba must be true or false, not "maybe"' },
      { line: 6, message: "channel_sku CH-A already appears on line 2" },
      { line: 7, message: "channel_sku CH-UNKNOWN is not a listing of this channel" },
    ]);
    expect(await mappingOf()).toEqual(before);
    expect(await queryRows(`SELECT 1 FROM "ChannelMappingHistory"`)).toEqual([]);
  });

  it("maps by variant GID, unique SKU and bundle SKU, records history, and exports what it imported", async () => {
    const csv = [
      "channel_sku,variant_id,variant_sku,bundle_sku,fba",
      `CH-A,${variantGidOfSku(shop.store, skus[0]!)},,,`,
      `"CH-B",,"${skus[1]}",,false`,
      "CH-C,,,KIT-1,",
      "CH-D,,,,true",
    ].join("\r\n");
    expect(await importMapping({ id: channelId, shopId: shop.shopId }, csv)).toEqual({ rows: 4, changed: 4 });
    const mapping = await mappingOf();
    expect(mapping["CH-A"]).toMatchObject({ variantId: variantGidOfSku(shop.store, skus[0]!), bundleId: null });
    expect(mapping["CH-B"]).toMatchObject({ variantId: variantGidOfSku(shop.store, skus[1]!) });
    expect(mapping["CH-C"]).toMatchObject({ variantId: null, bundleId: "b1" });
    expect(mapping["CH-D"]).toMatchObject({ variantId: null, bundleId: null, isFba: true });
    const history = await queryRows<{ channelSku: string; source: string; before: unknown; after: unknown }>(
      `SELECT "channelSku", source, before, after FROM "ChannelMappingHistory" ORDER BY "channelSku"`,
    );
    expect(history.map((row) => [row.channelSku, row.source])).toEqual([
      ["CH-A", "csv"],
      ["CH-B", "csv"],
      ["CH-C", "csv"],
      ["CH-D", "csv"],
    ]);
    expect(history[2]).toMatchObject({
      before: { variantId: null, bundleId: null, isFba: false },
      after: { variantId: null, bundleId: "b1", isFba: false },
    });

    // The export, imported again, changes nothing.
    const rows = await mappingExportRows(channelId);
    expect(rows.find((row) => row.channelSku === "CH-B")).toMatchObject({ variantSku: skus[1], bundleSku: null, isFba: false });
    expect(await importMapping({ id: channelId, shopId: shop.shopId }, mappingToCsv(rows))).toEqual({ rows: 4, changed: 0 });
  });

  it("rejects a file without a channel_sku column or with unknown columns on line 1", () => {
    expect(parseMappingCsv("sku,variant_id\nA,\n").errors).toEqual([
      { line: 1, message: "the header has no channel_sku column" },
      { line: 1, message: 'unknown column "sku"' },
    ]);
  });
});
