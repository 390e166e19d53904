/**
 * The Channels page in a real browser against the whole stack (Shopify simulator, runner, the
 * production app, the Amazon and ShipStation simulators): the merchant connects Amazon with the
 * credentials form, the status card shows the push the runner made (last push, nothing pending,
 * circuit healthy, measured rate use), the push history has it, the mapping table filters to
 * unmapped listings (as the API lists them), and Push now queues another push that the history shows finished.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startChannelStack, type ChannelStack } from "../integration/helpers/channel-stack";
import { sessionCookieFor } from "./helpers/seed";
import { launchBrowser, type LaunchedBrowser } from "./helpers/browser";

const ARTIFACTS = path.resolve(import.meta.dirname, "artifacts");
const WAIT = { timeout: 60_000 };

let channels: ChannelStack;
let launched: LaunchedBrowser;

beforeAll(async () => {
  channels = await startChannelStack({ runnerSchema: "runner_e2e_channels", appEnv: { SYNC_STRATEGY: "paginate" } });
  launched = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await launched?.close();
  await channels?.stop();
});

/** Reloads until the selector's text satisfies the predicate (the page renders on the server). */
async function reloadUntil(page: Page, selector: string, predicate: (text: string) => boolean, what: string) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const text =
      (await page
        .locator(selector)
        .first()
        .textContent()
        .catch(() => null)) ?? "";
    if (predicate(text)) return text;
    if (Date.now() > deadline) throw new Error(`${what}: still "${text}"`);
    await page.waitForTimeout(1_000);
    await page.reload();
  }
}

describe("Channels page", () => {
  it("connects Amazon with the form, shows its status card, push history and a filtered mapping table; Push now adds a push", async () => {
    const { stack, amazon } = channels;
    await launched.context.addCookies([sessionCookieFor(stack.sim.demoShop, stack.app.url)]);
    const page = await launched.context.newPage();
    try {
      await page.goto(`${stack.app.url}/dashboard/channels`);
      await page.getByTestId("channels-empty").waitFor(WAIT);

      const form = page.getByRole("form", { name: "Connect a channel" });
      await form.getByLabel("Platform").selectOption("amazon");
      await form.getByLabel("Name").fill("Amazon US");
      await form.getByLabel("Credentials (JSON)").fill(JSON.stringify(amazon.account));
      await form.getByRole("button", { name: "Connect" }).click();
      await page.getByRole("status").filter({ hasText: "Connected." }).waitFor(WAIT);

      const card = '[data-testid="channel-card"][data-channel-kind="amazon"]';
      await reloadUntil(page, `${card} [data-testid="last-push"]`, (text) => text.endsWith("UTC"), "the first push to be shown");
      await reloadUntil(page, `${card} [data-testid="pending"]`, (text) => text === "0", "nothing left pending");
      expect(await page.locator(`${card} [data-testid="circuit-state"]`).getAttribute("data-state")).toBe("closed");
      // The rate use is measured from the finished push: the run finishes its row a step after the last batch.
      await reloadUntil(
        page,
        `${card} [data-testid="rate-use"]`,
        (text) => /SKUs\/s in the last push, \d+% of 5\.00\/s/.test(text),
        "the first push's measured rate use",
      );
      await reloadUntil(
        page,
        `${card} [data-testid="push-history"] tbody tr`,
        (text) => text.includes("connected") && text.includes("completed"),
        "the connect push in the history",
      );

      // The mapping table: every listing, then only the unmapped ones (Amazon's legacy SKUs).
      const rows = () => page.locator('[data-testid="listings"] tbody tr');
      const all = await rows().count();
      expect(all).toBeGreaterThan(10);
      await page.getByRole("navigation", { name: "Filter listings" }).getByRole("link", { name: "unmapped" }).click();
      await page.waitForURL(/filter=unmapped/, WAIT);
      const unmapped = await rows().evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.sku ?? ""));
      expect(unmapped.length).toBeGreaterThan(0);
      expect(unmapped.length).toBeLessThan(all);
      // Exactly the listings the API calls unmapped (Amazon's legacy SKUs among them).
      const { channels: connected } = (await (await channels.api("/api/channels")).json()) as { channels: { id: string; kind: string }[] };
      const amazonId = connected.find((channel) => channel.kind === "amazon")!.id;
      const unmappedByApi = (await channels.listingsOf(amazonId)).filter((listing) => !listing.mapped).map((listing) => listing.sku);
      expect([...unmapped].sort()).toEqual([...unmappedByApi].sort());
      expect(unmapped.some((sku) => sku.startsWith("AMZ-LEGACY"))).toBe(true);

      // Push now: a manual push, queued, then finished by the runner.
      await page.locator(card).getByRole("button", { name: "Push now" }).click();
      await reloadUntil(
        page,
        `${card} [data-testid="push-history"] tbody tr`,
        (text) => text.includes("manual") && text.includes("completed"),
        "the manual push to finish",
      );
    } catch (error) {
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, "channels-failure.png"), fullPage: true }).catch(() => undefined);
      throw error;
    } finally {
      await page.close();
    }
  }, 300_000);
});
