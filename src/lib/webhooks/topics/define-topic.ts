/**
 * What a topic handler is: the zod schema of its (REST-shaped) payload, the record it is about,
 * and the work. Handlers are idempotent: Shopify delivers at least once, and a dead letter may be
 * replayed after the record changed again.
 */
import { z } from "zod";
import { deleteRecord, type DeletableType } from "../record-queries";
import type { WebhookShop } from "../../shops/shop-queries";

export interface TopicContext {
  shop: WebhookShop;
  /** X-Shopify-Triggered-At, when known (not on a dead-letter replay). */
  triggeredAt?: Date;
  /**
   * Records the drain fetched for its whole batch with one `nodes(ids:)` request, by GID (null:
   * Shopify no longer has it). A handler that needs the record from Shopify uses it when its id is
   * there, and fetches the record itself otherwise.
   */
  prefetched?: ReadonlyMap<string, unknown>;
}

export interface TopicHandler {
  topic: string;
  schema: z.ZodType;
  /** Handled even after the app was uninstalled (compliance topics, app/uninstalled itself). */
  runsWhenUninstalled: boolean;
  /** GID of the record the delivery is about (WebhookLog.resourceId), or null. */
  resourceId(payload: unknown): string | null;
  /** GID of the record the handler reads from Shopify (the drain batches those reads), if any. */
  fetchesFromShopify?(payload: unknown): string;
  /** Whether applying it can change a sellable quantity (the shop's sales channels are then pushed). */
  changesStock: boolean;
  /** Processes a payload that passed `schema`; returns a note for WebhookLog when nothing was done. */
  handle(ctx: TopicContext, payload: unknown): Promise<string | void>;
}

export function defineTopic<S extends z.ZodType>(definition: {
  topic: string;
  schema: S;
  runsWhenUninstalled?: boolean;
  resourceId: (payload: z.output<S>) => string | null;
  fetchesFromShopify?: (payload: z.output<S>) => string;
  changesStock?: boolean;
  handle: (ctx: TopicContext, payload: z.output<S>) => Promise<string | void>;
}): TopicHandler {
  const fetches = definition.fetchesFromShopify;
  return {
    topic: definition.topic,
    schema: definition.schema,
    runsWhenUninstalled: definition.runsWhenUninstalled ?? false,
    changesStock: definition.changesStock ?? false,
    resourceId: (payload) => definition.resourceId(payload as z.output<S>),
    ...(fetches ? { fetchesFromShopify: (payload: unknown) => fetches(payload as z.output<S>) } : {}),
    handle: (ctx, payload) => definition.handle(ctx, payload as z.output<S>),
  };
}

/** REST ids are numbers (strings of digits accepted too). */
export const restId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);
export const restDateTime = z.iso.datetime({ offset: true });
/** REST money: a decimal string (older payloads send numbers). */
export const restMoney = z.union([z.string().regex(/^-?\d+(\.\d+)?$/, "must be a decimal amount"), z.number()]).transform(String);

export const gid = (type: string, id: string | number): string => `gid://shopify/${type}/${id}`;

/** REST tags are one comma-separated string; GraphQL's are a list. */
export const splitTags = (tags: string): string[] =>
  tags
    .split(",")
    .map((tag) => tag.trim())
    .filter(Boolean);

/** A WebhookLog note for an upsert that stored nothing (undefined when it stored the record). */
export function upsertNote(
  outcome: { deletedUpstream: true } | { deletedUpstream: false; written: boolean; result: { deadLettered: number } },
  noun: string,
): string | undefined {
  if (outcome.deletedUpstream) return `the ${noun} was deleted: this older delivery is not stored`;
  if (outcome.result.deadLettered > 0) return `${outcome.result.deadLettered} record(s) of the ${noun} could not be stored (dead letters)`;
  if (!outcome.written) return `a newer copy of the ${noun} is stored`;
  return undefined;
}

/** A <family>/delete topic: the payload is the record's id; its children cascade with it. */
export function defineDeleteTopic(topic: string, type: DeletableType): TopicHandler {
  return defineTopic({
    topic,
    schema: z.object({ id: restId }),
    resourceId: (payload) => gid(type, payload.id),
    handle: async ({ shop }, payload) => {
      if ((await deleteRecord(shop.id, type, gid(type, payload.id))) === 0) return `the ${type.toLowerCase()} was not stored`;
    },
  });
}
