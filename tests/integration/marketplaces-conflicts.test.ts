/**
 * Conflicts (issue 14, item 4) over real HTTP: a seller edits a published listing on the Shopee
 * simulator (PATCH /__sim/items/{id}, which fires Shopee's push); ShopSync reads the listing back
 * and records a conflict (field, master value, channel value, when) in GET /api/conflicts without
 * touching the channel; POST /api/conflicts/{id}/resolve with "master" publishes ShopSync's value
 * again, "channel" keeps the seller's value (as the listing's override), "value" publishes a given
 * one; each outcome is read back from the simulator. A rule per field resolves without asking, and
 * a rule of "ask" never overwrites the channel.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMarketplaceStack, type MarketplaceStack, type SimItem } from "./helpers/marketplace-stack";
import { waitFor } from "./helpers/stack";

let ms: MarketplaceStack;

interface Conflict {
  id: string;
  channelId: string;
  productId: string;
  field: string;
  masterValue: string;
  channelValue: string;
  detectedAt: string;
}

const openConflicts = async () => ((await (await ms.api("/api/conflicts")).json()) as { conflicts: Conflict[] }).conflicts;
const simItem = async (itemId: string) => (await ms.simItems("shopee")).find((item) => item.id === itemId)!;
const sellerEdit = async (itemId: string, edit: Record<string, unknown>) => {
  const response = await fetch(`${ms.sims.shopee.url}/__sim/items/${itemId}`, { method: "PATCH", body: JSON.stringify(edit) });
  expect(response.status).toBe(200);
};
const resolve = (id: string, body: Record<string, unknown>) =>
  ms.api(`/api/conflicts/${id}/resolve`, { method: "POST", body: JSON.stringify(body) });
const conflictOn = (itemProduct: string, field: string, channelValue: string) =>
  waitFor(
    async () =>
      (await openConflicts()).find(
        (conflict) => conflict.productId === itemProduct && conflict.field === field && conflict.channelValue === channelValue,
      ),
    120_000,
    `a ${field} conflict on ${itemProduct}`,
  );
/** Waits until the simulator's item satisfies `check` (the publish that a resolution asked for). */
const simItemWhere = (itemId: string, check: (item: SimItem) => boolean, what: string) =>
  waitFor(async () => ((item) => (check(item) ? item : undefined))(await simItem(itemId)), 120_000, what);

let itemId = "";
let productId = "";
let masterTitle = "";

beforeAll(async () => {
  ms = await startMarketplaceStack({ runnerSchema: "runner_marketplaces_conflicts" });
  const listings = await ms.publishAll("shopee");
  const listing = listings.find((entry) => entry.externalId && entry.status === "live")!;
  itemId = listing.externalId!;
  productId = listing.productId;
  masterTitle = (await simItem(itemId)).title;
}, 400_000);

afterAll(async () => {
  await ms?.stop();
});

describe("conflicts between ShopSync and a seller's edit on Shopee", () => {
  it("records a title edited on the channel as a conflict, overwriting nothing, and resolves it with the master value", async () => {
    await sellerEdit(itemId, { title: "Edited on Shopee" });
    const conflict = await conflictOn(productId, "title", "Edited on Shopee");
    expect(conflict).toMatchObject({ channelId: ms.channelIds.shopee, masterValue: masterTitle });
    expect(Number.isNaN(Date.parse(conflict.detectedAt))).toBe(false);

    // While it is open, a publish keeps the channel's value.
    await ms.publishAll("shopee");
    expect((await simItem(itemId)).title).toBe("Edited on Shopee");
    expect((await openConflicts()).filter((open) => open.productId === productId && open.field === "title")).toHaveLength(1);

    const resolved = await resolve(conflict.id, { use: "master" });
    expect(resolved.status).toBe(200);
    await simItemWhere(itemId, (item) => item.title === masterTitle, "the master title back on Shopee");
    expect((await openConflicts()).some((open) => open.id === conflict.id)).toBe(false);
    // Resolved once: resolving it again is refused.
    expect((await resolve(conflict.id, { use: "channel" })).status).toBe(409);
  }, 300_000);

  it("resolves a conflict with the channel's value, kept as the listing's override", async () => {
    await sellerEdit(itemId, { title: "Seller's better title" });
    const conflict = await conflictOn(productId, "title", "Seller's better title");
    expect((await resolve(conflict.id, { use: "channel" })).status).toBe(200);
    const listing = await waitFor(
      async () => {
        const { listings } = (await (await ms.api(`/api/channels/${ms.channelIds.shopee}/catalog`)).json()) as {
          listings: { productId: string; overrides: { title: string | null }; version: number; publishedVersion: number }[];
        };
        const entry = listings.find((candidate) => candidate.productId === productId)!;
        return entry.version === entry.publishedVersion ? entry : undefined;
      },
      120_000,
      "the listing published after the resolution",
    );
    expect(listing.overrides.title).toBe("Seller's better title");
    expect((await simItem(itemId)).title).toBe("Seller's better title");
    expect(await openConflicts()).toEqual([]);
  }, 300_000);

  it("resolves a price conflict with a given value", async () => {
    const sku = (await simItem(itemId)).skus[0]!;
    await sellerEdit(itemId, { skus: [{ sku: sku.sku, price: "1.23" }] });
    const conflict = await conflictOn(productId, `price:${sku.sku}`, "1.23");
    expect(conflict.masterValue).toBe(sku.price);
    expect((await resolve(conflict.id, { use: "value", value: "4.56" })).status).toBe(200);
    await simItemWhere(itemId, (item) => item.skus.find((entry) => entry.sku === sku.sku)!.price === "4.56", "the given price on Shopee");
  }, 300_000);

  it("resolves by the channel's rule per field: channel keeps the edit, master restores ShopSync's value", async () => {
    const rules = await ms.api(`/api/channels/${ms.channelIds.shopee}/conflict-rules`, {
      method: "PUT",
      body: JSON.stringify({ description: "channel", title: "master" }),
    });
    expect(rules.status).toBe(200);
    const before = await simItem(itemId);
    await sellerEdit(itemId, { description: "A description written on Shopee", title: "Rule says master" });
    await simItemWhere(itemId, (item) => item.title === before.title, "the title restored by the master rule");
    const listing = await waitFor(
      async () => {
        const { listings } = (await (await ms.api(`/api/channels/${ms.channelIds.shopee}/catalog`)).json()) as {
          listings: { productId: string; overrides: { description: string | null } }[];
        };
        const entry = listings.find((candidate) => candidate.productId === productId)!;
        return entry.overrides.description === "A description written on Shopee" ? entry : undefined;
      },
      120_000,
      "the channel's description kept by the channel rule",
    );
    expect(listing.overrides.description).toBe("A description written on Shopee");
    await ms.publishAll("shopee");
    expect((await simItem(itemId)).description).toBe("A description written on Shopee");
    expect((await simItem(itemId)).title).toBe(before.title);
    expect(await openConflicts()).toEqual([]);
  }, 300_000);

  it("refuses a resolution that names no value or an unknown conflict", async () => {
    expect((await resolve("no-such-conflict", { use: "master" })).status).toBe(404);
    expect((await resolve("no-such-conflict", { use: "value" })).status).toBe(400);
  }, 300_000);
});
