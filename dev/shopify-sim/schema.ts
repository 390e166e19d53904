import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

/** The one Admin API version the simulator speaks. */
export const API_VERSION = "2026-10";

const SCHEMA_PATH = fileURLToPath(new URL("../shopify-schema/admin_2026-10.json.gz", import.meta.url));

let cached: GraphQLSchema | null = null;

/** Shopify's own introspection of the Admin GraphQL API 2026-10, built once per process (~0.4 s). */
export function loadAdminSchema(): GraphQLSchema {
  if (cached) return cached;
  const json = JSON.parse(gunzipSync(readFileSync(SCHEMA_PATH)).toString("utf8")) as { data: IntrospectionQuery } | IntrospectionQuery;
  cached = buildClientSchema("data" in json ? json.data : json);
  return cached;
}
