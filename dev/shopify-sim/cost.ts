import {
  getNamedType,
  isCompositeType,
  isLeafType,
  isListType,
  isNonNullType,
  valueFromASTUntyped,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

/**
 * Shopify's calculated query cost (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits):
 * scalars and enums 0, objects 1, connections 2 + (first or last) x the cost of one node, a mutation
 * field 10, interfaces and unions the most expensive of their fragments. The requested cost is
 * computed from the document before execution; the actual cost from what was returned.
 */
export const MUTATION_COST = 10;
export const CONNECTION_BASE_COST = 2;

export interface CostContext {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

export function isConnectionType(type: GraphQLOutputType): boolean {
  const named = getNamedType(type);
  return named.name.endsWith("Connection") && "getFields" in named && "pageInfo" in named.getFields();
}

function argumentValue(field: FieldNode, name: string, variables: Record<string, unknown>): unknown {
  const arg = field.arguments?.find((a) => a.name.value === name);
  return arg ? valueFromASTUntyped(arg.value, variables) : undefined;
}

function fieldDef(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (!("getFields" in parent)) return undefined;
  return parent.getFields()[name];
}

/** The selection set of a connection's node (edges.node and/or nodes), with its type. */
function connectionNodeSelections(connection: FieldNode, ctx: CostContext): SelectionSetNode[] {
  const result: SelectionSetNode[] = [];
  const visit = (set: SelectionSetNode | undefined): void => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === "Field") {
        if (sel.name.value === "nodes" && sel.selectionSet) result.push(sel.selectionSet);
        if (sel.name.value === "edges") {
          for (const inner of sel.selectionSet?.selections ?? []) {
            if (inner.kind === "Field" && inner.name.value === "node" && inner.selectionSet) result.push(inner.selectionSet);
          }
        }
      } else if (sel.kind === "InlineFragment") visit(sel.selectionSet);
      else visit(ctx.fragments[sel.name.value]?.selectionSet);
    }
  };
  visit(connection.selectionSet);
  return result;
}

export function connectionNodeType(type: GraphQLOutputType): GraphQLCompositeType | null {
  const named = getNamedType(type);
  if (!("getFields" in named)) return null;
  const nodes = named.getFields()["nodes"];
  if (!nodes) return null;
  const nodeType = getNamedType(nodes.type);
  return isCompositeType(nodeType) ? nodeType : null;
}

export function requestedCost(ctx: CostContext): number {
  const root = ctx.operation.operation === "mutation" ? ctx.schema.getMutationType() : ctx.schema.getQueryType();
  if (!root) return 0;
  return selectionCost(root, ctx.operation.selectionSet, ctx, ctx.operation.operation === "mutation");
}

function selectionCost(parent: GraphQLCompositeType, set: SelectionSetNode, ctx: CostContext, isMutationRoot = false): number {
  let total = 0;
  let fragmentMax = 0;
  for (const sel of set.selections) {
    if (sel.kind === "Field") {
      total += fieldCost(parent, sel, ctx, isMutationRoot);
    } else {
      const fragment = sel.kind === "InlineFragment" ? sel : ctx.fragments[sel.name.value];
      if (!fragment) continue;
      const condition = fragment.typeCondition ? ctx.schema.getType(fragment.typeCondition.name.value) : parent;
      const cost = condition && isCompositeType(condition) ? selectionCost(condition, fragment.selectionSet, ctx, isMutationRoot) : 0;
      // A fragment on the parent's own type always applies; one on a possible type is an alternative.
      if (!fragment.typeCondition || condition === parent) total += cost;
      else fragmentMax = Math.max(fragmentMax, cost);
    }
  }
  return total + fragmentMax;
}

