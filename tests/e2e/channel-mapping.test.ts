/**
 * The mapping tools of the Channels page in a real browser against the whole stack (Shopify
 * simulator, runner, the production app, the Amazon simulator): a bad CSV shows its line-numbered
 * errors and imports nothing, a good one maps a legacy SKU; a listing mapped by hand and unmapped;
 * a bundle created in the editor, mapped, then edited (version 2, both versions in its history),
 * Amazon showing each definition's quantity; the channel's safety buffer and locations changed
 * after connecting, and Amazon following the buffer.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simInventory, startChannelStack, type ChannelStack } from "../integration/helpers/channel-stack";
import { expectedVariantQuantity, variantGidOfSku } from "../integration/helpers/channel-fixtures";
import { waitFor } from "../integration/helpers/stack";
import { toGid } from "../../dev/shopify-sim/ids.ts";
import { sessionCookieFor } from "./helpers/seed";
import { launchBrowser, type LaunchedBrowser } from "./helpers/browser";

const ARTIFACTS = path.resolve(import.meta.dirname, "artifacts");
const WAIT = { timeout: 60_000 };

let channels: ChannelStack;
let launched: LaunchedBrowser;

beforeAll(async () => {
  channels = await startChannelStack({ runnerSchema: "runner_e2e_channel_mapping", appEnv: { SYNC_STRATEGY: "paginate" } });
  launched = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await launched?.close();
  await channels?.stop();
});

/** Waits until Amazon's ground truth shows `quantity` for the SKU (pushes run through the runner). */
const amazonShows = (sku: string, quantity: number) =>
  waitFor(
    async () => ((await simInventory(channels.amazon.url))[sku] === quantity ? true : undefined),
    120_000,
    `Amazon to show ${quantity} for ${sku}`,
  );

const csvFile = (name: string, lines: string[]) => ({ name, mimeType: "text/csv", buffer: Buffer.from(lines.join("\n") + "\n") });

async function mapByHand(page: Page, sku: string, target: string | null) {
  const form = page.getByRole("form", { name: "Map a listing" });
  await form.getByLabel("Channel SKU").fill(sku);
  if (target === null) {
    await form.getByRole("button", { name: "Unmap" }).click();
    await form
      .getByRole("status")
      .filter({ hasText: `${sku} is unmapped` })
      .waitFor(WAIT);
  } else {
    await form.getByLabel(/^Map to/).fill(target);
    await form.getByRole("button", { name: "Map", exact: true }).click();
    await form
      .getByRole("status")
      .filter({ hasText: `${sku} is mapped to ${target}` })
      .waitFor(WAIT);
  }
}

const mappedTo = (page: Page, sku: string): Locator =>
  page.locator(`[data-testid="listings"] tr[data-sku="${sku}"] [data-testid="mapped-to"]`);

