/**
 * Nothing is overwritten silently when the channel's notification of a seller's edit never arrives
 * (issue 14, item 4): the simulators lose it (PUT /__sim/notification-faults), so ShopSync has not
 * read the edit when it next publishes the listing. The publish reads the listing from the channel
 * before updating it: the edited field becomes a conflict and keeps the seller's value on the
 * channel, while the master's own change is published; the channel's rule per field still applies.
 * A late notification of the edit records nothing twice, and a Shopee push without a msg_id (whether
 * real ones carry it is unverified) is processed and its replay dropped.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMarketplaceStack, type MarketplaceKind, type MarketplaceStack } from "./helpers/marketplace-stack";
import { queryRows } from "./helpers/database";
import { waitFor } from "./helpers/stack";

let ms: MarketplaceStack;

interface Conflict {
  id: string;
  channelId: string;
  productId: string;
  field: string;
  masterValue: string;
  channelValue: string;
}

const openConflicts = async () => ((await (await ms.api("/api/conflicts")).json()) as { conflicts: Conflict[] }).conflicts;
const simItem = async (kind: MarketplaceKind, itemId: string) => (await ms.simItems(kind)).find((item) => item.id === itemId)!;

async function loseNotifications(kind: MarketplaceKind, faults: { dropNext?: number; dropRate?: number; delayMs?: number }) {
  const response = await fetch(`${ms.sims[kind].url}/__sim/notification-faults`, { method: "PUT", body: JSON.stringify(faults) });
  expect(response.status).toBe(200);
}

/** A seller's edit on the channel whose notification the simulator lost (never delivered). */
async function sellerEditUnnotified(kind: MarketplaceKind, itemId: string, edit: Record<string, unknown>) {
  const before = ((await (await fetch(`${ms.sims[kind].url}/__sim/notifications`)).json()) as { notifications: unknown[] }).notifications
    .length;
  const response = await fetch(`${ms.sims[kind].url}/__sim/items/${itemId}`, { method: "PATCH", body: JSON.stringify(edit) });
  expect(response.status).toBe(200);
  const { notifications } = (await (await fetch(`${ms.sims[kind].url}/__sim/notifications`)).json()) as {
    notifications: { body: string; dropped: boolean; attempts: number }[];
  };
  const fired = notifications.slice(before);
  expect(fired).toHaveLength(1);
  expect(fired[0]).toMatchObject({ dropped: true, attempts: 0 });
}

const notificationsOf = async (kind: MarketplaceKind) =>
  (
    (await (await fetch(`${ms.sims[kind].url}/__sim/notifications`)).json()) as {
      notifications: { url: string; body: string; headers: Record<string, string>; status: number | null; dropped: boolean }[];
    }
  ).notifications;
const webhookRows = (messageId: string) =>
  queryRows<{ status: string }>(`SELECT status FROM "ChannelWebhook" WHERE "messageId" = $1`, [messageId]);

const listingOf = async (kind: MarketplaceKind, productId: string) =>
  (await ms.catalog(kind)).find((listing) => listing.productId === productId)!;

beforeAll(async () => {
  ms = await startMarketplaceStack({ runnerSchema: "runner_marketplaces_lost_notification" });
}, 400_000);

afterAll(async () => {
  await ms?.stop();
});

