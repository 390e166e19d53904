import {
  executeSync,
  getOperationAST,
  type GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { actualCost, requestedCost, type CostContext } from "./cost.ts";
import type { SimContext } from "./resolvers/context.ts";
import { fieldResolver, findUnimplemented, typeResolver } from "./resolvers/index.ts";
import type { ThrottleStatus } from "./throttle.ts";

export const MAX_QUERY_COST = 1_000;

export interface GraphQLRequestBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export interface CostExtension {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

export interface GraphQLAnswer {
  data?: unknown;
  errors?: GraphQLFormattedError[];
  extensions: { cost: CostExtension };
}

/** graphql-js validation messages rewritten to Shopify's (graphql-ruby) wording and codes. */
export function toShopifyError(error: GraphQLError): GraphQLFormattedError {
  const formatted = error.toJSON();
  let match = /^Cannot query field "(\w+)" on type "(\w+)"\./.exec(error.message);
  if (match) {
    return {
      ...formatted,
      message: `Field '${match[1]}' doesn't exist on type '${match[2]}'`,
      extensions: { code: "undefinedField", typeName: match[2], fieldName: match[1] },
    };
  }
  match = /^Unknown argument "(\w+)" on field "(\w+)\.(\w+)"\./.exec(error.message);
  if (match) {
    return {
      ...formatted,
      message: `Field '${match[3]}' doesn't accept argument '${match[1]}'`,
      extensions: { code: "argumentNotAccepted", name: match[3], typeName: "Field", argumentName: match[1] },
    };
  }
  match = /^Field "(\w+)" argument "(\w+)" of type ".+" is required, but it was not provided\./.exec(error.message);
  if (match) {
    return {
      ...formatted,
      message: `Field '${match[1]}' is missing required arguments: ${match[2]}`,
      extensions: { code: "missingRequiredArguments", className: "Field", name: match[1], arguments: match[2] },
    };
  }
  return formatted;
}

export type PreparedDocument =
  | { ok: true; document: DocumentNode; operation: OperationDefinitionNode; costContext: CostContext }
  | { ok: false; errors: GraphQLFormattedError[] };

/** Parses, validates against the schema and checks that the simulator implements every field used. */
export function prepareDocument(
  schema: GraphQLSchema,
  query: string,
  variables: Record<string, unknown>,
  operationName: string | null,
): PreparedDocument {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return { ok: false, errors: [toShopifyError(error as GraphQLError)] };
  }
  const validationErrors = validate(schema, document);
  if (validationErrors.length > 0) return { ok: false, errors: validationErrors.map(toShopifyError) };
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    return { ok: false, errors: [{ message: operationName ? `No operation named "${operationName}"` : "An operation name is required" }] };
  }
  if (operation.operation === "subscription") return { ok: false, errors: [{ message: "Subscriptions are not supported" }] };
  const unimplemented = findUnimplemented(schema, document);
  if (unimplemented.length > 0) return { ok: false, errors: unimplemented.map((e) => e.toJSON()) };
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions) if (def.kind === "FragmentDefinition") fragments[def.name.value] = def;
  return { ok: true, document, operation, costContext: { schema, operation, fragments, variables } };
}

export function executePrepared(
  schema: GraphQLSchema,
  prepared: Extract<PreparedDocument, { ok: true }>,
  ctx: SimContext,
): ExecutionResult {
  return executeSync({
    schema,
    document: prepared.document,
    operationName: prepared.operation.name?.value ?? null,
    variableValues: prepared.costContext.variables,
    contextValue: ctx,
    rootValue: {},
    fieldResolver,
    typeResolver,
  });
}

/**
 * One Admin API GraphQL request: validate, price, take from the (app, shop) bucket, execute, refund
 * the difference between requested and actual cost. Always answers with extensions.cost.
 */
export function answerGraphQL(schema: GraphQLSchema, body: GraphQLRequestBody, ctx: SimContext): GraphQLAnswer {
  const bucket = ctx.shop.bucket(ctx.apiKey);
  const variables = body.variables && typeof body.variables === "object" ? (body.variables as Record<string, unknown>) : {};
  const operationName = typeof body.operationName === "string" && body.operationName ? body.operationName : null;
  const prepared = prepareDocument(schema, String(body.query), variables, operationName);
  if (!prepared.ok) {
    return {
      errors: prepared.errors,
      extensions: { cost: { requestedQueryCost: 0, actualQueryCost: 0, throttleStatus: bucket.status() } },
    };
  }
  const requested = requestedCost(prepared.costContext);
  if (requested > MAX_QUERY_COST) {
    return {
      errors: [
        {
          message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`,
          extensions: {
            code: "MAX_COST_EXCEEDED",
            cost: requested,
            maxCost: MAX_QUERY_COST,
            documentation: "https://shopify.dev/api/usage/rate-limits",
          },
        },
      ],
      extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status() } },
    };
  }
  const decision = bucket.take(requested);
  if (!decision.taken) {
    return {
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
      extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: decision.status } },
    };
  }
  const result = executePrepared(schema, prepared, ctx);
  const actual = Math.min(requested, actualCost(prepared.costContext, result.data));
  bucket.refund(requested - actual);
  const answer: GraphQLAnswer = {
    data: result.data ?? null,
    extensions: { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: bucket.status() } },
  };
  if (result.errors && result.errors.length > 0) answer.errors = result.errors.map((e) => e.toJSON());
  return answer;
}
