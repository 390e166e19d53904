import { afterEach, describe, expect, it } from "vitest";
import type { ShopifySimHandle } from "../../../dev/shopify-sim/index.ts";
import { control, gql, startTinySim, waitFor } from "./helpers.ts";

let sim: ShopifySimHandle | undefined;
afterEach(async () => {
  await sim?.stop();
});

const RUN = `mutation($q: String!, $g: Boolean!) { bulkOperationRunQuery(query: $q, groupObjects: $g) { bulkOperation { id status } userErrors { field message code } } }`;
const POLL = `query($id: ID!) { bulkOperation(id: $id) { status errorCode objectCount rootObjectCount fileSize url partialDataUrl } }`;

interface BulkStatus {
  status: string;
  errorCode: string | null;
  objectCount: string;
  rootObjectCount: string;
  fileSize: string | null;
  url: string | null;
  partialDataUrl: string | null;
}

async function run(
  s: ShopifySimHandle,
  query: string,
  groupObjects = false,
): Promise<{ id: string | null; userErrors: { message: string; code: string | null }[] }> {
  const { body } = await gql(s, RUN, { q: query, g: groupObjects });
  const payload = body.data?.["bulkOperationRunQuery"] as {
    bulkOperation: { id: string } | null;
    userErrors: { message: string; code: string | null }[];
  };
  return { id: payload.bulkOperation?.id ?? null, userErrors: payload.userErrors };
}

async function finished(s: ShopifySimHandle, id: string): Promise<BulkStatus> {
  return waitFor(async () => {
    const { body } = await gql(s, POLL, { id });
    const op = body.data?.["bulkOperation"] as BulkStatus;
    return ["COMPLETED", "FAILED", "CANCELED"].includes(op.status) ? op : null;
  });
}

const PRODUCTS_WITH_VARIANTS = `{ products { edges { node { id title updatedAt variants { edges { node { id sku price } } } } } } }`;

