import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import { parseGid, toGid } from "../ids.ts";
import type { BulkOperationRecord } from "../bulk.ts";
import { inventoryLevelPayload } from "../rest-payloads.ts";
import { QUANTITY_NAMES, type QuantityName } from "../store/types.ts";
import type { WebhookSubscriptionRecord } from "../webhooks.ts";
import { inventoryItemList, locationList, productList, variantList } from "./catalog.ts";
import { connection, connectionArgs, countValue, filteredSorted, listConnection } from "./common.ts";
import { notImplemented, orderVisibleFrom, requireScope, type SimContext, type TypeImpl } from "./context.ts";
import { customerList, orderList } from "./orders.ts";

function gidArg(args: Record<string, unknown>, key: string, type: string): number | null {
  const value = args[key];
  const parsed = typeof value === "string" ? parseGid(value) : null;
  return parsed && parsed.type === type ? parsed.id : null;
}

function countOf<T>(
  ctx: SimContext,
  list: Parameters<typeof filteredSorted<T>>[1],
  args: Record<string, unknown>,
  info: GraphQLResolveInfo,
): unknown {
  return countValue(filteredSorted(ctx, list, { query: args["query"] }, info.fieldName).list.length, args);
}

/** Resolves any gid the simulator knows, with the scope its type needs. */
export function resolveNode(ctx: SimContext, gid: string, info: GraphQLResolveInfo): unknown {
  const parsed = parseGid(gid);
  if (!parsed) throw new GraphQLError(`Invalid global id '${gid}'`, { extensions: { code: "argumentLiteralsIncompatible" } });
  const store = ctx.shop.store;
  switch (parsed.type) {
    case "Product":
      requireScope(ctx, "read_products", info);
      return store.products.get(parsed.id) ?? null;
    case "ProductVariant":
      requireScope(ctx, "read_products", info);
      return store.variants.get(parsed.id) ?? null;
    case "InventoryItem":
      requireScope(ctx, "read_inventory", info);
      return store.inventoryItems.get(parsed.id) ?? null;
    case "InventoryLevel": {
      requireScope(ctx, "read_inventory", info);
      const itemId = Number(parsed.params.get("inventory_item_id"));
      return store.level(itemId, parsed.id) ?? null;
    }
    case "Location":
      requireScope(ctx, "read_locations", info);
      return store.locations.get(parsed.id) ?? null;
    case "Customer":
      requireScope(ctx, "read_customers", info);
      return store.customers.get(parsed.id) ?? null;
    case "Order": {
      requireScope(ctx, "read_orders", info);
      const order = store.orders.get(parsed.id);
      return order && Date.parse(order.createdAt) >= orderVisibleFrom(ctx) ? order : null;
    }
    case "BulkOperation":
      return ctx.bulkOperations.get(ctx.apiKey, ctx.shop.domain, parsed.id) ?? null;
    case "WebhookSubscription":
      return ownSubscription(ctx, parsed.id);
    default:
      throw notImplemented(`node(id:) for ${parsed.type} ids`);
  }
}

function ownSubscription(ctx: SimContext, id: number | null): WebhookSubscriptionRecord | null {
  if (id === null) return null;
  const sub = ctx.webhooks.get(id);
  return sub && sub.apiKey === ctx.apiKey && sub.shopDomain === ctx.shop.domain ? sub : null;
}

