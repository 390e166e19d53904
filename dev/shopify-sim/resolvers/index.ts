import {
  getNamedType,
  GraphQLError,
  isAbstractType,
  isObjectType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type GraphQLTypeResolver,
} from "graphql";
import {
  inventoryItemType,
  inventoryLevelType,
  inventoryQuantityType,
  locationAddressType,
  locationType,
  productOptionType,
  productType,
  productVariantType,
  selectedOptionType,
} from "./catalog.ts";
import { CONNECTION_TYPE, EDGE_TYPE, plainType } from "./common.ts";
import { notImplemented, type FieldImpl, type Resolve, type SimContext, type TypeImpl } from "./context.ts";
import {
  customerEmailAddressType,
  customerPhoneNumberType,
  customerType,
  lineItemType,
  moneyBagType,
  moneyV2Type,
  orderType,
} from "./orders.ts";
import { bulkOperationType, inventoryAdjustmentGroupType, mutationRoot, queryRoot, webhookSubscriptionType } from "./root.ts";
import { apiVersionType, domainType, shopPlanType, shopType } from "./shop.ts";

const CONNECTION_NODES = [
  "Product",
  "ProductVariant",
  "Order",
  "LineItem",
  "Customer",
  "Location",
  "InventoryItem",
  "InventoryLevel",
  "BulkOperation",
  "WebhookSubscription",
];

const userErrorType = plainType(["field", "message", "code"]);

/** Every type and field the simulator implements. Anything else answers NOT_IMPLEMENTED_IN_SIMULATOR. */
export const RESOLVERS: Record<string, TypeImpl<never>> = {
  QueryRoot: queryRoot,
  Mutation: mutationRoot,
  Shop: shopType,
  ShopPlan: shopPlanType,
  Domain: domainType,
  ApiVersion: apiVersionType,
  Product: productType,
  ProductOption: productOptionType,
  ProductVariant: productVariantType,
  SelectedOption: selectedOptionType,
  InventoryItem: inventoryItemType,
  InventoryLevel: inventoryLevelType,
  InventoryQuantity: inventoryQuantityType,
  Location: locationType,
  LocationAddress: locationAddressType,
  Order: orderType,
  LineItem: lineItemType,
  Customer: customerType,
  CustomerEmailAddress: customerEmailAddressType,
  CustomerPhoneNumber: customerPhoneNumberType,
  MoneyBag: moneyBagType,
  MoneyV2: moneyV2Type,
  Count: plainType(["count", "precision"]),
  PageInfo: plainType(["hasNextPage", "hasPreviousPage", "startCursor", "endCursor"]),
  BulkOperation: bulkOperationType,
  WebhookSubscription: webhookSubscriptionType,
  InventoryAdjustmentGroup: inventoryAdjustmentGroupType,
  InventoryChange: plainType(["name", "delta", "quantityAfterChange", "item", "location", "ledgerDocumentUri"]),
  BulkOperationRunQueryPayload: plainType(["bulkOperation", "userErrors"]),
  BulkOperationCancelPayload: plainType(["bulkOperation", "userErrors"]),
  BulkOperationUserError: userErrorType,
  UserError: plainType(["field", "message"]),
  WebhookSubscriptionCreatePayload: plainType(["webhookSubscription", "userErrors"]),
  WebhookSubscriptionUpdatePayload: plainType(["webhookSubscription", "userErrors"]),
  WebhookSubscriptionDeletePayload: plainType(["deletedWebhookSubscriptionId", "userErrors"]),
  InventorySetQuantitiesPayload: plainType(["inventoryAdjustmentGroup", "userErrors"]),
  InventorySetQuantitiesUserError: userErrorType,
  ...Object.fromEntries(
    CONNECTION_NODES.flatMap((n) => [
      [`${n}Connection`, CONNECTION_TYPE],
      [`${n}Edge`, EDGE_TYPE],
    ]),
  ),
};

