import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parse, validate, type GraphQLSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { DOCUMENTS } from "@/lib/shopify/queries";
import { loadAdminSchema } from "../../dev/shopify-sim/schema.ts";

/**
 * Every GraphQL document the app sends is written as a template literal starting with `#graphql`
 * (Shopify's convention, and what `npm run graphql:codegen` types). Fragments are interpolated by
 * name (`${PRODUCT_FIELDS}`), so a literal is checked as sent: each operation found in the source
 * must be the operation of a DOCUMENTS entry (the resolved text the app sends), which must
 * validate against the pinned Admin API 2026-10 schema; each fragment must be spread by one.
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

/** Template literals that start with #graphql (interpolated fragments left as `${NAME}`). */
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
  try {
    return validate(schema, parse(text)).map((e) => e.message);
  } catch (error) {
    return [(error as Error).message];
  }
}

/** The sent text of the literal: its own operation, found in DOCUMENTS, or an error. */
function sentText(text: string): { text: string } | { error: string } {
  const operation = /^\s*(query|mutation)\s+(\w+)/m.exec(text)?.[2];
  if (operation) {
    const entry = Object.values(DOCUMENTS).find((document) => new RegExp(`^\\s*(query|mutation)\\s+${operation}\\b`, "m").test(document));
    return entry ? { text: entry } : { error: `operation ${operation} is not in DOCUMENTS (src/lib/shopify/queries/index.ts)` };
  }
  const fragment = /^\s*fragment\s+(\w+)/m.exec(text)?.[1];
  if (!fragment) return { error: "neither an operation nor a fragment" };
  const user = Object.values(DOCUMENTS).find((document) => document.includes(`...${fragment}`));
  return user ? { text: user } : { error: `fragment ${fragment} is spread by no document in DOCUMENTS` };
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
    expect(sentText("query NotSent { shop { name } }")).toEqual({ error: expect.stringMatching(/NotSent is not in DOCUMENTS/) });
    expect(sentText("fragment Unused on Shop { name }")).toEqual({ error: expect.stringMatching(/Unused is spread by no document/) });
  });

  const files = SOURCE_DIRS.flatMap((d) => sourceFiles(join(ROOT, d)));
  const documents = files.flatMap((file) => findDocuments(readFileSync(file, "utf8"), relative(ROOT, file)));

  it("finds the app's documents", () => {
    expect(documents.length).toBeGreaterThanOrEqual(Object.keys(DOCUMENTS).length);
  });

  it.each(documents.map((d) => [d.where, d] as const))("%s validates against Admin API 2026-10", (_where, doc) => {
    const sent = sentText(doc.text);
    if ("error" in sent) throw new Error(sent.error);
    expect(documentErrors(schema, sent.text)).toEqual([]);
  });
});
