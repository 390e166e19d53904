import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { buildClientSchema, parse, validate, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { BULK_DOCUMENTS, DOCUMENTS } from "@/lib/shopify/queries";

const SCHEMA_FILE = path.resolve(import.meta.dirname, "../../../dev/shopify-schema/admin_2026-10.json.gz");

function errorsOf(schema: GraphQLSchema, document: string): string[] {
  try {
    return validate(schema, parse(document)).map((error) => error.message);
  } catch (error) {
    return [(error as Error).message];
  }
}

describe("every document the app sends validates against the real Admin API 2026-10 schema", () => {
  let schema: GraphQLSchema;
  beforeAll(() => {
    const introspection = JSON.parse(zlib.gunzipSync(fs.readFileSync(SCHEMA_FILE)).toString("utf8")) as {
      data?: IntrospectionQuery;
    } & IntrospectionQuery;
    schema = buildClientSchema(introspection.data ?? introspection);
  });

  it.each(Object.entries({ ...DOCUMENTS, ...BULK_DOCUMENTS }))("%s", (_name, document) => {
    expect(errorsOf(schema, document)).toEqual([]);
  });

  it("the check catches an unknown field and an unknown argument", () => {
    const unknownField = errorsOf(schema, "{ products(first: 1) { nodes { id notARealField } } }");
    expect(unknownField).toHaveLength(1);
    expect(unknownField[0]).toMatch(/^Cannot query field "notARealField" on type "Product"/);
    expect(errorsOf(schema, "{ products(first: 1, bogus: 2) { nodes { id } } }")[0]).toMatch(/Unknown argument "bogus"/);
  });
});