function lookup(typeName: string, fieldName: string): FieldImpl<unknown> | null {
  const impl = (RESOLVERS[typeName] as TypeImpl<unknown> | undefined)?.[fieldName];
  if (!impl) return null;
  return typeof impl === "function" ? { resolve: impl as Resolve<unknown> } : impl;
}

/** graphql-js field resolver: dispatches to the registry and refuses what it does not implement. */
export const fieldResolver: GraphQLFieldResolver<unknown, SimContext> = (source, args, ctx, info) => {
  const impl = lookup(info.parentType.name, info.fieldName);
  if (!impl) throw notImplemented(`Field '${info.parentType.name}.${info.fieldName}'`);
  for (const arg of info.fieldNodes[0]?.arguments ?? []) {
    if (!(impl.args ?? []).includes(arg.name.value))
      throw notImplemented(`Argument '${arg.name.value}' on field '${info.parentType.name}.${info.fieldName}'`);
  }
  return impl.resolve(source, args, ctx, info);
};

export const typeResolver: GraphQLTypeResolver<unknown, SimContext> = (value) => {
  const name = (value as { __typename?: unknown } | null)?.__typename;
  return typeof name === "string" ? name : undefined;
};

/**
 * Static check before execution: every field and argument of the document must be implemented, so
 * an unimplemented field fails loudly even where it would resolve on zero records.
 */
export function findUnimplemented(schema: GraphQLSchema, document: DocumentNode): GraphQLError[] {
  const typeInfo = new TypeInfo(schema);
  const errors: GraphQLError[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        const name = node.name.value;
        if (!parent || name.startsWith("__") || parent.name.startsWith("__")) return;
        const concrete = isAbstractType(parent) ? schema.getPossibleTypes(parent).filter((t) => RESOLVERS[t.name]) : [parent];
        if (concrete.length === 0) {
          errors.push(notImplementedAt(`Field '${parent.name}.${name}'`, node));
          return;
        }
        for (const type of concrete) {
          const impl = lookup(type.name, name);
          if (!impl) {
            errors.push(notImplementedAt(`Field '${type.name}.${name}'`, node));
            return;
          }
          for (const arg of node.arguments ?? []) {
            if (!(impl.args ?? []).includes(arg.name.value)) {
              errors.push(notImplementedAt(`Argument '${arg.name.value}' on field '${type.name}.${name}'`, node));
              return;
            }
          }
        }
      },
      InlineFragment(node) {
        const type = node.typeCondition ? schema.getType(node.typeCondition.name.value) : null;
        if (type && isObjectType(type) && !RESOLVERS[type.name]) errors.push(notImplementedAt(`Type '${type.name}'`, node));
      },
    }),
  );
  return errors;
}

function notImplementedAt(what: string, node: Parameters<typeof visit>[0]): GraphQLError {
  const base = notImplemented(what);
  return new GraphQLError(base.message, { nodes: [node as never], extensions: base.extensions });
}

/** Registry entries that the schema does not have (a typo here would otherwise never be reachable). */
export function registryProblems(schema: GraphQLSchema): string[] {
  const problems: string[] = [];
  for (const [typeName, impl] of Object.entries(RESOLVERS)) {
    const type = schema.getType(typeName);
    if (!type || !isObjectType(type)) {
      problems.push(`type ${typeName} is not an object type of the schema`);
      continue;
    }
    const fields = type.getFields();
    for (const [fieldName, field] of Object.entries(impl as TypeImpl<unknown>)) {
      const def = fields[fieldName];
      if (!def) {
        problems.push(`${typeName}.${fieldName} is not in the schema`);
        continue;
      }
      const args = typeof field === "function" ? [] : (field.args ?? []);
      for (const arg of args)
        if (!def.args.some((a) => a.name === arg)) problems.push(`${typeName}.${fieldName}(${arg}) is not in the schema`);
      const named = getNamedType(def.type);
      if (isObjectType(named) && !RESOLVERS[named.name])
        problems.push(`${typeName}.${fieldName} returns ${named.name}, which has no resolvers`);
    }
  }
  return problems;
}