export const queryRoot: TypeImpl<unknown> = {
  shop: (_s, _a, ctx) => ctx.shop,
  product: {
    args: ["id"],
    resolve: (_s, args, ctx, info) => (
      requireScope(ctx, "read_products", info),
      ctx.shop.store.products.get(gidArg(args, "id", "Product") ?? -1) ?? null
    ),
  },
  products: {
    args: connectionArgs("sortKey", "query"),
    resolve: (_s, args, ctx, info) => (requireScope(ctx, "read_products", info), listConnection(ctx, productList(ctx), args, info)),
  },
  productsCount: {
    args: ["query", "limit"],
    resolve: (_s, args, ctx, info) => (requireScope(ctx, "read_products", info), countOf(ctx, productList(ctx), args, info)),
  },
  productVariant: {
    args: ["id"],
    resolve: (_s, args, ctx, info) => (
      requireScope(ctx, "read_products", info),
      ctx.shop.store.variants.get(gidArg(args, "id", "ProductVariant") ?? -1) ?? null
    ),
  },
  productVariants: {
    args: connectionArgs("sortKey", "query"),
    resolve: (_s, args, ctx, info) => (requireScope(ctx, "read_products", info), listConnection(ctx, variantList(ctx), args, info)),
  },
  productVariantsCount: {
    args: ["query", "limit"],
    resolve: (_s, args, ctx, info) => (requireScope(ctx, "read_products", info), countOf(ctx, variantList(ctx), args, info)),
  },
  order: { args: ["id"], resolve: (_s, args, ctx, info) => resolveNode(ctx, String(args["id"]), info) },
  orders: {
    args: connectionArgs("sortKey", "query"),
    resolve: (_s, args, ctx, info) => (requireScope(ctx, "read_orders", info), listConnection(ctx, orderList(ctx), args, info)),
  },
  ordersCount: {
    args: ["query", "limit"],
    resolve: (_s, args, ctx, info) => (requireScope(ctx, "read_orders", info), countOf(ctx, orderList(ctx), args, info)),
  },
  customer: {
    args: ["id"],
    resolve: (_s, args, ctx, info) => (
      requireScope(ctx, "read_customers", info),
      ctx.shop.store.customers.get(gidArg(args, "id", "Customer") ?? -1) ?? null
    ),
  },
  customers: {
    args: connectionArgs("sortKey", "query"),
    resolve: (_s, args, ctx, info) => (requireScope(ctx, "read_customers", info), listConnection(ctx, customerList(ctx), args, info)),
  },
  customersCount: {
    args: ["query", "limit"],
    resolve: (_s, args, ctx, info) => (requireScope(ctx, "read_customers", info), countOf(ctx, customerList(ctx), args, info)),
  },
  location: {
    args: ["id"],
    resolve: (_s, args, ctx, info) => {
      requireScope(ctx, "read_locations", info);
      if (args["id"] === undefined || args["id"] === null) return ctx.shop.store.locations.values().next().value ?? null;
      return ctx.shop.store.locations.get(gidArg(args, "id", "Location") ?? -1) ?? null;
    },
  },
  locations: {
    args: connectionArgs("sortKey", "query", "includeInactive"),
    resolve: (_s, args, ctx, info) => (
      requireScope(ctx, "read_locations", info),
      listConnection(ctx, locationList(ctx, args["includeInactive"] === true), args, info)
    ),
  },
  locationsCount: {
    args: ["query", "limit"],
    resolve: (_s, args, ctx, info) => (requireScope(ctx, "read_locations", info), countOf(ctx, locationList(ctx, false), args, info)),
  },
  inventoryItem: {
    args: ["id"],
    resolve: (_s, args, ctx, info) => (
      requireScope(ctx, "read_inventory", info),
      ctx.shop.store.inventoryItems.get(gidArg(args, "id", "InventoryItem") ?? -1) ?? null
    ),
  },
  inventoryItems: {
    args: connectionArgs("query"),
    resolve: (_s, args, ctx, info) => (requireScope(ctx, "read_inventory", info), listConnection(ctx, inventoryItemList(ctx), args, info)),
  },
  inventoryLevel: { args: ["id"], resolve: (_s, args, ctx, info) => resolveNode(ctx, String(args["id"]), info) },
  node: { args: ["id"], resolve: (_s, args, ctx, info) => resolveNode(ctx, String(args["id"]), info) },
  nodes: {
    args: ["ids"],
    resolve: (_s, args, ctx, info) => {
      const ids = args["ids"] as string[];
      if (ids.length > 250) throw new GraphQLError("The ids argument accepts at most 250 ids.", { extensions: { code: "BAD_REQUEST" } });
      return ids.map((id) => resolveNode(ctx, id, info));
    },
  },
  bulkOperation: {
    args: ["id"],
    resolve: (_s, args, ctx) => ctx.bulkOperations.get(ctx.apiKey, ctx.shop.domain, gidArg(args, "id", "BulkOperation") ?? -1) ?? null,
  },
  currentBulkOperation: {
    args: ["type"],
    resolve: (_s, args, ctx) => {
      if (args["type"] === "MUTATION") throw notImplemented("currentBulkOperation(type: MUTATION)");
      return ctx.bulkOperations.current(ctx.apiKey, ctx.shop.domain) ?? null;
    },
  },
  bulkOperations: {
    args: connectionArgs("query", "sortKey"),
    resolve: (_s, args, ctx, info) => {
      const all = ctx.bulkOperations.list(ctx.apiKey, ctx.shop.domain);
      const key = args["sortKey"] === "COMPLETED_AT" ? "completedAt" : "createdAt";
      const list = filteredBulk(all, args["query"]).sort((a, b) => String(a[key]).localeCompare(String(b[key])) || a.id - b.id);
      return connection(list, args, { value: (b) => b[key], id: (b) => b.id }, ctx, info);
    },
  },
  webhookSubscription: { args: ["id"], resolve: (_s, args, ctx) => ownSubscription(ctx, gidArg(args, "id", "WebhookSubscription")) },
  webhookSubscriptions: {
    args: connectionArgs("topics", "uri", "sortKey"),
    resolve: (_s, args, ctx, info) => {
      const topics = args["topics"] as string[] | undefined;
      const uri = args["uri"] as string | undefined;
      const list = ctx.webhooks
        .list(ctx.apiKey, ctx.shop.domain)
        .filter((s) => (!topics || topics.includes(s.topic)) && (!uri || s.uri === uri))
        .sort((a, b) => a.id - b.id);
      return connection(list, args, { value: (s) => s.id, id: (s) => s.id }, ctx, info);
    },
  },
  webhookSubscriptionsCount: {
    args: ["limit"],
    resolve: (_s, args, ctx) => countValue(ctx.webhooks.list(ctx.apiKey, ctx.shop.domain).length, args),
  },
};

