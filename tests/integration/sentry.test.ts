import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeSession } from "@/lib/session";
import { startApp, TEST_APP_ENV, type RunningApp } from "./helpers/app-server";
import { startSentrySink, type SentrySink } from "./helpers/sentry-sink";

describe("error tracking", () => {
  let sink: SentrySink;
  let app: RunningApp;

  beforeAll(async () => {
    sink = await startSentrySink();
    // A database that refuses connections makes the status route fail for real.
    app = await startApp({ SENTRY_DSN: sink.dsn, DATABASE_URL: "postgresql://nobody:nothing@127.0.0.1:1/none" });
  });

  afterAll(async () => {
    await app?.stop();
    await sink?.close();
  });

  it("reports an error thrown in a route handler to Sentry, tagged with the shop", async () => {
    const cookie = `shopsync_session=${encodeSession({ shop: "sentry-check.myshopify.com", iat: Math.floor(Date.now() / 1000) }, TEST_APP_ENV.SESSION_SECRET)}`;
    const res = await fetch(`${app.url}/api/sync/status`, { headers: { cookie } });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: "internal", message: "internal error" } });
    const deadline = Date.now() + 10_000;
    while (sink.events.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const event = sink.events.find((e) => e.tags?.shop === "sentry-check.myshopify.com");
    expect(event, `events received: ${JSON.stringify(sink.events.map((e) => e.tags))}`).toBeDefined();
    expect(event!.exception?.values?.length).toBeGreaterThan(0);
  });

  it("stays silent without a DSN (nothing is initialised)", async () => {
    const quiet = await startApp({ DATABASE_URL: "postgresql://nobody:nothing@127.0.0.1:1/none" });
    try {
      const before = sink.events.length;
      const cookie = `shopsync_session=${encodeSession({ shop: "quiet.myshopify.com", iat: Math.floor(Date.now() / 1000) }, TEST_APP_ENV.SESSION_SECRET)}`;
      expect((await fetch(`${quiet.url}/api/sync/status`, { headers: { cookie } })).status).toBe(500);
      await new Promise((r) => setTimeout(r, 500));
      expect(sink.events.length).toBe(before);
    } finally {
      await quiet.stop();
    }
  });
});
