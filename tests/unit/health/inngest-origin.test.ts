import { describe, expect, it } from "vitest";
import { inngestOrigin } from "@/lib/health/inngest-origin";

describe("inngestOrigin", () => {
  it("follows the variables the SDK reads, in its order", () => {
    expect(inngestOrigin({ INNGEST_BASE_URL: "http://inngest.internal:9000/api", INNGEST_DEV: "1" })).toBe("http://inngest.internal:9000");
    expect(inngestOrigin({ INNGEST_BASE_URL: undefined, INNGEST_DEV: "http://127.0.0.1:8298" })).toBe("http://127.0.0.1:8298");
    expect(inngestOrigin({ INNGEST_BASE_URL: undefined, INNGEST_DEV: "1" })).toBe("http://localhost:8288");
    expect(inngestOrigin({ INNGEST_BASE_URL: undefined, INNGEST_DEV: "0" })).toBe("https://inn.gs");
    expect(inngestOrigin({ INNGEST_BASE_URL: undefined, INNGEST_DEV: undefined })).toBe("https://inn.gs");
  });
});
