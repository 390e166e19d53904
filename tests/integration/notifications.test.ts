import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInngestRunner, type InngestRunner } from "../../dev/inngest-runner/index";
import type { SlackMessage, SlackSink } from "../../dev/slack-sink/server";
import { encodeSession } from "@/lib/session";
import { startApp, TEST_APP_ENV, type RunningApp } from "./helpers/app-server";
import { queryRows, testDatabaseUrl, truncateAppTables } from "./helpers/database";
import { startNotificationSinks, type NotificationSinks } from "./helpers/notification-sinks";
import { waitFor } from "./helpers/stack";

const SHOP = "notify-me.myshopify.com";
const RECIPIENT = "owner@notify-me.test";
// The four failed syncs are asked for 60 s before the test runs, 1 s apart, and the window is 120 s:
// all four fall in one window by construction (their time is when they were asked for, not how
// fast the machine processes them). Its digest is due about a minute after the test starts; a
// failure folded after that still reaches a digest of its own (asserted by content, not count).
const WINDOW_SECONDS = 120;

/** The immediate sync-failed Slack message (its Block Kit header), not a digest or another kind. */
function isSyncFailedMessage(message: SlackMessage): boolean {
  const blocks = (message.payload.blocks ?? []) as { type: string; text?: { text: string } }[];
  return blocks[0]?.type === "header" && blocks[0].text?.text === "A sync of your store failed";
}

