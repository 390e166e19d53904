/**
 * The operator console at /admin against the whole stack: the operator's credentials come from
 * ADMIN_EMAIL / ADMIN_PASSWORD (here an scrypt hash), a merchant's session never opens it (nor does
 * its value in the operator's cookie), a wrong password is refused and repeated failures are rate
 * limited, and the actions work: pause (honoured by the merchant's sync button), resume, resync,
 * and the shop's runs. Per shop it shows webhook delivery latency (p50/p95) and the newest run's
 * retried requests, which are persisted on the run as they happen.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashAdminPassword } from "../../src/lib/admin/admin-auth";
import { queryRows, truncateAppTables } from "./helpers/database";
import { BROWSER_UA, CookieJar, startStack, waitFor, type Stack } from "./helpers/stack";
import { installAndSync, postWebhook, restProduct } from "./helpers/webhooks";

/** The cells of the console's row of a shop, as text: shop, status, last sync, lag, failure rate, dead letters, webhook latency, webhook errors, last run throttled / retries, health, actions. */
function shopCells(html: string, shop: string): string[] {
  const row = new RegExp(`<tr[^>]*data-shop="${shop.replace(/\./g, "\\.")}"[^>]*>([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? "";
  return [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => cell[1]!.replace(/<[^>]+>/g, "").trim());
}

const OPERATOR = { email: "ops@shopsync.example", password: "correct horse battery staple" };

describe("operator console", { timeout: 300_000 }, () => {
  let stack: Stack;
  let shopId: string;
  const merchant = new CookieJar();
  let operatorCookie: string;

  const post = (path: string, options: { cookie?: string; body?: unknown; address?: string } = {}) =>
    fetch(`${stack.app.url}${path}`, {
      method: "POST",
      headers: {
        origin: stack.app.url,
        "content-type": "application/json",
        "user-agent": BROWSER_UA,
        ...(options.cookie ? { cookie: options.cookie } : {}),
        ...(options.address ? { "x-forwarded-for": options.address } : {}),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  const page = async (path: string, cookie: string) =>
    (await fetch(`${stack.app.url}${path}`, { headers: { cookie, "user-agent": BROWSER_UA } })).text();
  const merchantCookie = () => merchant.header(stack.app.url);

  beforeAll(async () => {
    await truncateAppTables();
    stack = await startStack({
      runnerSchema: "runner_admin_console",
      appEnv: { ADMIN_EMAIL: OPERATOR.email, ADMIN_PASSWORD: hashAdminPassword(OPERATOR.password) },
    });
    ({ shopId } = await installAndSync(stack, stack.sim.demoShop, merchant));
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("refuses a merchant's session: the page shows only the sign-in, the actions answer 401", async () => {
    expect(merchantCookie()).toContain("shopsync_session=");
    const html = await page("/admin", merchantCookie());
    expect(html).toContain('data-testid="admin-sign-in"');
    expect(html).not.toContain('data-testid="admin-console"');
    expect(html).not.toContain(stack.sim.demoShop);
    expect((await post(`/api/admin/shops/${shopId}/pause`, { cookie: merchantCookie() })).status).toBe(401);
    // the merchant's signed value in the operator's cookie is not an operator's session either
    const merchantValue = merchant.get(stack.app.url, "shopsync_session")!;
    expect((await post(`/api/admin/shops/${shopId}/pause`, { cookie: `shopsync_admin=${merchantValue}` })).status).toBe(401);
    expect(await page("/admin", `shopsync_admin=${merchantValue}`)).not.toContain('data-testid="admin-console"');
    expect(await queryRows(`SELECT "syncsPausedAt" FROM "Shop"`)).toEqual([{ syncsPausedAt: null }]);
  });

  it("refuses a wrong password, and limits repeated failures per address", async () => {
    const wrong = await post("/api/admin/session", {
      body: { email: OPERATOR.email, password: "not the password" },
      address: "203.0.113.7",
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();
    const wrongEmail = await post("/api/admin/session", {
      body: { email: "admin@shopsync.local", password: "shopsync-dev-admin" },
      address: "203.0.113.8",
    });
    expect(wrongEmail.status).toBe(401); // the development operator does not exist in production

    for (let attempt = 2; attempt <= 5; attempt++) {
      const res = await post("/api/admin/session", {
        body: { email: OPERATOR.email, password: `guess ${attempt}` },
        address: "203.0.113.7",
      });
      expect(res.status).toBe(401);
    }
    const limited = await post("/api/admin/session", { body: OPERATOR, address: "203.0.113.7" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.headers.get("set-cookie")).toBeNull();
  });

  it("signs the operator in with its own cookie and lists every shop with its figures", async () => {
    const res = await post("/api/admin/session", { body: OPERATOR, address: "198.51.100.4" });
    expect(res.status).toBe(204);
    const setCookie = res.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^shopsync_admin=[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
    operatorCookie = setCookie.split(";")[0]!;
    const html = await page("/admin", operatorCookie);
    expect(html).toContain('data-testid="admin-console"');
    expect(html).toMatch(new RegExp(`data-shop="${stack.sim.demoShop}" data-health="(ok|warning|critical)" data-paused="false"`));
    const cells = shopCells(html, stack.sim.demoShop);
    expect(cells[4]).toBe("0% of 1"); // the week's runs: the install sync, which completed
    expect(cells[5]).toBe("0"); // dead letters
    expect(cells[6]).toBe("no webhooks");

    // one webhook delivered and processed: its latency (Shopify's triggered-at to processed) is shown
    const delivered = await postWebhook(stack.app.url, {
      topic: "products/update",
      shop: stack.sim.demoShop,
      body: restProduct(987_654_321, { title: "Console webhook", updatedAt: new Date().toISOString() }),
      triggeredAt: new Date().toISOString(),
    });
    expect(delivered.status).toBe(200);
    await waitFor(
      async () =>
        (await queryRows(`SELECT 1 FROM "WebhookLog" WHERE "eventId" = $1 AND status = 'PROCESSED'`, [delivered.eventId])).length
          ? true
          : undefined,
      60_000,
      "the webhook processed",
    );
    const after = shopCells(await page("/admin", operatorCookie), stack.sim.demoShop);
    expect(after[6]).toMatch(/^p50 \d+\.\d s \/ p95 \d+\.\d s$/);
    expect(after[7]).toBe("0% of 1"); // the day's webhooks: one, processed
  });

  it("pauses a shop's syncs (the merchant's sync is refused), resumes them, resyncs and opens its runs", async () => {
    const paused = await post(`/api/admin/shops/${shopId}/pause`, { cookie: operatorCookie });
    expect(paused.status).toBe(200);
    expect(await page("/admin", operatorCookie)).toContain('data-paused="true"');
    const merchantSync = await post("/api/sync", { cookie: merchantCookie(), body: {} });
    expect(merchantSync.status).toBe(409);
    expect(((await merchantSync.json()) as { error: { message: string } }).error.message).toMatch(/paused/);
    expect((await post(`/api/admin/shops/${shopId}/resync`, { cookie: operatorCookie })).status).toBe(409);

    expect((await post(`/api/admin/shops/${shopId}/resume`, { cookie: operatorCookie })).status).toBe(200);
    expect(await queryRows(`SELECT "syncsPausedAt" FROM "Shop"`)).toEqual([{ syncsPausedAt: null }]);
    // Shopify fails every request until the run has recorded a retry: retries are persisted as they happen
    stack.sim.control.setFaults(stack.sim.demoShop, { errorRate: 1 });
    const resync = await post(`/api/admin/shops/${shopId}/resync`, { cookie: operatorCookie });
    expect(resync.status).toBe(200);
    const { runId, started } = (await resync.json()) as { runId: string; started: boolean };
    expect(started).toBe(true);
    await waitFor(
      async () => {
        const [row] = await queryRows<{ retries: number }>(`SELECT "requestRetries" AS retries FROM "SyncRun" WHERE id = $1`, [runId]);
        return row && row.retries > 0 ? true : undefined;
      },
      120_000,
      "a retried request counted on the run",
    );
    stack.sim.control.setFaults(stack.sim.demoShop, { errorRate: 0 });
    const run = await waitFor(
      async () => {
        const [row] = await queryRows<{ status: string; kind: string; retries: number }>(
          `SELECT status::text, kind::text, "requestRetries" AS retries FROM "SyncRun" WHERE id = $1`,
          [runId],
        );
        return row && ["COMPLETED", "FAILED"].includes(row.status) ? row : undefined;
      },
      120_000,
      "the operator's resync",
    );
    expect(run).toMatchObject({ status: "COMPLETED", kind: "FULL" });
    expect(run.retries).toBeGreaterThan(0);
    expect(shopCells(await page("/admin", operatorCookie), stack.sim.demoShop)[8]).toBe(`0 / ${run.retries}`); // throttled / retries

    // the charts: the merchant's syncs over 30 days (the install and the resync), and the console's across shops
    // (server-rendered as recharts' wrapper with the points; the SVG is drawn in the browser)
    const dashboard = await page("/dashboard", merchantCookie());
    expect(dashboard).toMatch(/data-testid="sync-trend-chart" data-points="2"/);
    expect(dashboard).toContain("recharts-wrapper");
    const consoleHtml = await page("/admin", operatorCookie);
    expect(consoleHtml).toMatch(/data-testid="admin-shops-chart" data-points="1"/);
    expect(consoleHtml).toContain("recharts-wrapper");

    const runs = await page(`/admin/shops/${shopId}`, operatorCookie);
    expect(runs).toContain(runId);
    expect(runs.match(/data-testid="admin-run"/g)).toHaveLength(2);
    expect(await page(`/admin/shops/${shopId}`, merchantCookie())).not.toContain(runId);

    expect((await post(`/api/admin/shops/${shopId}/explode`, { cookie: operatorCookie })).status).toBe(404);
  });
});
