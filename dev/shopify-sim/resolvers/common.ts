import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import { encodeCursor, paginate, type ConnectionArgs, type ConnectionResult, type SortSpec, type SortValue } from "../connection.ts";
import { compileSearch, SearchSyntaxError, type SearchSpec } from "../search-query.ts";
import type { ResourceName } from "../store/shop-store.ts";
import { CONNECTION_ARGS, notImplemented, type SimContext, type TypeImpl } from "./context.ts";

export interface Money {
  amount: string;
  currencyCode: string;
}

export interface MoneyBag {
  shopMoney: Money;
  presentmentMoney: Money;
}

const EUR_PER_USD = 0.92;

export function moneyBag(amount: string, shopCurrency: string, presentmentCurrency: string): MoneyBag {
  const presentment =
    presentmentCurrency === shopCurrency ? amount : Number.isNaN(Number(amount)) ? amount : (Number(amount) * EUR_PER_USD).toFixed(2);
  return {
    shopMoney: { amount, currencyCode: shopCurrency },
    presentmentMoney: { amount: presentment, currencyCode: presentmentCurrency },
  };
}

export interface CountValue {
  count: number;
  precision: "EXACT" | "AT_LEAST";
}

/** Shopify's `*Count` fields: capped at `limit` (default 10,000; null for no cap) with AT_LEAST precision. */
export function countValue(total: number, args: Record<string, unknown>): CountValue {
  const limit = "limit" in args ? (args["limit"] as number | null) : 10_000;
  if (limit !== null && total > limit) return { count: limit, precision: "AT_LEAST" };
  return { count: total, precision: "EXACT" };
}

export function searchFilter<T>(query: unknown, spec: SearchSpec<T>): (record: T) => boolean {
  try {
    return compileSearch(typeof query === "string" ? query : null, spec);
  } catch (error) {
    if (error instanceof SearchSyntaxError) throw new GraphQLError(error.message, { extensions: { code: "BAD_REQUEST" } });
    throw error;
  }
}

/** A sort key of a connection: how to order records, or absent when the simulator does not implement it. */
export type SortKeys<T> = Record<string, (record: T) => SortValue>;

export function sortSpec<T>(
  sortKeys: SortKeys<T>,
  sortKey: unknown,
  id: (record: T) => number,
  fieldName: string,
): { key: string; spec: SortSpec<T> } {
  const key = typeof sortKey === "string" ? sortKey : "ID";
  const value = key === "RELEVANCE" ? sortKeys["ID"] : sortKeys[key];
  if (!value) throw notImplemented(`sortKey ${key} on ${fieldName}`);
  return { key, spec: { value, id } };
}

export interface ListOptions<T> {
  resource: ResourceName;
  items: () => Iterable<T>;
  id: (record: T) => number;
  sortKeys: SortKeys<T>;
  search?: SearchSpec<T>;
  /** Extra visibility filter (scopes, inactive locations). */
  visible?: (record: T) => boolean;
  /** False for per-parent lists (a product's variants), which the per-resource cache cannot hold. */
  cacheable?: boolean;
}

/** Filtered records sorted ascending by the requested sort key (cached per store version). */
export function filteredSorted<T>(
  ctx: SimContext,
  options: ListOptions<T>,
  args: Record<string, unknown>,
  fieldName: string,
): { list: readonly T[]; spec: SortSpec<T> } {
  const { key, spec } = sortSpec(options.sortKeys, args["sortKey"], options.id, fieldName);
  const compare = (a: T, b: T): number => {
    const va = spec.value(a);
    const vb = spec.value(b);
    if (va !== vb) {
      if (va === null) return -1;
      if (vb === null) return 1;
      if (typeof va === "number" && typeof vb === "number") return va - vb;
      return String(va) < String(vb) ? -1 : 1;
    }
    return spec.id(a) - spec.id(b);
  };
  const sorted =
    options.cacheable === false ? [...options.items()].sort(compare) : ctx.shop.store.sorted(options.resource, key, options.items, compare);
  const match = options.search ? searchFilter(args["query"], options.search) : null;
  if (!match && !options.visible) return { list: sorted, spec };
  const visible = options.visible;
  return { list: sorted.filter((r) => (!visible || visible(r)) && (!match || match(r))), spec };
}

/** Pages a sorted list, or in a bulk operation walks it whole (the root connection in slices). */
export function connection<T>(
  list: readonly T[],
  args: ConnectionArgs,
  spec: SortSpec<T>,
  ctx: SimContext,
  info: GraphQLResolveInfo,
): ConnectionResult<T> {
  if (!ctx.bulk) return paginate(list, args, spec, { fieldName: info.fieldName });
  const ordered = args.reverse ? [...list].reverse() : list;
  let nodes: readonly T[] = ordered;
  if (info.path.prev === undefined) {
    ctx.bulk.rootTotal = ordered.length;
    nodes = ordered.slice(ctx.bulk.rootOffset, ctx.bulk.rootOffset + ctx.bulk.rootLimit);
  }
  const edges = nodes.map((node) => ({ cursor: encodeCursor(spec.id(node), spec.value(node)), node }));
  return { nodes: [...nodes], edges, pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };
}

export function listConnection<T>(
  ctx: SimContext,
  options: ListOptions<T>,
  args: Record<string, unknown>,
  info: GraphQLResolveInfo,
): ConnectionResult<T> {
  const { list, spec } = filteredSorted(ctx, options, args, info.fieldName);
  return connection(list, args as ConnectionArgs, spec, ctx, info);
}

export const connectionArgs = (...extra: string[]): readonly string[] => [...CONNECTION_ARGS, ...extra];

const prop =
  (key: string) =>
  (source: unknown): unknown =>
    (source as Record<string, unknown>)[key];

/** Plain value objects whose fields are their own properties. */
export function plainType(fields: readonly string[]): TypeImpl<unknown> {
  return Object.fromEntries(fields.map((f) => [f, prop(f)]));
}

export const CONNECTION_TYPE: TypeImpl<unknown> = plainType(["nodes", "edges", "pageInfo"]);
export const EDGE_TYPE: TypeImpl<unknown> = plainType(["cursor", "node"]);

export function isoOrNull(value: string | null | undefined): string | null {
  return value ?? null;
}