describe("Channels page: mapping tools", () => {
  it("imports a CSV (a bad file imports nothing), maps and unmaps by hand, edits bundles and the channel's settings", async () => {
    const { stack, amazon } = channels;
    const store = stack.sim.store;
    const counts = new Map<string, number>();
    for (const variant of store.variants.values()) if (variant.sku) counts.set(variant.sku, (counts.get(variant.sku) ?? 0) + 1);
    const usable = [...counts].filter(([sku, n]) => n === 1 && (expectedVariantQuantity(store, sku) ?? 0) >= 6).map(([sku]) => sku);
    const [viaCsv, byHand, partA, partB] = usable;
    expect(partB).toBeDefined();

    const response = await channels.api("/api/channels", {
      method: "POST",
      body: JSON.stringify({ kind: "amazon", name: "Amazon US", credentials: amazon.account }),
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    await channels.converged(amazon.url, id);

    await launched.context.addCookies([sessionCookieFor(stack.sim.demoShop, stack.app.url)]);
    const page = await launched.context.newPage();
    try {
      await page.goto(`${stack.app.url}/dashboard/channels?channel=${id}`);
      const importForm = page.getByRole("form", { name: "Import mapping CSV" });

      // A bad file: every bad line named, nothing imported.
      const before = (await channels.listingsOf(id)).map((l) => [l.sku, l.variantId, l.mapped]);
      await importForm
        .getByLabel("Mapping CSV")
        .setInputFiles(
          csvFile("bad.csv", ["channel_sku,variant_sku", `AMZ-LEGACY-0001,${viaCsv}`, "AMZ-LEGACY-0002,NO-SUCH-SKU", "NOT-A-LISTING,"]),
        );
      await importForm.getByRole("button", { name: "Import CSV" }).click();
      const errors = page.getByTestId("import-errors");
      await errors.locator('li[data-line="3"]').filter({ hasText: "no variant has SKU NO-SUCH-SKU" }).waitFor(WAIT);
      expect(await errors.locator("li").allTextContents()).toEqual([
        "Line 3: no variant has SKU NO-SUCH-SKU",
        "Line 4: channel_sku NOT-A-LISTING is not a listing of this channel",
      ]);
      expect((await channels.listingsOf(id)).map((l) => [l.sku, l.variantId, l.mapped])).toEqual(before);

      // A good file maps a legacy SKU, and Amazon follows.
      await importForm
        .getByLabel("Mapping CSV")
        .setInputFiles(csvFile("good.csv", ["channel_sku,variant_sku", `AMZ-LEGACY-0001,${viaCsv}`]));
      await importForm.getByRole("button", { name: "Import CSV" }).click();
      await importForm.getByRole("status").filter({ hasText: "Imported 1 rows: 1 changed." }).waitFor(WAIT);
      await mappedTo(page, "AMZ-LEGACY-0001")
        .filter({ hasText: variantGidOfSku(store, viaCsv!) })
        .waitFor(WAIT);
      await amazonShows("AMZ-LEGACY-0001", expectedVariantQuantity(store, viaCsv!)!);

      // By hand: map another legacy SKU by its variant's SKU, then unmap the first.
      await mapByHand(page, "AMZ-LEGACY-0002", byHand!);
      await mappedTo(page, "AMZ-LEGACY-0002")
        .filter({ hasText: variantGidOfSku(store, byHand!) })
        .waitFor(WAIT);
      await amazonShows("AMZ-LEGACY-0002", expectedVariantQuantity(store, byHand!)!);
      await mapByHand(page, "AMZ-LEGACY-0001", null);
      await mappedTo(page, "AMZ-LEGACY-0001").filter({ hasText: "unmapped" }).waitFor(WAIT);
      expect((await channels.listingsOf(id)).find((l) => l.sku === "AMZ-LEGACY-0001")).toMatchObject({ mapped: false, variantId: null });

      // The bundle editor: 2 x A + 1 x B, mapped to Amazon's BUNDLE-GIFT-SET listing.
      const editor = page.getByRole("form", { name: "Bundle editor" });
      await editor.getByLabel("Bundle SKU").fill("BUNDLE-GIFT-SET");
      await editor.getByLabel("Bundle name").fill("Gift set");
      await editor.getByLabel("Component 1 variant (SKU or GID)").fill(partA!);
      await editor.getByLabel("Component 1 units").fill("2");
      await editor.getByRole("button", { name: "Add component" }).click();
      await editor.getByLabel("Component 2 variant (SKU or GID)").fill(partB!);
      await editor.getByRole("button", { name: "Save bundle" }).click();
      await editor.getByRole("status").filter({ hasText: "Bundle BUNDLE-GIFT-SET saved." }).waitFor(WAIT);
      const bundleRow = page.locator('[data-testid="bundles"] tr[data-bundle-sku="BUNDLE-GIFT-SET"]');
      await bundleRow.waitFor(WAIT);
      expect(await bundleRow.getByTestId("bundle-version").textContent()).toBe("1");
      await mapByHand(page, "BUNDLE-GIFT-SET", "BUNDLE-GIFT-SET");
      await mappedTo(page, "BUNDLE-GIFT-SET").filter({ hasText: "bundle BUNDLE-GIFT-SET" }).waitFor(WAIT);
      const [qa, qb] = [expectedVariantQuantity(store, partA!)!, expectedVariantQuantity(store, partB!)!];
      await amazonShows("BUNDLE-GIFT-SET", Math.min(Math.floor(qa / 2), qb));

      // Edit it: 3 x A only. Version 2, and Amazon shows the new definition's quantity.
      await bundleRow.getByRole("button", { name: "Edit" }).click();
      await editor.getByLabel("Component 1 units").fill("3");
      await editor.getByTestId("bundle-component").nth(1).getByRole("button", { name: "Remove" }).click();
      await editor.getByRole("button", { name: "Save bundle" }).click();
      await editor.getByRole("status").filter({ hasText: "saved." }).waitFor(WAIT);
      await bundleRow.getByTestId("bundle-version").filter({ hasText: "2" }).waitFor(WAIT);
      await amazonShows("BUNDLE-GIFT-SET", Math.floor(qa / 3));
      const { bundles } = (await (await channels.api("/api/bundles")).json()) as { bundles: { id: string; sku: string }[] };
      const bundleId = bundles.find((b) => b.sku === "BUNDLE-GIFT-SET")!.id;
      const { history } = (await (await channels.api(`/api/bundles/${bundleId}`)).json()) as {
        history: { source: string; before: { version: number } | null; after: { version: number; components: unknown[] } }[];
      };
      expect(
        history.map((entry) => [entry.source, entry.before?.version ?? null, entry.after.version, entry.after.components.length]),
      ).toEqual([
        ["bundle", null, 1, 2],
        ["bundle", 1, 2, 1],
      ]);

      // Settings after connecting: a safety buffer of 3, and Amazon follows; then one location only.
      const card = page.locator('[data-testid="channel-card"][data-channel-kind="amazon"]');
      await card.getByText("Settings", { exact: true }).click();
      const settings = card.getByRole("form", { name: "Channel settings" });
      await settings.getByLabel("Safety buffer").fill("3");
      await settings.getByRole("button", { name: "Save settings" }).click();
      await settings.getByRole("status").filter({ hasText: "Saved." }).waitFor(WAIT);
      await amazonShows("AMZ-LEGACY-0002", Math.max(0, expectedVariantQuantity(store, byHand!)! - 3));
      const [location] = [...store.locations.values()].filter((l) => l.isActive);
      await settings.getByLabel(location!.name, { exact: true }).check();
      await settings.getByRole("button", { name: "Save settings" }).click();
      await waitFor(
        async () => {
          const { channels: list } = (await (await channels.api("/api/channels")).json()) as {
            channels: { id: string; safetyBuffer: number; locationIds: string[] }[];
          };
          const amazonChannel = list.find((c) => c.id === id)!;
          return amazonChannel.locationIds.length === 1 ? amazonChannel : undefined;
        },
        60_000,
        "the location choice to be saved",
      ).then((saved) => expect(saved).toMatchObject({ safetyBuffer: 3, locationIds: [toGid("Location", location!.id)] }));
    } catch (error) {
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, "channel-mapping-failure.png"), fullPage: true }).catch(() => undefined);
      throw error;
    } finally {
      await page.close();
    }
  }, 600_000);
});
