import { startShopifySim, type ShopifySimHandle, type ShopifySimOptions } from "../../../dev/shopify-sim/index.ts";

/** A tiny store on a free port with compressed time; `now` pinned so the data never shifts. */
export async function startTinySim(options: ShopifySimOptions = {}): Promise<ShopifySimHandle> {
  return startShopifySim({
    port: 0,
    size: "tiny",
    seed: 7,
    bulkObjectsPerSecond: Infinity,
    bulkStartDelayMs: 0,
    webhookRetryScale: 0.0001,
    now: new Date("2026-11-01T00:00:00Z"),
    ...options,
  });
}

export interface GraphQLResponse {
  status: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Record<string, unknown>; path?: unknown[] }[];
    extensions?: {
      cost: {
        requestedQueryCost: number;
        actualQueryCost: number | null;
        throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
      };
    };
  };
}

/** Like the app: Node's fetch drops Host, so the shop travels in X-Forwarded-Host. */
export async function gql(
  sim: ShopifySimHandle,
  query: string,
  variables: Record<string, unknown> = {},
  token = sim.demoAccessToken,
): Promise<GraphQLResponse> {
  const response = await fetch(`${sim.url}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Forwarded-Host": sim.demoShop, "X-Shopify-Access-Token": token },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse["body"] };
}

export async function control(
  sim: ShopifySimHandle,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${sim.url}/__sim${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor<T>(fn: () => T | Promise<T>, { timeoutMs = 10_000, intervalMs = 20 } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error("waitFor timed out");
    await sleep(intervalMs);
  }
}
