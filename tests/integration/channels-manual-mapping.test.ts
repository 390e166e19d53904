/**
 * The merchant's mapping tools against real PostgreSQL: a listing mapped by hand to a variant (GID
 * or unique SKU) or a bundle and unmapped, each a `manual` history row; bundles created and edited
 * (components x units, a version per edit, a `bundle` history row with before and after, a stale
 * version refused), and desired quantities following the new definition; a channel's locations and
 * safety buffer changed after connecting, and the desired quantities following them.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createChannel } from "@/lib/channels/channel-queries";
import { updateChannelSettings } from "@/lib/channels/channel-settings";
import { computeDesiredQuantities } from "@/lib/channels/desired-quantities";
import { bundleHistory, createBundle, listBundles, updateBundle } from "@/lib/channels/mapping/bundles";
import { setListingMapping } from "@/lib/channels/mapping/manual-mapping";
import { type AppError } from "@/lib/errors";
import { queryRows, truncateAppTables } from "./helpers/database";
import { expectedVariantQuantity, seedShopFromStore, variantGidOfSku, type SeededShop } from "./helpers/channel-fixtures";

let shop: SeededShop;
let channel: { id: string; shopId: string };
let skus: string[];

beforeEach(async () => {
  await truncateAppTables();
  shop = await seedShopFromStore({ size: "tiny", seed: 7 });
  const { id } = await createChannel({ shopId: shop.shopId, kind: "shipstation", name: "ShipStation", credentials: { apiKey: "k" } });
  channel = { id, shopId: shop.shopId };
  const counts = new Map<string, number>();
  for (const variant of shop.store.variants.values()) if (variant.sku) counts.set(variant.sku, (counts.get(variant.sku) ?? 0) + 1);
  skus = [...counts]
    .filter(([sku, count]) => count === 1 && expectedVariantQuantity(shop.store, sku) !== null)
    .map(([sku]) => sku)
    .slice(0, 3);
  await queryRows(
    `INSERT INTO "ChannelListing" (id, "channelId", "shopId", "channelSku", "lastError", "errorQuantity", "updatedAt")
     SELECT gen_random_uuid()::text, $1, $2, sku, CASE WHEN sku = 'CH-A' THEN 'refused' END, CASE WHEN sku = 'CH-A' THEN 3 END, now() FROM unnest($3::text[]) AS sku`,
    [id, shop.shopId, ["CH-A", "CH-B", "KIT"]],
  );
});

const listing = async (sku: string) =>
  (
    await queryRows<{ variantId: string | null; bundleId: string | null; desiredQuantity: number | null; lastError: string | null }>(
      `SELECT "variantId", "bundleId", "desiredQuantity", "lastError" FROM "ChannelListing" WHERE "channelId" = $1 AND "channelSku" = $2`,
      [channel.id, sku],
    )
  )[0];
const historyOf = (sku: string) =>
  queryRows<{ source: string; before: unknown; after: unknown }>(
    `SELECT source, before, after FROM "ChannelMappingHistory" WHERE "channelId" = $1 AND "channelSku" = $2 ORDER BY "changedAt"`,
    [channel.id, sku],
  );
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as AppError,
  );

describe("single-listing mapping", () => {
  it("maps a listing to a variant by SKU or GID, to a bundle by SKU, and unmaps it, with a manual history row each", async () => {
    const variantA = variantGidOfSku(shop.store, skus[0]!);
    expect(await setListingMapping(channel, "CH-A", skus[0]!)).toEqual({ sku: "CH-A", variantId: variantA, bundleId: null, changed: true });
    // A new mapping forgets the channel's rejection of the old one.
    expect(await listing("CH-A")).toMatchObject({ variantId: variantA, lastError: null });
    expect(await setListingMapping(channel, "CH-A", variantA)).toMatchObject({ changed: false });

    const { id: bundleId } = await createBundle(shop.shopId, { sku: "KIT-1", name: "Kit", components: [{ variant: skus[1]!, units: 2 }] });
    expect(await setListingMapping(channel, "CH-A", "KIT-1")).toMatchObject({ variantId: null, bundleId, changed: true });
    expect(await setListingMapping(channel, "CH-A", null)).toMatchObject({ variantId: null, bundleId: null, changed: true });
    expect((await historyOf("CH-A")).map((row) => [row.source, row.before, row.after])).toEqual([
      ["manual", { variantId: null, bundleId: null, isFba: false }, { variantId: variantA, bundleId: null, isFba: false }],
      ["manual", { variantId: variantA, bundleId: null, isFba: false }, { variantId: null, bundleId, isFba: false }],
      ["manual", { variantId: null, bundleId, isFba: false }, { variantId: null, bundleId: null, isFba: false }],
    ]);
  });

  it("refuses an unknown target or listing and changes nothing", async () => {
    expect(await refusal(setListingMapping(channel, "CH-B", "NO-SUCH-SKU"))).toMatchObject({
      code: "validation_failed",
      message: "no variant or bundle has SKU NO-SUCH-SKU",
    });
    expect(await refusal(setListingMapping(channel, "CH-B", "gid://shopify/ProductVariant/999999999"))).toMatchObject({
      code: "validation_failed",
    });
    expect(await refusal(setListingMapping(channel, "NOT-LISTED", skus[0]!))).toMatchObject({ code: "not_found" });
    expect(await listing("CH-B")).toMatchObject({ variantId: null, bundleId: null });
    expect(await queryRows(`SELECT 1 FROM "ChannelMappingHistory" WHERE "channelId" IS NOT NULL`)).toEqual([]);
  });
});

describe("bundle editor", () => {
  it("creates and edits a bundle, versioned in the mapping history, and the desired quantity follows it", async () => {
    const [a, b] = [skus[0]!, skus[1]!];
    const created = await createBundle(shop.shopId, {
      sku: "KIT",
      name: "Starter kit",
      components: [
        { variant: a, units: 2 },
        { variant: variantGidOfSku(shop.store, b), units: 1 },
      ],
    });
    expect(created.version).toBe(1);
    await setListingMapping(channel, "KIT", "KIT");
    await computeDesiredQuantities(channel.id);
    const qa = expectedVariantQuantity(shop.store, a)!;
    const qb = expectedVariantQuantity(shop.store, b)!;
    expect((await listing("KIT"))!.desiredQuantity).toBe(Math.min(Math.floor(qa / 2), qb));

    const edited = await updateBundle(shop.shopId, created.id, {
      sku: "KIT",
      name: "Starter kit (3)",
      version: 1,
      components: [{ variant: a, units: 3 }],
    });
    expect(edited).toEqual({ id: created.id, version: 2 });
    await computeDesiredQuantities(channel.id);
    expect((await listing("KIT"))!.desiredQuantity).toBe(Math.floor(qa / 3));

    const [bundle] = await listBundles(shop.shopId);
    expect(bundle).toMatchObject({ sku: "KIT", name: "Starter kit (3)", version: 2, listings: 1 });
    expect(bundle!.components).toEqual([{ variantId: variantGidOfSku(shop.store, a), variantSku: a, units: 3 }]);
    const history = await bundleHistory(shop.shopId, created.id);
    expect(history.map((entry) => [entry.source, entry.before?.version ?? null, entry.after?.version])).toEqual([
      ["bundle", null, 1],
      ["bundle", 1, 2],
    ]);
    expect(history[1]!.before!.components).toHaveLength(2);
    expect(history[1]!.after).toMatchObject({
      name: "Starter kit (3)",
      components: [{ variantId: variantGidOfSku(shop.store, a), units: 3 }],
    });

    // An edit made from version 1 after version 2 exists is refused, and changes nothing.
    expect(
      await refusal(
        updateBundle(shop.shopId, created.id, { sku: "KIT", name: "stale", version: 1, components: [{ variant: b, units: 1 }] }),
      ),
    ).toMatchObject({ code: "conflict" });
    expect((await listBundles(shop.shopId))[0]).toMatchObject({ name: "Starter kit (3)", version: 2 });
    expect(await bundleHistory(shop.shopId, created.id)).toHaveLength(2);
  });

  it("refuses a duplicate SKU, an unknown component and the same variant twice", async () => {
    await createBundle(shop.shopId, { sku: "KIT", name: "Kit", components: [{ variant: skus[0]!, units: 1 }] });
    expect(
      await refusal(createBundle(shop.shopId, { sku: "KIT", name: "Again", components: [{ variant: skus[0]!, units: 1 }] })),
    ).toMatchObject({
      code: "conflict",
    });
    expect(
      await refusal(createBundle(shop.shopId, { sku: "KIT-2", name: "Kit", components: [{ variant: "NO-SUCH-SKU", units: 1 }] })),
    ).toMatchObject({ code: "validation_failed", message: "component 1: no variant has SKU NO-SUCH-SKU" });
    expect(
      await refusal(
        createBundle(shop.shopId, {
          sku: "KIT-3",
          name: "Kit",
          components: [
            { variant: skus[0]!, units: 1 },
            { variant: variantGidOfSku(shop.store, skus[0]!), units: 1 },
          ],
        }),
      ),
    ).toMatchObject({ code: "validation_failed" });
    expect((await listBundles(shop.shopId)).map((bundle) => bundle.sku)).toEqual(["KIT"]);
  });
});

describe("channel settings", () => {
  it("changes the locations and safety buffer after connecting, and the desired quantity follows", async () => {
    const variant = variantGidOfSku(shop.store, skus[0]!);
    await setListingMapping(channel, "CH-B", variant);
    await computeDesiredQuantities(channel.id);
    const everywhere = expectedVariantQuantity(shop.store, skus[0]!)!;
    expect((await listing("CH-B"))!.desiredQuantity).toBe(everywhere);

    expect(await updateChannelSettings(channel, { safetyBuffer: 2 })).toMatchObject({ safetyBuffer: 2, locationIds: [] });
    await computeDesiredQuantities(channel.id);
    expect((await listing("CH-B"))!.desiredQuantity).toBe(Math.max(0, everywhere - 2));

    // One location only: available there, minus the buffer.
    const [level] = await queryRows<{ locationId: string; available: number }>(
      `SELECT l."locationId", l.available FROM "InventoryLevel" l JOIN "ProductVariant" v ON v."shopId" = l."shopId" AND v."inventoryItemId" = l."inventoryItemId"
       WHERE v."shopId" = $1 AND v."shopifyId" = $2 ORDER BY l."locationId" LIMIT 1`,
      [shop.shopId, variant],
    );
    expect(await updateChannelSettings(channel, { locationIds: [level!.locationId] })).toEqual({
      locationIds: [level!.locationId],
      safetyBuffer: 2,
    });
    await computeDesiredQuantities(channel.id);
    expect((await listing("CH-B"))!.desiredQuantity).toBe(Math.max(0, Math.max(0, level!.available) - 2));

    expect(await refusal(updateChannelSettings(channel, { locationIds: ["gid://shopify/Location/999999"] }))).toMatchObject({
      code: "validation_failed",
    });
    expect(await updateChannelSettings(channel, { locationIds: [] })).toEqual({ locationIds: [], safetyBuffer: 2 });
  });
});
