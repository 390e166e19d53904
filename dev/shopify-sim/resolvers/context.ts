import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import type { BulkOperations } from "../bulk.ts";
import type { ShopState } from "../shop-state.ts";
import type { Webhooks } from "../webhooks.ts";

/** Set while a bulk operation executes its query: connections are unbounded, the root one sliced. */
export interface BulkExecution {
  rootOffset: number;
  rootLimit: number;
  rootTotal: number;
}

export interface SimContext {
  shop: ShopState;
  apiKey: string;
  scopes: ReadonlySet<string>;
  bulkOperations: BulkOperations;
  webhooks: Webhooks;
  bulk: BulkExecution | null;
  /** Milliseconds on Shopify's clock when the request arrived (SimClock): timestamps it stamps, the 60-day order window. */
  now: number;
}

export type Resolve<TSource> = (source: TSource, args: Record<string, unknown>, ctx: SimContext, info: GraphQLResolveInfo) => unknown;

export interface FieldImpl<TSource> {
  /** Arguments the simulator honours; any other argument in a request is an error naming it. */
  args?: readonly string[];
  resolve: Resolve<TSource>;
}

export type TypeImpl<TSource> = Record<string, FieldImpl<TSource> | Resolve<TSource>>;

export const CONNECTION_ARGS = ["first", "last", "after", "before", "reverse"] as const;

export function hasScope(ctx: SimContext, scope: string): boolean {
  if (ctx.scopes.has(scope)) return true;
  if (scope.startsWith("read_")) return ctx.scopes.has(`write_${scope.slice(5)}`);
  return false;
}

/** Shopify's ACCESS_DENIED error for a missing access scope. */
export function requireScope(ctx: SimContext, scope: string, info: GraphQLResolveInfo): void {
  if (hasScope(ctx, scope)) return;
  throw new GraphQLError(`Access denied for ${info.fieldName} field. Required access: \`${scope}\` access scope.`, {
    extensions: {
      code: "ACCESS_DENIED",
      documentation: "https://shopify.dev/api/usage/access-scopes",
      requiredAccess: `\`${scope}\` access scope.`,
    },
  });
}

export function protectedDataDenied(info: GraphQLResolveInfo): GraphQLError {
  return new GraphQLError(
    `This app is not approved to access the ${info.parentType.name} object. See https://shopify.dev/docs/apps/launch/protected-customer-data for more details.`,
    { extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/docs/apps/launch/protected-customer-data" } },
  );
}

export function notImplemented(what: string): GraphQLError {
  return new GraphQLError(`${what} is not implemented by the ShopSync Shopify simulator.`, {
    extensions: { code: "NOT_IMPLEMENTED_IN_SIMULATOR" },
  });
}

/** The oldest order an app without read_all_orders can see (Shopify: the last 60 days). */
export function orderVisibleFrom(ctx: SimContext): number {
  return hasScope(ctx, "read_all_orders") ? Number.NEGATIVE_INFINITY : ctx.now - 60 * 86_400_000;
}
