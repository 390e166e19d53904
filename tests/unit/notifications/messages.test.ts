import { describe, expect, it } from "vitest";
import { renderDigestEmail, renderNotificationEmail } from "@/lib/notifications/email-templates";
import { factLabel } from "@/lib/notifications/kinds";
import { slackDigest, slackNotification } from "@/lib/notifications/slack-message";

const facts = { reason: "Shopify answered 503 <twice>", recordsKept: 42, retryUrl: "https://app.example/syncing?shop=a.myshopify.com" };

describe("notification messages", () => {
  it("labels facts in words", () => {
    expect(factLabel("recordsKept")).toBe("Records kept");
    expect(factLabel("syncRun")).toBe("Sync run");
  });

  it("renders HTML (escaped) and text from the template, links as buttons", async () => {
    const email = await renderNotificationEmail("a.myshopify.com", "sync_failed", facts);
    expect(email.subject).toBe("[ShopSync] A sync of your store failed: a.myshopify.com");
    expect(email.html).toContain("Shopify answered 503 &lt;twice&gt;");
    expect(email.html).toContain('href="https://app.example/syncing?shop=a.myshopify.com"');
    expect(email.text).toContain("Reason: Shopify answered 503 <twice>");
    expect(email.text).toContain("Records kept: 42");
  });

  it("builds Block Kit: header, fields, a button per link", () => {
    const payload = slackNotification("a.myshopify.com", "sync_failed", facts);
    expect(payload.text).toBe("A sync of your store failed: a.myshopify.com");
    expect(payload.blocks.map((block) => block.type)).toEqual(["header", "context", "section", "actions"]);
    expect(payload.blocks[3]).toEqual({
      type: "actions",
      elements: [{ type: "button", text: { type: "plain_text", text: "Retry" }, url: facts.retryUrl }],
    });
  });

  it("lists every folded item in a digest", async () => {
    const items = [1, 2, 3].map((n) => ({ requestedAt: new Date(Date.UTC(2026, 10, 30, 1, n)), facts: { syncRun: `run_${n}` } }));
    const email = await renderDigestEmail("a.myshopify.com", "sync_failed", items);
    expect(email.subject).toContain("(3 more)");
    for (const n of [1, 2, 3]) expect(email.text).toContain(`Sync run: run_${n}`);
    const slack = slackDigest("a.myshopify.com", "sync_failed", items);
    expect(slack.blocks.filter((block) => block.type === "divider")).toHaveLength(3);
  });
});
