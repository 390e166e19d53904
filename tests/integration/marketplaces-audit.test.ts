/**
 * The audit trail (issue 14, item 7) over real HTTP: overrides, a publish, a conflict's resolution,
 * a manual sync, a dead-letter action and a mapping change each show in GET /api/audit with what
 * changed, before, after, when and from where (the route and the browser of the signed-in
 * merchant, or the rule); `?productId=` shows one product's history only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "./helpers/database";
import { startMarketplaceStack, type MarketplaceStack } from "./helpers/marketplace-stack";
import { BROWSER_UA, waitFor } from "./helpers/stack";

let ms: MarketplaceStack;

interface AuditEvent {
  id: string;
  action: string;
  subject: string;
  productId: string | null;
  channelId: string | null;
  before: unknown;
  after: unknown;
  source: string;
  origin: { route?: string; userAgent?: string } | null;
  at: string;
}

const audit = async (query = "") => ((await (await ms.api(`/api/audit${query}`)).json()) as { events: AuditEvent[] }).events;

let productId = "";
let otherProductId = "";
let itemId = "";

beforeAll(async () => {
  ms = await startMarketplaceStack({ runnerSchema: "runner_marketplaces_audit" });
  const listings = await ms.publishAll("shopee");
  const live = listings.filter((entry) => entry.externalId && entry.status === "live");
  productId = live[0]!.productId;
  otherProductId = live[1]!.productId;
  itemId = live[0]!.externalId!;
}, 400_000);

afterAll(async () => {
  await ms?.stop();
});

describe("the audit trail", () => {
  it("records overrides with before and after, the publish, and where they came from", async () => {
    const path = `/api/channels/${ms.channelIds.shopee}/products/${encodeURIComponent(productId)}`;
    expect((await ms.api(path, { method: "PATCH", body: JSON.stringify({ title: "First title" }) })).status).toBe(202);
    expect((await ms.api(path, { method: "PATCH", body: JSON.stringify({ title: "Second title", price: "7.50" }) })).status).toBe(202);
    const overrides = (await audit()).filter((event) => event.action === "override.set" && event.productId === productId);
    expect(overrides).toHaveLength(2);
    const [latest, first] = overrides;
    // The listing exists since the publish, with no overrides.
    expect(first!.before).toMatchObject({ title: null, description: null, price: null, stockBuffer: 0 });
    expect(first!.after).toMatchObject({ title: "First title", price: null });
    expect(latest!.before).toMatchObject({ title: "First title", price: null });
    expect(latest!.after).toMatchObject({ title: "Second title", price: "7.50" });
    expect(latest!).toMatchObject({ channelId: ms.channelIds.shopee, source: "merchant" });
    expect(latest!.origin).toMatchObject({ route: `PATCH ${path}`, userAgent: BROWSER_UA });
    expect(Number.isNaN(Date.parse(latest!.at))).toBe(false);
    const published = (await audit()).find((event) => event.action === "catalog.published");
    expect(published).toMatchObject({ subject: ms.channelIds.shopee, source: "merchant" });
  }, 300_000);

  it("records a conflict's resolution", async () => {
    await ms.publishAll("shopee");
    const edited = await fetch(`${ms.sims.shopee.url}/__sim/items/${itemId}`, {
      method: "PATCH",
      body: JSON.stringify({ title: "Edited on Shopee" }),
    });
    expect(edited.status).toBe(200);
    const conflict = await waitFor(
      async () =>
        ((await (await ms.api("/api/conflicts")).json()) as { conflicts: { id: string; productId: string }[] }).conflicts.find(
          (entry) => entry.productId === productId,
        ),
      120_000,
      "the conflict",
    );
    const resolved = await ms.api(`/api/conflicts/${conflict.id}/resolve`, { method: "POST", body: JSON.stringify({ use: "channel" }) });
    expect(resolved.status).toBe(200);
    const event = (await audit()).find((entry) => entry.action === "conflict.resolved" && entry.subject === conflict.id);
    expect(event).toMatchObject({
      productId,
      source: "merchant",
      before: { field: "title", masterValue: "Second title", channelValue: "Edited on Shopee" },
      after: { field: "title", use: "channel", value: "Edited on Shopee" },
      origin: { route: `POST /api/conflicts/${conflict.id}/resolve` },
    });
  }, 300_000);

  it("records a manual sync, a dead-letter action and a mapping change", async () => {
    const sync = await ms.api("/api/sync", { method: "POST", body: JSON.stringify({}) });
    expect(sync.status).toBe(202);
    const { runId } = (await sync.json()) as { runId: string };
    expect((await audit()).find((event) => event.action === "sync.requested")).toMatchObject({
      subject: runId,
      source: "merchant",
      origin: { route: "POST /api/sync" },
    });

    const [shop] = await queryRows<{ id: string }>(`SELECT id FROM "Shop" LIMIT 1`);
    const [variant] = await queryRows<{ shopifyId: string }>(`SELECT "shopifyId" FROM "ProductVariant" WHERE "productId" = $1 LIMIT 1`, [
      productId,
    ]);
    // A record that failed to store (as an ingest leaves it), then the merchant resolves it.
    await queryRows(
      `INSERT INTO "FailedSyncItem" (id, "shopId", "entityType", "shopifyId", "rawPayload", "errorMessage", "updatedAt")
       VALUES ('dl-audit-1', $1, 'variant', $2, '{}', 'could not store', now())`,
      [shop!.id, variant!.shopifyId],
    );
    expect((await ms.api("/api/dead-letters/dl-audit-1/resolve", { method: "POST" })).status).toBe(200);
    expect((await audit()).find((event) => event.action === "dead_letter.resolved")).toMatchObject({
      subject: "dl-audit-1",
      productId,
      before: { resolution: null, errorMessage: "could not store" },
      after: { resolution: "RESOLVED_MANUALLY" },
      origin: { route: "POST /api/dead-letters/dl-audit-1/resolve" },
    });

    // A mapping change as issue 12's push writes it (ChannelMappingHistory) is part of the trail.
    await queryRows(
      `INSERT INTO "ChannelMappingHistory" (id, "channelId", "channelSku", source, before, after)
       VALUES ('map-audit-1', $1, 'SKU-AUDIT', 'manual', NULL, $2::jsonb)`,
      [ms.channelIds.shopee, JSON.stringify({ variantId: variant!.shopifyId, bundleId: null, isFba: false })],
    );
    expect((await audit()).find((event) => event.action === "mapping.changed")).toMatchObject({
      subject: "SKU-AUDIT",
      productId,
      source: "manual",
      after: { variantId: variant!.shopifyId },
    });
  }, 300_000);

  it("shows one product's history on its own", async () => {
    const history = await audit(`?productId=${encodeURIComponent(productId)}`);
    expect(new Set(history.map((event) => event.action))).toEqual(
      new Set(["override.set", "conflict.resolved", "dead_letter.resolved", "mapping.changed"]),
    );
    expect(history.every((event) => event.productId === productId)).toBe(true);
    expect((await audit(`?productId=${encodeURIComponent(otherProductId)}`)).some((event) => event.productId === productId)).toBe(false);
    const times = history.map((event) => event.at);
    expect([...times].sort().reverse()).toEqual(times);
  }, 300_000);
});