describe("notifications", () => {
  let sinks: NotificationSinks;
  let slack: SlackSink;
  let runner: InngestRunner;
  let app: RunningApp;
  let shopId: string;

  const emails = () => sinks.emails();

  /** A real sync-shop run that fails (the shop has no token), asked for `secondsAgo` ago. */
  async function failSync(runId: string, secondsAgo: number): Promise<void> {
    await queryRows(
      `INSERT INTO "SyncRun" (id, "shopId", kind, trigger, status, resources, "createdAt", "updatedAt")
       VALUES ($1, $2, 'FULL', 'manual', 'QUEUED', '{products}', now() - make_interval(secs => $3), now())`,
      [runId, shopId, secondsAgo],
    );
    const res = await fetch(`${runner.url}/e/test-key`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: "shop/sync.requested",
        data: {
          shopId,
          shopDomain: SHOP,
          syncRunId: runId,
          kind: "FULL",
          trigger: "manual",
          resources: ["products"],
          dryRun: false,
          force: true,
        },
      }),
    });
    expect(res.status).toBe(200);
    await waitFor(
      async () =>
        (await queryRows<{ status: string }>(`SELECT status FROM "SyncRun" WHERE id = $1`, [runId]))[0]?.status === "FAILED"
          ? true
          : undefined,
      120_000,
      `sync run ${runId} to fail`,
    );
  }

  beforeAll(async () => {
    await truncateAppTables();
    shopId = "shop_notify";
    await queryRows(`INSERT INTO "Shop" (id, domain, "installedAt", "updatedAt") VALUES ($1, $2, now(), now())`, [shopId, SHOP]);
    sinks = await startNotificationSinks();
    slack = sinks.slack;
    runner = await startInngestRunner({
      port: 0,
      databaseUrl: testDatabaseUrl(),
      schema: "runner_notify",
      appUrls: [],
      log: () => undefined,
    });
    app = await startApp({
      INNGEST_DEV: runner.url,
      SMTP_URL: sinks.smtpUrl,
      NOTIFY_DEFAULT_EMAIL: RECIPIENT,
      NOTIFY_DEFAULT_SLACK_WEBHOOK_URL: `${slack.url}/services/T0/B0/test`,
      NOTIFY_THROTTLE_WINDOW_SECONDS: String(WINDOW_SECONDS),
    });
    await runner.syncApps(`${app.url}/api/inngest`);
  });

  afterAll(async () => {
    await app?.stop();
    await runner?.stop();
    await sinks?.stop();
    await truncateAppTables();
  });

  it("a failed sync's email reaches the SMTP server and Slack gets the Block Kit payload", async () => {
    await failSync("run_fail_1", 60);
    const mail = await waitFor(
      async () => (await emails()).find((e) => e.subject.includes("A sync of your store failed")),
      120_000,
      "the failure email in maildev",
    );
    expect(mail.to.map((to) => to.address)).toEqual([RECIPIENT]);
    expect(mail.subject).toContain(SHOP);
    expect(mail.html).toContain("has no access token");
    expect(mail.html).toMatch(/<a[^>]+href="http:\/\/127\.0\.0\.1:\d+\/syncing\?shop=notify-me\.myshopify\.com"/);
    expect(mail.text).toContain("Reason: notify-me.myshopify.com has no access token");

    // The shop has no token, so ShopSync also asks for a reinstall (its own kind): find the sync failure's message.
    const message = await waitFor(async () => slack.messages.find(isSyncFailedMessage), 60_000, "the Slack message");
    expect(message.path).toBe("/services/T0/B0/test");
    const blocks = message.payload.blocks as { type: string; text?: { text: string }; fields?: { text: string }[] }[];
    expect(blocks[0]).toEqual({ type: "header", text: { type: "plain_text", text: "A sync of your store failed" } });
    const fields = blocks.find((b) => b.type === "section")?.fields?.map((f) => f.text) ?? [];
    expect(fields.some((text) => text.startsWith("*Reason*\n") && text.includes("has no access token"))).toBe(true);
    expect(blocks.some((b) => b.type === "actions")).toBe(true);
  });

  it("folds the second, third and fourth failure within the hour into one digest", async () => {
    await failSync("run_fail_2", 59);
    await failSync("run_fail_3", 58);
    await failSync("run_fail_4", 57);
    const digests = await waitFor(
      async () => {
        const found = (await emails()).filter((e) => e.subject.includes("Digest"));
        return found.some((e) => e.text.includes("run_fail_4")) ? found : undefined;
      },
      240_000,
      "a digest email with the fourth failure",
    );
    const digested = digests.map((e) => e.text).join("\n");
    for (const run of ["run_fail_2", "run_fail_3", "run_fail_4"]) expect(digested).toContain(run);
    expect(digested).not.toContain("run_fail_1");
    // Only one immediate failure email: the other three were folded, not sent.
    const immediate = (await emails()).filter((e) => e.subject.includes("A sync of your store failed") && !e.subject.includes("Digest"));
    expect(immediate).toHaveLength(1);
    expect(immediate[0]!.text).toContain("run_fail_1");
    // The digest is marked after it is delivered (a later step): wait for that, then compare.
    const rows = await waitFor(
      async () => {
        const found = await queryRows<{ status: string; n: string }>(
          `SELECT status::text AS status, count(*)::text AS n FROM "Notification" WHERE "shopId" = $1 AND kind = 'sync_failed' GROUP BY 1 ORDER BY 1`,
          [shopId],
        );
        return found.some((row) => row.status === "FOLDED") ? undefined : found;
      },
      60_000,
      "the folded notifications to be marked as digested",
    );
    expect(rows).toEqual([
      { status: "DIGESTED", n: "3" },
      { status: "SENT", n: "1" },
    ]);
    const slackDigests = await waitFor(
      async () => {
        const found = slack.messages.filter((m) => m.payload.text?.startsWith("Digest:"));
        return JSON.stringify(found).includes("run_fail_4") ? found : undefined;
      },
      60_000,
      "the Slack digest",
    );
    expect(JSON.stringify(slackDigests)).toContain("run_fail_2");
    expect(slack.messages.filter(isSyncFailedMessage)).toHaveLength(1);
  });

  it("saves the shop's own settings and sends a test to them", async () => {
    const cookie = `shopsync_session=${encodeSession({ shop: SHOP, iat: Math.floor(Date.now() / 1000) }, TEST_APP_ENV.SESSION_SECRET)}`;
    const put = (body: unknown) =>
      fetch(`${app.url}/api/notifications/settings`, {
        method: "PUT",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const refused = await put({ emailRecipients: ["not an address"], slackWebhookUrl: null, kinds: [] });
    expect(refused.status).toBe(400);
    const settings = { emailRecipients: ["team@notify-me.test"], slackWebhookUrl: `${slack.url}/services/custom`, kinds: ["sync_failed"] };
    expect((await put(settings)).status).toBe(200);
    const read = await fetch(`${app.url}/api/notifications/settings`, { headers: { cookie } });
    expect(await read.json()).toEqual(settings);
    expect((await fetch(`${app.url}/api/notifications/test`, { method: "POST" })).status).toBe(401);
    // State-changing routes refuse another origin even with the merchant's cookie.
    const crossOrigin = { cookie, origin: "https://evil.example.com", "content-type": "application/json" };
    expect((await fetch(`${app.url}/api/notifications/test`, { method: "POST", headers: crossOrigin })).status).toBe(403);
    const crossPut = await fetch(`${app.url}/api/notifications/settings`, {
      method: "PUT",
      headers: crossOrigin,
      body: JSON.stringify(settings),
    });
    expect(crossPut.status).toBe(403);

    expect((await fetch(`${app.url}/api/notifications/test`, { method: "POST", headers: { cookie } })).status).toBe(202);
    const mail = await waitFor(
      async () => (await emails()).find((e) => e.subject.includes("Test notification")),
      120_000,
      "the test email",
    );
    expect(mail.to.map((to) => to.address)).toEqual(["team@notify-me.test"]);
    const message = await waitFor(async () => slack.messages.find((m) => m.path === "/services/custom"), 60_000, "the test Slack message");
    expect(message.payload.text).toContain("Test notification from ShopSync");
  });
});