function filteredBulk(all: BulkOperationRecord[], query: unknown): BulkOperationRecord[] {
  if (typeof query !== "string" || !query.trim()) return [...all];
  const match = /^\s*(status|operation_type):(\w+)\s*$/i.exec(query);
  if (!match) throw notImplemented(`bulkOperations(query: "${query}") (the simulator supports status:<STATUS> and operation_type:QUERY)`);
  const value = match[2]!.toUpperCase();
  return all.filter((b) => (match[1]!.toLowerCase() === "status" ? b.status === value : b.type === value));
}

const INVENTORY_REASONS = [
  "correction",
  "cycle_count_available",
  "damaged",
  "movement_created",
  "movement_updated",
  "movement_received",
  "movement_canceled",
  "other",
  "promotion",
  "quality_control",
  "received",
  "reservation_created",
  "reservation_deleted",
  "reservation_updated",
  "restock",
  "safety_stock",
  "shrinkage",
];

interface QuantityInput {
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  changeFromQuantity?: number | null;
}

export const mutationRoot: TypeImpl<unknown> = {
  bulkOperationRunQuery: {
    args: ["query", "groupObjects"],
    resolve: (_s, args, ctx) => ctx.bulkOperations.runQuery(ctx, String(args["query"]), args["groupObjects"] === true),
  },
  bulkOperationCancel: { args: ["id"], resolve: (_s, args, ctx) => ctx.bulkOperations.cancel(ctx, gidArg(args, "id", "BulkOperation")) },
  webhookSubscriptionCreate: {
    args: ["topic", "webhookSubscription"],
    resolve: (_s, args, ctx) => {
      const input = args["webhookSubscription"] as Record<string, unknown>;
      const problem = checkSubscriptionInput(input);
      if (problem) return { webhookSubscription: null, userErrors: [problem] };
      const topic = String(args["topic"]);
      const existing = ctx.webhooks.list(ctx.apiKey, ctx.shop.domain).find((s) => s.topic === topic && s.uri === input["uri"]);
      if (existing)
        return {
          webhookSubscription: null,
          userErrors: [{ field: ["webhookSubscription", "callbackUrl"], message: "Address for this topic has already been taken" }],
        };
      const sub = ctx.webhooks.create(
        ctx.apiKey,
        ctx.shop.domain,
        topic,
        String(input["uri"]),
        (input["includeFields"] as string[] | undefined) ?? [],
        (input["name"] as string | undefined) ?? null,
      );
      return { webhookSubscription: sub, userErrors: [] };
    },
  },
  webhookSubscriptionUpdate: {
    args: ["id", "webhookSubscription"],
    resolve: (_s, args, ctx) => {
      const sub = ownSubscription(ctx, gidArg(args, "id", "WebhookSubscription"));
      if (!sub) return { webhookSubscription: null, userErrors: [{ field: ["id"], message: "Webhook subscription does not exist" }] };
      const input = args["webhookSubscription"] as Record<string, unknown>;
      const problem = checkSubscriptionInput({ uri: sub.uri, ...input });
      if (problem) return { webhookSubscription: null, userErrors: [problem] };
      if (typeof input["uri"] === "string") sub.uri = input["uri"];
      if (Array.isArray(input["includeFields"])) sub.includeFields = input["includeFields"] as string[];
      if (typeof input["name"] === "string") sub.name = input["name"];
      sub.updatedAt = new Date(ctx.now).toISOString();
      ctx.webhooks.save(sub);
      return { webhookSubscription: sub, userErrors: [] };
    },
  },
  webhookSubscriptionDelete: {
    args: ["id"],
    resolve: (_s, args, ctx) => {
      const id = gidArg(args, "id", "WebhookSubscription");
      const sub = ownSubscription(ctx, id);
      if (!sub)
        return { deletedWebhookSubscriptionId: null, userErrors: [{ field: ["id"], message: "Webhook subscription does not exist" }] };
      ctx.webhooks.delete(sub.id);
      return { deletedWebhookSubscriptionId: toGid("WebhookSubscription", sub.id), userErrors: [] };
    },
  },
  inventorySetQuantities: {
    args: ["input"],
    resolve: (_s, args, ctx, info) => {
      requireScope(ctx, "write_inventory", info);
      const input = args["input"] as { name: string; reason: string; referenceDocumentUri?: string | null; quantities: QuantityInput[] };
      const userErrors: { field: string[]; message: string; code: string }[] = [];
      if (input.name !== "available" && input.name !== "on_hand") {
        userErrors.push({
          field: ["input", "name"],
          message: "The quantity name must be either 'available' or 'on_hand'.",
          code: "INVALID_NAME",
        });
      }
      if (!INVENTORY_REASONS.includes(input.reason))
        userErrors.push({ field: ["input", "reason"], message: "The specified reason is invalid.", code: "INVALID_REASON" });
      const store = ctx.shop.store;
      const seen = new Set<string>();
      const targets = input.quantities.map((q, i) => {
        const itemId = gidArg(q as unknown as Record<string, unknown>, "inventoryItemId", "InventoryItem");
        const locationId = gidArg(q as unknown as Record<string, unknown>, "locationId", "Location");
        const field = ["input", "quantities", String(i)];
        if (itemId === null || !store.inventoryItems.has(itemId))
          userErrors.push({
            field: [...field, "inventoryItemId"],
            message: "The specified inventory item could not be found.",
            code: "INVALID_INVENTORY_ITEM",
          });
        if (locationId === null || !store.locations.has(locationId))
          userErrors.push({
            field: [...field, "locationId"],
            message: "The specified location could not be found.",
            code: "INVALID_LOCATION",
          });
        const key = `${itemId}:${locationId}`;
        if (seen.has(key))
          userErrors.push({
            field,
            message: "The combination of inventoryItemId and locationId must be unique.",
            code: "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR",
          });
        seen.add(key);
        if (Math.abs(q.quantity) > 1_000_000_000)
          userErrors.push({
            field: [...field, "quantity"],
            message: "The total quantity can't be higher than 1,000,000,000.",
            code: "INVALID_QUANTITY_TOO_HIGH",
          });
        const level = itemId !== null && locationId !== null ? store.level(itemId, locationId) : undefined;
        const current = level ? (level.quantities[input.name as QuantityName] ?? 0) : 0;
        if (q.changeFromQuantity !== undefined && q.changeFromQuantity !== null && q.changeFromQuantity !== current) {
          userErrors.push({
            field: [...field, "changeFromQuantity"],
            message: "The changeFromQuantity value does not match the current quantity.",
            code: "CHANGE_FROM_QUANTITY_STALE",
          });
        }
        return { q, itemId, locationId };
      });
      if (userErrors.length > 0) return { inventoryAdjustmentGroup: null, userErrors };
      const at = new Date(ctx.now).toISOString().replace(/\.\d{3}Z$/, "Z");
      const changes: unknown[] = [];
      for (const { q, itemId, locationId } of targets) {
        if (itemId === null || locationId === null) continue;
        let level = store.level(itemId, locationId);
        if (!level) {
          level = {
            __typename: "InventoryLevel",
            inventoryItemId: itemId,
            locationId,
            quantities: Object.fromEntries(QUANTITY_NAMES.map((n) => [n, 0])) as Record<QuantityName, number>,
            createdAt: at,
            updatedAt: at,
          };
          store.putInventoryLevel(level);
        }
        const name = input.name as QuantityName;
        const delta = store.setQuantity(level, name, q.quantity, at);
        const other: QuantityName = name === "available" ? "on_hand" : "available";
        const item = store.inventoryItems.get(itemId);
        const location = store.locations.get(locationId);
        changes.push({ name, delta, quantityAfterChange: level.quantities[name], item, location, ledgerDocumentUri: null });
        changes.push({ name: other, delta, quantityAfterChange: level.quantities[other], item, location, ledgerDocumentUri: null });
        // As on Shopify, a quantity change moves the level's updatedAt, never its inventory item's
        // (and sends no inventory_items/update): only inventory_levels/update tells of it.
        if (delta !== 0) ctx.webhooks.emit(ctx.shop, "inventory_levels/update", inventoryLevelPayload(level));
      }
      const group = {
        id: toGid("InventoryAdjustmentGroup", store.nextId()),
        createdAt: at,
        reason: input.reason,
        referenceDocumentUri: input.referenceDocumentUri ?? null,
        changes,
      };
      return { inventoryAdjustmentGroup: group, userErrors: [] };
    },
  },
};

