/**
 * The app's logs over a real sync: a merchant installs through OAuth, the sync runs through the
 * runner with retries (Shopify answers 503 to every request until the app has logged a retry and a
 * token refresh), dead letters and expiring tokens that must be refreshed, at LOG_LEVEL=debug
 * (Shopify's library logs its requests at that level). Everything the app process printed is then
 * read back: the run's decisions can be followed in order, every line about the run says which
 * shop and sync run it belongs to, and no token or secret appears anywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyncStatusDto } from "@/lib/sync/sync-status";
import { TEST_APP_ENV } from "./helpers/app-server";
import { queryRows, truncateAppTables } from "./helpers/database";
import { browse, BROWSER_UA, CookieJar, startStack, waitFor, type Stack } from "./helpers/stack";

interface LogLine {
  level: string;
  msg: string;
  shop?: string;
  syncRun?: string;
  stage?: string;
  [key: string]: unknown;
}

function jsonLines(output: string): LogLine[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as LogLine];
      } catch {
        return [];
      }
    });
}

describe("logs of a sync", { timeout: 240_000 }, () => {
  let stack: Stack;
  const domain = `logs-${process.pid}.myshopify.com`;
  let final: SyncStatusDto;

  beforeAll(async () => {
    await truncateAppTables();
    stack = await startStack({
      runnerSchema: "runner_logs",
      sim: { tokenLifetimeSeconds: 6 },
      appEnv: { LOG_LEVEL: "debug", SYNC_STRATEGY: "bulk", SHOPIFY_TOKEN_REFRESH_MARGIN_SECONDS: "2" },
    });
    stack.sim.control.addShop(domain, { size: "tiny", seed: 7 });
    stack.sim.control.setFaults(domain, { malformedRate: 0.2 });
    const jar = new CookieJar();
    const hops = await browse(`${stack.app.url}/api/auth/shopify/install?shop=${domain}`, jar);
    expect(hops.at(-1)!.url).toMatch(/\/syncing$/);
    // An outage until the app has retried and refreshed its expiring token (6 s lifetime), then none.
    stack.sim.control.setFaults(domain, { errorRate: 1, errorStatus: 503 });
    await waitFor(
      async () => {
        const messages = jsonLines(stack.app.output()).map((line) => line.msg);
        return messages.some((msg) => /retrying/.test(msg)) && messages.includes("access token refreshed") ? true : undefined;
      },
      120_000,
      "a retry and a token refresh in the app's log",
    );
    stack.sim.control.setFaults(domain, { errorRate: 0 });
    final = await waitFor(
      async () => {
        const res = await fetch(`${stack.app.url}/api/sync/status`, {
          headers: { cookie: jar.header(stack.app.url), "user-agent": BROWSER_UA },
        });
        const status = (await res.json()) as SyncStatusDto;
        return status.status === "COMPLETED" || status.status === "FAILED" ? status : undefined;
      },
      180_000,
      `the sync of ${domain}`,
    );
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("contains no access token, refresh token, API secret, encryption key or session secret", async () => {
    expect(final.status, final.error ?? "").toBe("COMPLETED");
    const tokens = stack.sim.control.oauth.issuedTokens(domain);
    // the sync outlived its first token: several access and refresh tokens were issued
    expect(tokens.filter((token) => token.startsWith("shpat_")).length).toBeGreaterThan(1);
    expect(tokens.filter((token) => token.startsWith("shprt_")).length).toBeGreaterThan(1);
    const encryptionKeys = TEST_APP_ENV.ENCRYPTION_KEYS.split(",").map((entry) => entry.split(":")[1]!);
    const secrets = [...tokens, TEST_APP_ENV.SHOPIFY_API_SECRET, TEST_APP_ENV.SESSION_SECRET, ...encryptionKeys];

    const output = stack.app.output();
    expect(jsonLines(output).length).toBeGreaterThan(20);
    for (const secret of secrets) expect(output.includes(secret), `log output contains ${secret.slice(0, 8)}...`).toBe(false);
  });

  it("tells the sync run's decisions in order, each line with its shop and sync run", async () => {
    const [run] = await queryRows<{ id: string }>(
      `SELECT r.id FROM "SyncRun" r JOIN "Shop" s ON s.id = r."shopId" WHERE s.domain = $1 ORDER BY r."createdAt" DESC LIMIT 1`,
      [domain],
    );
    const lines = jsonLines(stack.app.output()).filter((line) => line.syncRun === run!.id);
    for (const line of lines) expect(line.shop).toBe(domain);
    const messages = lines.map((line) => `${line.msg}${line.stage ? ` ${line.stage}` : ""}`);
    const first = (message: string) => {
      const index = messages.indexOf(message);
      expect(index, `"${message}" in\n${messages.join("\n")}`).toBeGreaterThanOrEqual(0);
      return index;
    };
    expect(first("sync run started")).toBeLessThan(first("stage planned products"));
    expect(first("stage planned products")).toBeLessThan(first("bulk export started products"));
    expect(first("bulk export started products")).toBeLessThan(first("stage started products"));
    expect(first("stage started products")).toBeLessThan(first("bulk chunk ingested products"));
    expect(first("bulk chunk ingested products")).toBeLessThan(first("stage finished products"));
    expect(first("stage finished products")).toBeLessThan(first("stage finished orders"));
    expect(first("stage finished inventory")).toBeLessThan(first("sync run completed"));
    expect(messages).toContain("bulk export polled");
    // the faults: retried 503s, refreshed tokens, dead letters, all on the record
    expect(lines.some((line) => /retrying/.test(line.msg))).toBe(true);
    expect(lines.some((line) => line.msg === "access token refreshed")).toBe(true);
    expect(lines.some((line) => line.msg === "dead letter written" && line.level === "warn")).toBe(true);
  });
});
