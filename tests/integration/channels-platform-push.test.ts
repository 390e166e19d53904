/**
 * platform_push as a stage of sync-shop, over the whole stack (Shopify simulator, runner, the
 * production app, both channel simulators): the install sync has the stage (nothing connected:
 * completed at once); with both channels connected, a level that changed in the synced copy is
 * shown by `npm run sync -- --data-type platform_push --dry-run` per channel from and to, with the
 * channels' ground truth untouched; the same command without --dry-run pushes it to both channels
 * (one push-channel run each) and the syncing page's status shows the stage's real counts per channel.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedVariantQuantity } from "./helpers/channel-fixtures";
import { simInventory, startChannelStack, type ChannelStack } from "./helpers/channel-stack";
import { queryRows } from "./helpers/database";
import { runCli } from "./helpers/sync-cli";

let channels: ChannelStack;

interface StageStatus {
  resource: string;
  status: string;
  label?: string;
  total: number | null;
  processed: number;
  channels?: { name: string; kind: string; status: string; accepted: number; rejected: number; pending: number | null }[];
}

const stagesNow = async () => ((await (await channels.api("/api/sync/status")).json()) as { stages: StageStatus[] }).stages;

beforeAll(async () => {
  channels = await startChannelStack({ runnerSchema: "runner_platform_push", appEnv: { SYNC_STRATEGY: "paginate" } });
}, 300_000);

afterAll(async () => {
  await channels?.stop();
});

describe("platform_push stage", () => {
  it("is the install sync's last stage, completed at once with no channel connected", async () => {
    const stages = await stagesNow();
    expect(stages.map((stage) => stage.resource)).toEqual(["products", "orders", "customers", "inventory", "platform_push"]);
    expect(stages.at(-1)).toMatchObject({ resource: "platform_push", label: "Platform push", status: "COMPLETED", total: 0, channels: [] });
  });

  it("dry run prints per channel the SKUs that would change, from and to, and sends nothing; the real run pushes them, counted per channel", async () => {
    const { stack, amazon, shipStation, listingsOf } = channels;
    const channelIds = await channels.connectBoth();
    await channels.converged(amazon.url, channelIds.amazon);
    await channels.converged(shipStation.url, channelIds.shipstation);

    // A level that changed in the synced copy (as a sync that read it would leave it), no webhook.
    const onAmazon = new Set(
      (await listingsOf(channelIds.amazon)).filter((l) => l.mapped && !l.fba && l.desired !== null).map((l) => l.sku),
    );
    const sku = (await listingsOf(channelIds.shipstation)).find(
      (l) => l.mapped && l.variantId && l.desired !== null && onAmazon.has(l.sku),
    )!.sku;
    const variant = [...stack.sim.store.variants.values()].find((v) => v.sku === sku)!;
    const before = { amazon: (await simInventory(amazon.url))[sku], shipStation: (await simInventory(shipStation.url))[sku] };
    expect(before.amazon).toBe(expectedVariantQuantity(stack.sim.store, sku));
    await queryRows(`UPDATE "InventoryLevel" SET available = 0 WHERE "inventoryItemId" = $1`, [
      `gid://shopify/InventoryItem/${variant.inventoryItemId}`,
    ]);
    await queryRows(
      `UPDATE "InventoryLevel" SET available = 777 WHERE "shopifyId" = (
         SELECT l."shopifyId" FROM "InventoryLevel" l JOIN "Location" loc ON loc."shopId" = l."shopId" AND loc."shopifyId" = l."locationId"
         WHERE l."inventoryItemId" = $1 AND loc."isActive" LIMIT 1)`,
      [`gid://shopify/InventoryItem/${variant.inventoryItemId}`],
    );
    const truthBefore = { amazon: await simInventory(amazon.url), shipStation: await simInventory(shipStation.url) };
    const requestsBefore = { amazon: amazon.state.counters.requests, shipStation: shipStation.state.counters.requests };

    const dry = await runCli(stack, ["--shop", stack.sim.demoShop, "--data-type", "platform_push", "--dry-run"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/Amazon US \(amazon\): 1 SKUs would change/);
    expect(dry.stdout).toMatch(/ShipStation \(shipstation\): 1 SKUs would change/);
    const changeLines = dry.stdout.split("\n").filter((line) => line.trim().startsWith(`${sku} `));
    expect(changeLines.map((line) => line.trim().replace(/\s+/g, " "))).toEqual([
      `${sku} ${before.amazon} -> 777`,
      `${sku} ${before.shipStation} -> 777`,
    ]);
    expect(dry.stdout).toContain("Nothing was sent to any channel.");
    // The channels' ground truth is what it was, and nothing reached either simulator.
    expect(await simInventory(amazon.url)).toEqual(truthBefore.amazon);
    expect(await simInventory(shipStation.url)).toEqual(truthBefore.shipStation);
    expect({ amazon: amazon.state.counters.requests, shipStation: shipStation.state.counters.requests }).toEqual(requestsBefore);

    const real = await runCli(stack, ["--shop", stack.sim.demoShop, "--data-type", "platform_push"], 180_000);
    expect(real.code, real.stderr).toBe(0);
    expect((await simInventory(amazon.url))[sku]).toBe(777);
    expect((await simInventory(shipStation.url))[sku]).toBe(777);
    const push = (await stagesNow()).find((stage) => stage.resource === "platform_push")!;
    expect(push).toMatchObject({ status: "COMPLETED", total: 2, processed: 2 });
    expect(
      push.channels!.map(({ name, kind, status, accepted, rejected, pending }) => ({ name, kind, status, accepted, rejected, pending })),
    ).toEqual([
      { name: "Amazon US", kind: "amazon", status: "completed", accepted: 1, rejected: 0, pending: 1 },
      { name: "ShipStation", kind: "shipstation", status: "completed", accepted: 1, rejected: 0, pending: 1 },
    ]);
  }, 400_000);
});
