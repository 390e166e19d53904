import { randomUUID } from "node:crypto";
import { startAmazonSim, type AmazonSimHandle, type AmazonSimOptions } from "../../../dev/amazon-sim/index.ts";
import { startShipStationSim, type ShipStationSimHandle, type ShipStationSimOptions } from "../../../dev/shipstation-sim/index.ts";
import { AmazonConnector } from "../../../src/lib/channels/amazon/amazon-connector";
import type { AmazonCredentials } from "../../../src/lib/channels/amazon/credentials";
import { ShipStationConnector } from "../../../src/lib/channels/shipstation/shipstation-connector";

export const startTinyAmazon = (options: AmazonSimOptions = {}): Promise<AmazonSimHandle> =>
  startAmazonSim({ port: 0, size: "tiny", seed: 7, share: 1, applyDelayMs: 20, feedQueueMs: 20, feedProcessMs: 20, ...options });

export const startTinyShipStation = (options: ShipStationSimOptions = {}): Promise<ShipStationSimHandle> =>
  startShipStationSim({ port: 0, size: "tiny", seed: 7, share: 1, ...options });

export function amazonConnector(sim: AmazonSimHandle, credentials: Partial<AmazonCredentials> = {}): AmazonConnector {
  return new AmazonConnector({
    connectionKey: randomUUID(),
    credentials: { ...sim.account, ...credentials },
    spApiOrigin: sim.url,
    lwaOrigin: sim.url,
    timeoutMs: 5_000,
  });
}

export function shipStationConnector(sim: ShipStationSimHandle, apiKey: string = sim.account.apiKey): ShipStationConnector {
  return new ShipStationConnector({ connectionKey: randomUUID(), credentials: { apiKey }, origin: sim.url, timeoutMs: 5_000 });
}

export async function simJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, headers: { "content-type": "application/json", ...init.headers } });
  return (await response.json()) as T;
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs` (a bound, never a pass condition). */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