function checkSubscriptionInput(input: Record<string, unknown>): { field: string[]; message: string } | null {
  if (input["filter"] !== undefined && input["filter"] !== null) throw notImplemented("WebhookSubscriptionInput.filter");
  if (input["format"] === "XML") throw notImplemented("WebhookSubscriptionInput.format XML");
  const uri = input["uri"];
  if (typeof uri !== "string" || uri === "") return { field: ["webhookSubscription", "uri"], message: "Address can't be blank" };
  if (/^(pubsub|arn):/.test(uri)) throw notImplemented("Pub/Sub and EventBridge webhook addresses");
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return { field: ["webhookSubscription", "uri"], message: "Address is invalid" };
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:")
    return { field: ["webhookSubscription", "uri"], message: "Address protocol http:// is not supported" };
  return null;
}

export const bulkOperationType: TypeImpl<BulkOperationRecord> = {
  id: (b) => toGid("BulkOperation", b.id),
  status: (b) => b.status,
  errorCode: (b) => b.errorCode,
  createdAt: (b) => b.createdAt,
  completedAt: (b) => b.completedAt,
  objectCount: (b) => String(b.objectCount),
  rootObjectCount: (b) => String(b.rootObjectCount),
  fileSize: (b) => (b.fileSize === null ? null : String(b.fileSize)),
  url: (b) => b.url,
  partialDataUrl: (b) => b.partialDataUrl,
  query: (b) => b.query,
  type: (b) => b.type,
};

