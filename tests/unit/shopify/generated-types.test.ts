/**
 * The committed operation types (src/lib/shopify/types) are what `npm run graphql:codegen` makes
 * from today's documents and the pinned schema: a document changed without regenerating fails here.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateShopifyTypes, TYPES_DIR } from "../../../dev/graphql-codegen";

describe("generated Shopify operation types", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "shopsync-types-"));
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it("are up to date (run npm run graphql:codegen)", { timeout: 120_000 }, async () => {
    const written = await generateShopifyTypes(out);
    expect(written.map((file) => path.basename(file)).sort()).toEqual(["admin.generated.d.ts", "admin.types.d.ts"]);
    for (const file of written) {
      const committed = path.join(TYPES_DIR, path.basename(file));
      expect(fs.existsSync(committed), `${committed} is missing`).toBe(true);
      expect(fs.readFileSync(committed, "utf8") === fs.readFileSync(file, "utf8"), `${path.basename(file)} is stale`).toBe(true);
    }
  });

  it("every operation the app sends has generated types", () => {
    const generated = fs.readFileSync(path.join(TYPES_DIR, "admin.generated.d.ts"), "utf8");
    for (const name of [
      "CountResources",
      "SyncProductsPage",
      "SyncOrdersPageWithoutPii",
      "RunBulkQuery",
      "CreateWebhookSubscription",
      "WebhookCustomer",
    ])
      expect(generated).toMatch(new RegExp(`export type ${name}(Query|Mutation) = `));
  });
});
