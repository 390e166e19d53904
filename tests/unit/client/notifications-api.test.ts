import { describe, expect, it } from "vitest";
import { saveNotificationSettings, sendTestNotification } from "@/lib/client/notifications-api";

const answer = (status: number, body: unknown) =>
  (async () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })) as typeof fetch;

describe("notification settings client", () => {
  it("PUTs the settings as JSON", async () => {
    const calls: [string, RequestInit | undefined][] = [];
    const fetchImpl = (async (url: string, init?: RequestInit) => {
      calls.push([url, init]);
      return new Response(JSON.stringify({ ok: true }), { status: 200 });
    }) as typeof fetch;
    const body = { emailRecipients: ["a@example.com"], slackWebhookUrl: null, kinds: ["sync_failed"] };
    expect(await saveNotificationSettings(body, fetchImpl)).toEqual({ ok: true });
    expect(calls[0]![0]).toBe("/api/notifications/settings");
    expect(calls[0]![1]?.method).toBe("PUT");
    expect(JSON.parse(String(calls[0]![1]?.body))).toEqual(body);
  });

  it("shows field problems first, then the API's message, then the status", async () => {
    const issues = { error: { message: "invalid", issues: [{ path: "emailRecipients.0", message: "not an email" }] } };
    expect(await saveNotificationSettings({ emailRecipients: ["x"], slackWebhookUrl: null, kinds: [] }, answer(400, issues))).toEqual({
      ok: false,
      message: "emailRecipients.0: not an email",
    });
    expect(await sendTestNotification(answer(409, { error: { message: "no destination set" } }))).toEqual({
      ok: false,
      message: "no destination set",
    });
    expect(await sendTestNotification((async () => new Response("oops", { status: 502 })) as typeof fetch)).toEqual({
      ok: false,
      message: "ShopSync answered 502",
    });
  });
});