export const webhookSubscriptionType: TypeImpl<WebhookSubscriptionRecord> = {
  id: (s) => toGid("WebhookSubscription", s.id),
  legacyResourceId: (s) => String(s.id),
  topic: (s) => s.topic,
  uri: (s) => s.uri,
  format: (s) => s.format,
  includeFields: (s) => s.includeFields,
  filter: () => null,
  name: (s) => s.name,
  createdAt: (s) => s.createdAt,
  updatedAt: (s) => s.updatedAt,
  apiVersion: () => ({}),
};

export const inventoryAdjustmentGroupType: TypeImpl<Record<string, unknown>> = {
  id: (g) => g["id"],
  createdAt: (g) => g["createdAt"],
  reason: (g) => g["reason"],
  referenceDocumentUri: (g) => g["referenceDocumentUri"],
  changes: {
    args: ["inventoryItemIds", "locationIds", "quantityNames"],
    resolve: (g, args) => {
      const items = args["inventoryItemIds"] as string[] | undefined;
      const locations = args["locationIds"] as string[] | undefined;
      const names = args["quantityNames"] as string[] | undefined;
      return (g["changes"] as { name: string; item?: { id: number }; location?: { id: number } }[]).filter(
        (c) =>
          (!names || names.includes(c.name)) &&
          (!items || (c.item !== undefined && items.includes(toGid("InventoryItem", c.item.id)))) &&
          (!locations || (c.location !== undefined && locations.includes(toGid("Location", c.location.id)))),
      );
    },
  },
};
