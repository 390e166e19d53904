import { describe, expect, it } from "vitest";
import { describeNextRetry, describePayload, formatPayload, toDeadLetterView } from "@/lib/dead-letters/dead-letter-view";

const now = new Date("2026-01-01T12:00:00Z");
const item = {
  id: "dl1",
  entityType: "ProductVariant",
  shopifyId: "gid://shopify/ProductVariant/7",
  payloadPreview: '{"id":"gid://shopify/ProductVariant/7"}',
  payloadLength: 39,
  errorMessage: "invalid ProductVariant: price: must be a decimal amount",
  retryCount: 2,
  maxRetries: 5,
  nextRetryAt: new Date("2026-01-01T12:04:00Z"),
  resolvedAt: null,
  resolution: null,
  createdAt: new Date("2026-01-01T11:30:00Z"),
};

describe("dead-letter view", () => {
  it("pretty-prints JSON payloads and keeps anything else as stored", () => {
    expect(formatPayload('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(formatPayload("not { json")).toBe("not { json");
  });

  it("shows the start of a payload too long to load whole, and says how long it is", () => {
    expect(describePayload({ payloadPreview: '{"body_html":"xxxx', payloadLength: 1_048_600 })).toBe(
      '{"body_html":"xxxx\n… (the first 18 of 1,048,600 characters)',
    );
  });

  it("says when the next retry is due", () => {
    expect(describeNextRetry(item, now)).toBe("in 4 min 00 s");
    expect(describeNextRetry({ ...item, nextRetryAt: new Date("2026-01-01T11:59:00Z") }, now)).toBe("due now");
    expect(describeNextRetry({ ...item, resolvedAt: now }, now)).toBe("—");
  });

  it("shapes a waiting row, and settled rows without actions", () => {
    expect(toDeadLetterView(item, now)).toMatchObject({
      state: "waiting",
      retries: "2 of 5",
      createdAgo: "30 minutes ago",
      isActionable: true,
      payload: '{\n  "id": "gid://shopify/ProductVariant/7"\n}',
    });
    expect(toDeadLetterView({ ...item, resolution: "ABANDONED", resolvedAt: now }, now)).toMatchObject({
      state: "abandoned",
      isActionable: true,
      nextRetry: "—",
    });
    expect(toDeadLetterView({ ...item, resolution: "RETRIED", resolvedAt: now }, now)).toMatchObject({
      state: "retried",
      isActionable: false,
    });
    expect(toDeadLetterView({ ...item, resolution: "RESOLVED_MANUALLY", resolvedAt: now }, now)).toMatchObject({
      state: "resolved",
      isActionable: false,
    });
  });
});
