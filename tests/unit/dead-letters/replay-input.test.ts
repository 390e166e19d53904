import { describe, expect, it } from "vitest";
import { readReplayInput, webhookTopic } from "@/lib/dead-letters/replay-input";

const variant = { id: "gid://shopify/ProductVariant/7", title: "Default" };

describe("readReplayInput", () => {
  it("takes a bulk line's __parentId out of the record", () => {
    const rawPayload = JSON.stringify({ ...variant, __parentId: "gid://shopify/Product/3" });
    expect(readReplayInput({ entityType: "ProductVariant", rawPayload, parentShopifyId: null })).toEqual({
      kind: "record",
      record: { value: variant, text: rawPayload, parentId: "gid://shopify/Product/3" },
    });
  });

  it("reads the parent of a record whose parent was not stored from its column, never from the error text", () => {
    expect(
      readReplayInput({ entityType: "ProductVariant", rawPayload: JSON.stringify(variant), parentShopifyId: "gid://shopify/Product/3" }),
    ).toMatchObject({
      record: { parentId: "gid://shopify/Product/3" },
    });
    expect(
      readReplayInput({ entityType: "InventoryLevel", rawPayload: "{}", parentShopifyId: "gid://shopify/InventoryItem/4" }),
    ).toMatchObject({
      record: { parentId: "gid://shopify/InventoryItem/4" },
    });
  });

  it("has no parent when none was known", () => {
    const input = readReplayInput({
      entityType: "ProductVariant",
      rawPayload: JSON.stringify(variant),
      parentShopifyId: null,
    });
    expect(input).toEqual({ kind: "record", record: { value: variant, text: JSON.stringify(variant) } });
  });

  it("routes webhook dead letters to their topic with the body", () => {
    expect(readReplayInput({ entityType: "webhook:orders/updated", rawPayload: '{"id":1}', parentShopifyId: null })).toEqual({
      kind: "webhook",
      topic: "orders/updated",
      payload: { id: 1 },
    });
    expect(webhookTopic("webhook:")).toBeUndefined();
    expect(webhookTopic("Product")).toBeUndefined();
  });

  it("routes channel dead letters to a push of their listing, never to the Shopify ingest", () => {
    const rawPayload = JSON.stringify({
      channelId: "ch-1",
      channelSku: "SKU-1",
      quantity: 3,
      variantId: "gid://shopify/ProductVariant/1",
      bundleId: null,
    });
    expect(readReplayInput({ entityType: "channel:amazon", rawPayload, parentShopifyId: null })).toEqual({
      kind: "channel",
      channelId: "ch-1",
      channelSku: "SKU-1",
    });
    expect(readReplayInput({ entityType: "channel:shipstation", rawPayload: '{"quantity":3}', parentShopifyId: null })).toMatchObject({
      kind: "unreadable",
    });
  });

  it("cannot replay a payload that is not JSON", () => {
    expect(readReplayInput({ entityType: "Product", rawPayload: '{"id": "gid://shopify/Product/1"', parentShopifyId: null })).toMatchObject(
      {
        kind: "unreadable",
      },
    );
  });
});
