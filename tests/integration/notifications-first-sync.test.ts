import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, truncateAppTables } from "./helpers/database";
import { startNotificationSinks, type NotificationSinks } from "./helpers/notification-sinks";
import { startStack, waitFor, type Stack } from "./helpers/stack";
import { installAndSync } from "./helpers/webhooks";

const RECIPIENT = "owner@first-sync.test";

describe("notification: your store is ready", () => {
  let sinks: NotificationSinks;
  let stack: Stack;

  beforeAll(async () => {
    await truncateAppTables();
    sinks = await startNotificationSinks();
    stack = await startStack({
      runnerSchema: "runner_first_sync_notify",
      appEnv: {
        SMTP_URL: sinks.smtpUrl,
        NOTIFY_DEFAULT_EMAIL: RECIPIENT,
        NOTIFY_DEFAULT_SLACK_WEBHOOK_URL: `${sinks.slack.url}/services/ready`,
      },
    });
  });

  afterAll(async () => {
    await stack?.stop();
    await sinks?.stop();
    await truncateAppTables();
  });

  it("is sent once, after the first full sync, with the counts copied", async () => {
    const shop = stack.sim.demoShop;
    const { jar } = await installAndSync(stack, shop);
    const mail = await waitFor(
      async () => (await sinks.emails()).find((e) => e.subject.includes("Your store is ready")),
      120_000,
      "the store-ready email",
    );
    expect(mail.to.map((to) => to.address)).toEqual([RECIPIENT]);
    const [products] = await queryRows<{ n: number }>(
      `SELECT st.processed AS n FROM "SyncStage" st JOIN "SyncRun" r ON r.id = st."syncRunId"
       WHERE st.resource = 'products' AND r.status = 'COMPLETED' ORDER BY r."createdAt" LIMIT 1`,
    );
    expect(products!.n).toBeGreaterThan(0);
    expect(mail.text).toContain(`Products: ${products!.n}`);
    const slack = await waitFor(async () => sinks.slack.messages.find((m) => m.path === "/services/ready"), 60_000, "the Slack message");
    expect(slack.payload.text).toContain("Your store is ready");

    // A second full sync finishes: the notifier runs for it too, and sends nothing.
    const res = await fetch(`${stack.app.url}/api/sync`, {
      method: "POST",
      headers: { cookie: jar.header(stack.app.url), "content-type": "application/json" },
      body: JSON.stringify({ full: true }),
    });
    expect(res.status).toBe(202);
    await waitFor(
      async () => {
        const runs = await fetch(`${stack.runner.url}/v1/runs?function_id=shopsync-notify-first-sync-finished&status=completed`);
        const { data } = (await runs.json()) as { data: unknown[] };
        return data.length >= 2 ? true : undefined;
      },
      180_000,
      "the notifier to run for the second sync",
    );
    expect((await sinks.emails()).filter((e) => e.subject.includes("Your store is ready"))).toHaveLength(1);
  }, 420_000);
});
