import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parse, validate, type GraphQLSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { loadAdminSchema } from "../../dev/shopify-sim/schema.ts";

/**
 * Every GraphQL document the app sends is written as a template literal starting with `#graphql`
 * (Shopify's convention). Each one must validate against the pinned Admin API 2026-10 schema.
 */
const ROOT = join(import.meta.dirname, "../..");
const SOURCE_DIRS = ["src", "inngest"];

function sourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules" || name === "generated" || name.startsWith(".")) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts)$/.test(name) ? [path] : [];
  });
}

interface FoundDocument {
  where: string;
  text: string;
}

/** Template literals that start with #graphql; `${...}` interpolations are not allowed in them. */
function findDocuments(source: string, file: string): FoundDocument[] {
  const found: FoundDocument[] = [];
  const pattern = /`\s*#graphql\b([\s\S]*?)`/g;
  for (const match of source.matchAll(pattern)) {
    const line = source.slice(0, match.index).split("\n").length;
    found.push({ where: `${file}:${line}`, text: match[1] ?? "" });
  }
  return found;
}

function documentErrors(schema: GraphQLSchema, text: string): string[] {
  if (text.includes("${")) return ["interpolation inside a #graphql document: the document cannot be checked statically"];
  try {
    return validate(schema, parse(text)).map((e) => e.message);
  } catch (error) {
    return [(error as Error).message];
  }
}

describe("GraphQL documents in src/ and inngest/", () => {
  const schema = loadAdminSchema();

  it("the detector catches a known-bad document (so this test cannot pass vacuously)", () => {
    const source = "const q = `#graphql\n  query { products(first: 1, notAnArg: 1) { nodes { id notARealField } } }\n`;";
    const docs = findDocuments(source, "fixture.ts");
    expect(docs).toHaveLength(1);
    const errors = documentErrors(schema, docs[0]!.text);
    expect(errors.join("\n")).toMatch(/notARealField/);
    expect(errors.join("\n")).toMatch(/notAnArg/);
    expect(documentErrors(schema, "query { shop { name } }")).toEqual([]);
  });

  const files = SOURCE_DIRS.flatMap((d) => sourceFiles(join(ROOT, d)));
  const documents = files.flatMap((file) => findDocuments(readFileSync(file, "utf8"), relative(ROOT, file)));

  it.each(documents.map((d) => [d.where, d] as const))("%s validates against Admin API 2026-10", (_where, doc) => {
    expect(documentErrors(schema, doc.text)).toEqual([]);
  });
});