describe("bulk operations", () => {
  it("JSONL of products with variants parses to exactly the generated store", async () => {
    sim = await startTinySim();
    const { id, userErrors } = await run(sim, PRODUCTS_WITH_VARIANTS);
    expect(userErrors).toEqual([]);
    const op = await finished(sim, id!);
    expect(op.status).toBe("COMPLETED");
    const text = await (await fetch(op.url!)).text();
    expect(Number(op.fileSize)).toBe(Buffer.byteLength(text));
    const lines = text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const store = sim.store;
    expect(Number(op.objectCount)).toBe(lines.length);
    expect(Number(op.rootObjectCount)).toBe(store.products.size);
    const products = lines.filter((l) => !("__parentId" in l));
    const variants = lines.filter((l) => "__parentId" in l);
    const expectedProducts = [...store.products.values()].sort((a, b) => a.id - b.id);
    expect(products).toEqual(
      expectedProducts.map((p) => ({ id: `gid://shopify/Product/${p.id}`, title: p.title, updatedAt: p.updatedAt })),
    );
    const expectedVariants = expectedProducts.flatMap((p) =>
      p.variantIds.map((vid) => {
        const v = store.variants.get(vid)!;
        return { id: `gid://shopify/ProductVariant/${v.id}`, sku: v.sku, price: v.price, __parentId: `gid://shopify/Product/${p.id}` };
      }),
    );
    expect([...variants].sort((a, b) => String(a["id"]).localeCompare(String(b["id"])))).toEqual(
      [...expectedVariants].sort((a, b) => a.id.localeCompare(b.id)),
    );
    // Every child comes after its parent.
    const seen = new Set<unknown>();
    for (const line of lines) {
      if ("__parentId" in line) expect(seen.has(line["__parentId"])).toBe(true);
      seen.add(line["id"]);
    }
  });

  it("serves the file from a byte offset (Range: bytes=N-), as cloud storage does", async () => {
    sim = await startTinySim();
    const { id } = await run(sim, PRODUCTS_WITH_VARIANTS);
    const op = await finished(sim, id!);
    const whole = Buffer.from(await (await fetch(op.url!)).arrayBuffer());
    const offset = whole.indexOf(0x0a) + 1;
    const rest = await fetch(op.url!, { headers: { Range: `bytes=${offset}-` } });
    expect(rest.status).toBe(206);
    expect(rest.headers.get("content-range")).toBe(`bytes ${offset}-${whole.length - 1}/${whole.length}`);
    expect(Buffer.from(await rest.arrayBuffer()).equals(whole.subarray(offset))).toBe(true);
    const past = await fetch(op.url!, { headers: { Range: `bytes=${whole.length}-` } });
    expect(past.status).toBe(416);
  });

  it("refuses shapes Shopify refuses and a sixth concurrent operation", async () => {
    sim = await startTinySim({ bulkObjectsPerSecond: 1, bulkStartDelayMs: 60_000 });
    expect((await run(sim, "{ shop { name } }")).userErrors[0]?.message).toMatch(/at least one connection/);
    const deep = `{ products { edges { node { id variants { edges { node { id inventoryItem { id inventoryLevels { edges { node { id } } } } } } } } } } }`;
    expect((await run(sim, deep)).userErrors[0]?.message).toMatch(/nesting depth greater than 2/);
    const six = `{ orders { edges { node { id lineItems { edges { node { id } } } a: lineItems { edges { node { id } } } b: lineItems { edges { node { id } } } c: lineItems { edges { node { id } } } d: lineItems { edges { node { id } } } } } } }`;
    expect((await run(sim, six)).userErrors[0]?.message).toMatch(/more than 5 connections/);
    for (let i = 0; i < 5; i++) expect((await run(sim, "{ products { edges { node { id } } } }")).userErrors).toEqual([]);
    const sixth = await run(sim, "{ products { edges { node { id } } } }");
    expect(sixth.id).toBeNull();
    expect(sixth.userErrors[0]?.code).toBe("LIMIT_REACHED");
  });

  it("fails with partial data when the fault is set, and tells subscribers with bulk_operations/finish", async () => {
    sim = await startTinySim();
    const received: unknown[] = [];
    const { createServer } = await import("node:http");
    const hook = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        received.push({ topic: req.headers["x-shopify-topic"], body: JSON.parse(body) as unknown });
        res.end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
    const port = (hook.address() as { port: number }).port;
    await gql(
      sim,
      `mutation { webhookSubscriptionCreate(topic: BULK_OPERATIONS_FINISH, webhookSubscription: { uri: "http://127.0.0.1:${port}/hooks" }) { userErrors { message } } }`,
    );
    await control(sim, "PUT", `/shops/${sim.demoShop}/faults`, { bulkFailure: { errorCode: "INTERNAL_SERVER_ERROR", afterObjects: 20 } });
    const { id } = await run(sim, "{ orders { edges { node { id name lineItems { edges { node { id quantity } } } } } } }");
    const op = await finished(sim, id!);
    expect(op).toMatchObject({ status: "FAILED", errorCode: "INTERNAL_SERVER_ERROR", url: null, objectCount: "20" });
    const partial = (await (await fetch(op.partialDataUrl!)).text()).trimEnd().split("\n");
    expect(partial).toHaveLength(20);
    await waitFor(() => received.length > 0);
    expect(received[0]).toMatchObject({
      topic: "bulk_operations/finish",
      body: { admin_graphql_api_id: id, status: "failed", error_code: "internal_server_error", type: "query" },
    });
    hook.close();
  });

  it("cancels a running operation", async () => {
    sim = await startTinySim({ bulkObjectsPerSecond: 10 });
    const { id } = await run(sim, "{ orders { edges { node { id } } } }");
    await waitFor(async () => ((await gql(sim!, POLL, { id })).body.data?.["bulkOperation"] as BulkStatus).status === "RUNNING");
    const { body } = await gql(
      sim,
      `mutation($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { status } userErrors { message } } }`,
      { id },
    );
    expect(body.data?.["bulkOperationCancel"]).toEqual({ bulkOperation: { status: "CANCELING" }, userErrors: [] });
    expect((await finished(sim, id!)).status).toBe("CANCELED");
  });
});
