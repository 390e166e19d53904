import { describe, expect, it } from "vitest";
import { formatRelativeTime } from "@/lib/format/relative-time";

const now = new Date("2026-11-23T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);

describe("formatRelativeTime", () => {
  it("says never for no date", () => {
    expect(formatRelativeTime(null, now)).toBe("never");
    expect(formatRelativeTime(undefined, now)).toBe("never");
  });

  it("rounds down within each unit and pluralises", () => {
    expect(formatRelativeTime(ago(0), now)).toBe("just now");
    expect(formatRelativeTime(ago(59_999), now)).toBe("just now");
    expect(formatRelativeTime(ago(60_000), now)).toBe("1 minute ago");
    expect(formatRelativeTime(ago(119_999), now)).toBe("1 minute ago");
    expect(formatRelativeTime(ago(17 * 60_000 + 30_000), now)).toBe("17 minutes ago");
    expect(formatRelativeTime(ago(3_600_000), now)).toBe("1 hour ago");
    expect(formatRelativeTime(ago(5 * 3_600_000 + 59 * 60_000), now)).toBe("5 hours ago");
    expect(formatRelativeTime(ago(24 * 3_600_000), now)).toBe("1 day ago");
    expect(formatRelativeTime(ago(40 * 24 * 3_600_000), now)).toBe("40 days ago");
  });

  it("treats a date slightly in the future (clock skew) as just now", () => {
    expect(formatRelativeTime(new Date(now.getTime() + 5_000), now)).toBe("just now");
  });
});
