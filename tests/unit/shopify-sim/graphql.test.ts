import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ShopifySimHandle } from "../../../dev/shopify-sim/index.ts";
import { registryProblems } from "../../../dev/shopify-sim/resolvers/index.ts";
import { loadAdminSchema } from "../../../dev/shopify-sim/schema.ts";
import { control, gql, startTinySim } from "./helpers.ts";

let sim: ShopifySimHandle;
beforeAll(async () => {
  sim = await startTinySim();
});
afterAll(async () => {
  await sim.stop();
});

describe("Admin GraphQL over the generated store", () => {
  it("every resolver in the registry exists in the pinned schema", () => {
    expect(registryProblems(loadAdminSchema())).toEqual([]);
  });

  it("answers the acceptance query with data and throttleStatus, and 401 without a token", async () => {
    const { status, body } = await gql(sim, "{ shop { name } products(first: 5) { nodes { id title } } }");
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect((body.data?.["products"] as { nodes: unknown[] }).nodes).toHaveLength(5);
    expect(body.extensions?.cost).toMatchObject({
      requestedQueryCost: 8,
      actualQueryCost: 8,
      throttleStatus: { maximumAvailable: 2000, restoreRate: 100 },
    });
    const unauthorized = await gql(sim, "{ shop { name } }", {}, "shpat_wrong");
    expect(unauthorized.status).toBe(401);
  });

  it("tells shops apart by Host and refuses unknown shops", async () => {
    const response = await fetch(`${sim.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Forwarded-Host": "nope.myshopify.com",
        "X-Shopify-Access-Token": sim.demoAccessToken,
      },
      body: JSON.stringify({ query: "{ shop { name } }" }),
    });
    expect(response.status).toBe(404);
  });

  it("pages every variant of the huge product with first/after and backwards with last/before", async () => {
    const huge = [...sim.store.products.values()].sort((a, b) => b.variantIds.length - a.variantIds.length)[0]!;
    expect(huge.variantIds.length).toBeGreaterThan(100);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { body } = await gql(
        sim,
        `query($id: ID!, $after: String) { product(id: $id) { variants(first: 40, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } } }`,
        { id: `gid://shopify/Product/${huge.id}`, after },
      );
      const variants = (
        body.data?.["product"] as { variants: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }
      ).variants;
      seen.push(...variants.nodes.map((n) => n.id));
      if (!variants.pageInfo.hasNextPage) break;
      after = variants.pageInfo.endCursor;
    }
    expect(seen).toEqual(huge.variantIds.map((id) => `gid://shopify/ProductVariant/${id}`));
    const { body } = await gql(sim, `{ products(last: 3, reverse: true) { nodes { id } pageInfo { hasPreviousPage } } }`);
    const ids = [...sim.store.products.keys()]
      .sort((a, b) => a - b)
      .slice(0, 3)
      .reverse();
    expect((body.data?.["products"] as { nodes: { id: string }[] }).nodes.map((n) => n.id)).toEqual(
      ids.map((id) => `gid://shopify/Product/${id}`),
    );
  });

  it("filters with the search syntax and sorts by UPDATED_AT", async () => {
    const orders = [...sim.store.orders.values()];
    const cut = orders[Math.floor(orders.length / 2)]!.updatedAt;
    const expected = orders.filter((o) => o.updatedAt >= cut).sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id - b.id);
    const { body } = await gql(sim, `query($q: String) { orders(first: 250, sortKey: UPDATED_AT, query: $q) { nodes { id updatedAt } } }`, {
      q: `updated_at:>='${cut}'`,
    });
    expect((body.data?.["orders"] as { nodes: { id: string }[] }).nodes.map((n) => n.id)).toEqual(
      expected.map((o) => `gid://shopify/Order/${o.id}`),
    );
    const drafts = [...sim.store.products.values()].filter((p) => p.status === "DRAFT" || p.status === "ARCHIVED").length;
    const count = await gql(sim, `{ productsCount(query: "status:draft,archived") { count precision } }`);
    expect(count.body.data?.["productsCount"]).toEqual({ count: drafts, precision: "EXACT" });
    const bad = await gql(sim, `{ products(first: 1, query: "frobnicate:1") { nodes { id } } }`);
    expect(bad.body.errors?.[0]?.message).toMatch(/frobnicate/);
  });

  it("answers Shopify's error for unknown fields and a named error for unimplemented ones", async () => {
    const unknown = await gql(sim, "{ products(first: 1) { nodes { notARealField } } }");
    expect(unknown.body.errors?.[0]).toMatchObject({
      message: "Field 'notARealField' doesn't exist on type 'Product'",
      extensions: { code: "undefinedField" },
    });
    const unimplemented = await gql(sim, "{ products(first: 1) { nodes { id seo { title } } } }");
    expect(unimplemented.body.errors?.[0]?.message).toMatch(/Product\.seo/);
    expect(unimplemented.body.errors?.[0]?.extensions?.["code"]).toBe("NOT_IMPLEMENTED_IN_SIMULATOR");
    const badArg = await gql(sim, `{ products(first: 1, savedSearchId: "gid://shopify/SavedSearch/1") { nodes { id } } }`);
    expect(badArg.body.errors?.[0]?.message).toMatch(/savedSearchId/);
  });

  it("refuses queries above 1000 points with MAX_COST_EXCEEDED", async () => {
    const { body } = await gql(sim, "{ products(first: 250) { nodes { variants(first: 250) { nodes { id } } } } }");
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: "MAX_COST_EXCEEDED", cost: 2 + 250 * (1 + 2 + 250) });
  });

  it("hides orders older than 60 days without read_all_orders and denies missing scopes", async () => {
    const { body: token } = await control(sim, "POST", `/shops/${sim.demoShop}/tokens`, { scopes: ["read_orders"] });
    const limited = String(token["access_token"]);
    const { body } = await gql(sim, "{ ordersCount(limit: null) { count } }", {}, limited);
    const recent = [...sim.store.orders.values()].filter((o) => Date.parse(o.createdAt) >= Date.now() - 60 * 86_400_000).length;
    expect(body.data?.["ordersCount"]).toEqual({ count: recent });
    const denied = await gql(sim, "{ customers(first: 1) { nodes { id } } }", {}, limited);
    expect(denied.body.errors?.[0]?.extensions).toMatchObject({ code: "ACCESS_DENIED" });
    const all = await gql(sim, "{ ordersCount(limit: null) { count } }");
    expect(all.body.data?.["ordersCount"]).toEqual({ count: sim.store.orders.size });
  });

  it("resolves node/nodes and sets inventory with inventorySetQuantities", async () => {
    const level = sim.store.inventoryLevels.values().next().value!.values().next().value!;
    const item = `gid://shopify/InventoryItem/${level.inventoryItemId}`;
    const location = `gid://shopify/Location/${level.locationId}`;
    const { body } = await gql(
      sim,
      `mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { inventoryAdjustmentGroup { changes { name delta quantityAfterChange } } userErrors { code message } } }`,
      {
        input: {
          name: "available",
          reason: "correction",
          quantities: [{ inventoryItemId: item, locationId: location, quantity: 77, changeFromQuantity: level.quantities.available }],
        },
      },
    );
    expect((body.data?.["inventorySetQuantities"] as { userErrors: unknown[] }).userErrors).toEqual([]);
    expect(level.quantities.available).toBe(77);
    expect(body.extensions?.cost.requestedQueryCost).toBe(10);
    const stale = await gql(
      sim,
      `mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { code } } }`,
      {
        input: {
          name: "available",
          reason: "correction",
          quantities: [{ inventoryItemId: item, locationId: location, quantity: 1, changeFromQuantity: 5 }],
        },
      },
    );
    expect(stale.body.data?.["inventorySetQuantities"]).toEqual({ userErrors: [{ code: "CHANGE_FROM_QUANTITY_STALE" }] });
    const nodes = await gql(
      sim,
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on InventoryItem { id } ... on Location { name } } }`,
      { ids: [item, location] },
    );
    expect((nodes.body.data?.["nodes"] as { __typename: string }[]).map((n) => n.__typename)).toEqual(["InventoryItem", "Location"]);
  });
});