function fieldCost(parent: GraphQLCompositeType, field: FieldNode, ctx: CostContext, isMutationRoot: boolean): number {
  if (field.name.value.startsWith("__")) return 0;
  if (isMutationRoot) return MUTATION_COST;
  const def = fieldDef(parent, field.name.value);
  if (!def) return 0;
  const named = getNamedType(def.type);
  if (isLeafType(named)) return 0;
  if (isConnectionType(def.type)) {
    const first = argumentValue(field, "first", ctx.variables);
    const last = argumentValue(field, "last", ctx.variables);
    const size = typeof first === "number" ? first : typeof last === "number" ? last : 0;
    const nodeType = connectionNodeType(def.type);
    let nodeCost = 0;
    if (nodeType) {
      for (const set of connectionNodeSelections(field, ctx)) nodeCost = Math.max(nodeCost, 1 + selectionCost(nodeType, set, ctx));
    }
    return CONNECTION_BASE_COST + size * nodeCost;
  }
  if (!isCompositeType(named)) return 0;
  const inner = field.selectionSet ? selectionCost(named, field.selectionSet, ctx) : 0;
  const unwrapped = isNonNullType(def.type) ? def.type.ofType : def.type;
  if (isListType(unwrapped) && field.name.value === "nodes") {
    const ids = argumentValue(field, "ids", ctx.variables);
    return (Array.isArray(ids) ? ids.length : 1) * (1 + inner);
  }
  return 1 + inner;
}

/** Cost of what was actually returned: connections count the nodes they returned, nulls cost nothing. */
export function actualCost(ctx: CostContext, data: unknown): number {
  const root = ctx.operation.operation === "mutation" ? ctx.schema.getMutationType() : ctx.schema.getQueryType();
  if (!root || data === null || typeof data !== "object") return 0;
  return actualSelectionCost(
    root,
    ctx.operation.selectionSet,
    data as Record<string, unknown>,
    ctx,
    ctx.operation.operation === "mutation",
  );
}

function actualSelectionCost(
  parent: GraphQLCompositeType,
  set: SelectionSetNode,
  value: Record<string, unknown>,
  ctx: CostContext,
  isMutationRoot = false,
): number {
  let total = 0;
  for (const sel of set.selections) {
    if (sel.kind === "Field") {
      const key = sel.alias?.value ?? sel.name.value;
      if (!(key in value) || sel.name.value.startsWith("__")) continue;
      if (isMutationRoot) {
        total += MUTATION_COST;
        continue;
      }
      const def = fieldDef(parent, sel.name.value);
      if (!def) continue;
      total += actualFieldCost(def, sel, value[key], ctx);
    } else {
      const fragment = sel.kind === "InlineFragment" ? sel : ctx.fragments[sel.name.value];
      if (!fragment) continue;
      const condition = fragment.typeCondition ? ctx.schema.getType(fragment.typeCondition.name.value) : parent;
      if (condition && isCompositeType(condition))
        total += actualSelectionCost(condition, fragment.selectionSet, value, ctx, isMutationRoot);
    }
  }
  return total;
}

function actualFieldCost(def: GraphQLField<unknown, unknown>, field: FieldNode, value: unknown, ctx: CostContext): number {
  const named = getNamedType(def.type);
  if (isLeafType(named) || value === null || value === undefined) return 0;
  if (isConnectionType(def.type)) {
    const nodeType = connectionNodeType(def.type);
    const conn = value as Record<string, unknown>;
    let best = 0;
    if (nodeType) {
      for (const sel of field.selectionSet?.selections ?? []) {
        if (sel.kind !== "Field") continue;
        const key = sel.alias?.value ?? sel.name.value;
        const list = conn[key];
        if (!Array.isArray(list)) continue;
        let sum = 0;
        if (sel.name.value === "nodes" && sel.selectionSet) {
          for (const node of list)
            if (node) sum += 1 + actualSelectionCost(nodeType, sel.selectionSet, node as Record<string, unknown>, ctx);
        } else if (sel.name.value === "edges") {
          for (const inner of sel.selectionSet?.selections ?? []) {
            if (inner.kind !== "Field" || inner.name.value !== "node" || !inner.selectionSet) continue;
            const nodeKey = inner.alias?.value ?? "node";
            for (const edge of list) {
              const node = (edge as Record<string, unknown>)[nodeKey];
              if (node) sum += 1 + actualSelectionCost(nodeType, inner.selectionSet, node as Record<string, unknown>, ctx);
            }
          }
        }
        best = Math.max(best, sum);
      }
    }
    return CONNECTION_BASE_COST + best;
  }
  if (!isCompositeType(named) || !field.selectionSet) return 0;
  const items = Array.isArray(value) ? value : [value];
  let total = 0;
  for (const item of items) {
    if (item !== null && typeof item === "object")
      total += 1 + actualSelectionCost(named, field.selectionSet, item as Record<string, unknown>, ctx);
  }
  return total;
}
