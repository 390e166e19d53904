import { GraphQLError } from "graphql";

/** Relay connection arguments as Shopify's Admin API takes them. */
export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

export type SortValue = string | number | null;

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionResult<T> {
  nodes: T[];
  edges: Edge<T>[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export const MAX_PAGE_SIZE = 250;

interface CursorPayload {
  last_id: number;
  last_value: SortValue;
}

export function encodeCursor(id: number, value: SortValue): string {
  return Buffer.from(JSON.stringify({ last_id: id, last_value: value } satisfies CursorPayload)).toString("base64url");
}

function decodeCursor(cursor: string): CursorPayload {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Partial<CursorPayload>;
    if (typeof parsed.last_id === "number") return { last_id: parsed.last_id, last_value: parsed.last_value ?? null };
  } catch {
    // fall through to the error below
  }
  throw new GraphQLError("Invalid cursor for current pagination sort.", { extensions: { code: "BAD_REQUEST" } });
}

export function compareKeys(a: SortValue, aId: number, b: SortValue, bId: number): number {
  if (a !== b) {
    if (a === null) return -1;
    if (b === null) return 1;
    if (typeof a === "number" && typeof b === "number") return a - b;
    const sa = String(a);
    const sb = String(b);
    if (sa !== sb) return sa < sb ? -1 : 1;
  }
  return aId - bId;
}

/** How a list is ordered: the sort value and the tie-breaking id of each item. */
export interface SortSpec<T> {
  value: (item: T) => SortValue;
  id: (item: T) => number;
}

export function sortBy<T>(spec: SortSpec<T>): (a: T, b: T) => number {
  return (a, b) => compareKeys(spec.value(a), spec.id(a), spec.value(b), spec.id(b));
}

/** Number of items (ascending order) whose key is <= the cursor's key. */
function countAtOrBefore<T>(items: readonly T[], spec: SortSpec<T>, cursor: CursorPayload): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const item = items[mid]!;
    if (compareKeys(spec.value(item), spec.id(item), cursor.last_value, cursor.last_id) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface PaginateOptions {
  /** Bulk operations ignore page sizes and walk everything. */
  unbounded?: boolean;
  fieldName: string;
}

/** Pages through `ascending` (already filtered and sorted ascending by `spec`). */
export function paginate<T>(
  ascending: readonly T[],
  args: ConnectionArgs,
  spec: SortSpec<T>,
  options: PaginateOptions,
): ConnectionResult<T> {
  const { first, last, after, before } = args;
  const reverse = args.reverse === true;
  if (!options.unbounded) {
    if ((first === undefined || first === null) && (last === undefined || last === null)) {
      throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
    }
    for (const [name, value] of [
      ["first", first],
      ["last", last],
    ] as const) {
      if (value !== undefined && value !== null && (value < 0 || value > MAX_PAGE_SIZE)) {
        throw new GraphQLError(`The ${name} argument on ${options.fieldName} must be between 0 and ${MAX_PAGE_SIZE}.`, {
          extensions: { code: "BAD_REQUEST" },
        });
      }
    }
  }
  // Window [start, end) in the effective (possibly reversed) order.
  const n = ascending.length;
  const at = (i: number): T => ascending[reverse ? n - 1 - i : i]!;
  let start = 0;
  let end = n;
  if (after) {
    const cursor = decodeCursor(after);
    start = reverse ? n - countBefore(ascending, spec, cursor) : countAtOrBefore(ascending, spec, cursor);
  }
  if (before) {
    const cursor = decodeCursor(before);
    end = reverse ? n - countAtOrBefore(ascending, spec, cursor) : countBefore(ascending, spec, cursor);
  }
  if (end < start) end = start;
  let from = start;
  let to = end;
  if (first !== undefined && first !== null && !options.unbounded) to = Math.min(to, from + first);
  if (last !== undefined && last !== null && !options.unbounded) from = Math.max(from, to - last);
  const nodes: T[] = [];
  for (let i = from; i < to; i++) nodes.push(at(i));
  const edges = nodes.map((node) => ({ cursor: encodeCursor(spec.id(node), spec.value(node)), node }));
  return {
    nodes,
    edges,
    pageInfo: {
      hasNextPage: to < n,
      hasPreviousPage: from > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

function countBefore<T>(items: readonly T[], spec: SortSpec<T>, cursor: CursorPayload): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const item = items[mid]!;
    if (compareKeys(spec.value(item), spec.id(item), cursor.last_value, cursor.last_id) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