describe("a seller's edit whose notification was lost", () => {
  it("becomes a conflict when a master change is published, and the seller's title stays on Shopee", async () => {
    const listing = (await ms.publishAll("shopee")).find((entry) => entry.externalId && entry.status === "live")!;
    const itemId = listing.externalId!;
    const masterTitle = (await simItem("shopee", itemId)).title;

    await loseNotifications("shopee", { dropNext: 1 });
    await sellerEditUnnotified("shopee", itemId, { title: "Seller's title, push lost" });

    // A master change to the same listing (another field), published through the outbox.
    const patched = await ms.api(`/api/channels/${ms.channelIds.shopee}/products/${encodeURIComponent(listing.productId)}`, {
      method: "PATCH",
      body: JSON.stringify({ description: "A description set in ShopSync" }),
    });
    expect(patched.status).toBe(202);
    await waitFor(
      async () => ((entry) => (entry.publishedVersion === entry.version ? entry : undefined))(await listingOf("shopee", listing.productId)),
      120_000,
      "the override published",
    );

    const item = await simItem("shopee", itemId);
    expect(item.description).toBe("A description set in ShopSync");
    expect(item.title).toBe("Seller's title, push lost");
    const conflicts = (await openConflicts()).filter((conflict) => conflict.productId === listing.productId);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      channelId: ms.channelIds.shopee,
      field: "title",
      masterValue: masterTitle,
      channelValue: "Seller's title, push lost",
    });
  }, 300_000);

  it("is kept by a bulk publish right after it on TikTok Shop, by rule or as an open conflict", async () => {
    const rules = await ms.api(`/api/channels/${ms.channelIds.tiktok}/conflict-rules`, {
      method: "PUT",
      body: JSON.stringify({ description: "channel" }),
    });
    expect(rules.status).toBe(200);
    const listing = (await ms.publishAll("tiktok")).find((entry) => entry.externalId && entry.status === "live")!;
    const productId = listing.externalId!;
    const master = await simItem("tiktok", productId);

    await loseNotifications("tiktok", { dropRate: 1 });
    await sellerEditUnnotified("tiktok", productId, { title: "TikTok seller's title", description: "TikTok seller's description" });
    await ms.publishAll("tiktok");

    const item = await simItem("tiktok", productId);
    expect(item.title).toBe("TikTok seller's title");
    expect(item.description).toBe("TikTok seller's description");
    const conflicts = (await openConflicts()).filter((conflict) => conflict.channelId === ms.channelIds.tiktok);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      productId: listing.productId,
      field: "title",
      masterValue: master.title,
      channelValue: "TikTok seller's title",
    });
    // The description rule ("channel") resolved its conflict: the seller's description is the listing's override.
    const { listings } = (await (await ms.api(`/api/channels/${ms.channelIds.tiktok}/catalog`)).json()) as {
      listings: { productId: string; overrides: { description: string | null } }[];
    };
    expect(listings.find((entry) => entry.productId === listing.productId)!.overrides.description).toBe("TikTok seller's description");
  }, 300_000);

  it("records the edit once when its notification arrives late, after the publish kept it", async () => {
    const conflicted = new Set((await openConflicts()).map((conflict) => conflict.productId));
    const listing = (await ms.catalog("shopee")).find(
      (entry) => entry.externalId && entry.status === "live" && !conflicted.has(entry.productId),
    )!;
    await loseNotifications("shopee", { delayMs: 3_000 });
    const sent = (await notificationsOf("shopee")).length;
    const edit = await fetch(`${ms.sims.shopee.url}/__sim/items/${listing.externalId}`, {
      method: "PATCH",
      body: JSON.stringify({ title: "Seller's title, push late" }),
    });
    expect(edit.status).toBe(200);
    const patched = await ms.api(`/api/channels/${ms.channelIds.shopee}/products/${encodeURIComponent(listing.productId)}`, {
      method: "PATCH",
      body: JSON.stringify({ description: "Another description set in ShopSync" }),
    });
    expect(patched.status).toBe(202);
    // The late push delivered and processed, whichever came first.
    const late = await waitFor(
      async () => ((entry) => (entry?.status === 200 ? entry : undefined))((await notificationsOf("shopee"))[sent]),
      120_000,
      "the late push delivered",
    );
    const messageId = String((JSON.parse(late.body) as { msg_id: string }).msg_id);
    await waitFor(
      async () => ((rows) => (rows[0] && rows[0].status !== "received" ? rows[0] : undefined))(await webhookRows(messageId)),
      120_000,
      "the late push processed",
    );
    await waitFor(
      async () => ((entry) => (entry.publishedVersion === entry.version ? entry : undefined))(await listingOf("shopee", listing.productId)),
      120_000,
      "the override published",
    );
    const item = await simItem("shopee", listing.externalId!);
    expect(item).toMatchObject({ title: "Seller's title, push late", description: "Another description set in ShopSync" });
    const conflicts = (await openConflicts()).filter((conflict) => conflict.productId === listing.productId);
    expect(conflicts.map((conflict) => [conflict.field, conflict.channelValue])).toEqual([["title", "Seller's title, push late"]]);
    await loseNotifications("shopee", { delayMs: 0 });
  }, 300_000);

  it("processes a Shopee push that carries no msg_id, and drops its replay", async () => {
    const app = await fetch(`${ms.sims.shopee.url}/__sim/app`, { method: "PUT", body: JSON.stringify({ pushMessageIds: false }) });
    expect(app.status).toBe(200);
    const conflicted = new Set((await openConflicts()).map((conflict) => conflict.productId));
    const listing = (await ms.catalog("shopee")).find(
      (entry) => entry.externalId && entry.status === "live" && !conflicted.has(entry.productId),
    )!;
    const sent = (await notificationsOf("shopee")).length;
    const edit = await fetch(`${ms.sims.shopee.url}/__sim/items/${listing.externalId}`, {
      method: "PATCH",
      body: JSON.stringify({ title: "Seller's title, push without msg_id" }),
    });
    expect(edit.status).toBe(200);
    await waitFor(
      async () =>
        (await openConflicts()).find(
          (conflict) => conflict.productId === listing.productId && conflict.channelValue === "Seller's title, push without msg_id",
        ),
      120_000,
      "the conflict the push brought",
    );
    const push = (await notificationsOf("shopee"))[sent]!;
    expect(JSON.parse(push.body)).not.toHaveProperty("msg_id");
    expect(push.status).toBe(200);
    const replayed = await fetch(push.url, { method: "POST", body: push.body, headers: push.headers });
    expect(replayed.status).toBe(200);
    expect(((await replayed.json()) as { outcome: string }).outcome).toBe("duplicate");
  }, 300_000);
});
