import { describe, expect, it } from "vitest";
import { inShopTimeZone, restTimestamp } from "../../../dev/shopify-sim/rest-payloads";

describe("simulator REST timestamps (the shop's IANA time zone, as Shopify writes them)", () => {
  it("writes the wall clock of the zone with its offset at that instant, daylight saving time included", () => {
    expect(restTimestamp("2026-03-10T11:30:00Z", "Asia/Tokyo")).toBe("2026-03-10T20:30:00+09:00");
    expect(restTimestamp("2026-01-15T12:00:00Z", "America/New_York")).toBe("2026-01-15T07:00:00-05:00");
    expect(restTimestamp("2026-07-15T12:00:00Z", "America/New_York")).toBe("2026-07-15T08:00:00-04:00");
    expect(restTimestamp("2026-07-15T12:00:00Z", "UTC")).toBe("2026-07-15T12:00:00+00:00");
    expect(restTimestamp("2026-07-15T12:00:00Z", "Asia/Kolkata")).toBe("2026-07-15T17:30:00+05:30");
  });

  it("keeps the instant: parsing the local form gives the same time", () => {
    for (const zone of ["America/Los_Angeles", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/London"]) {
      expect(Date.parse(restTimestamp("2026-11-01T08:59:59Z", zone))).toBe(Date.parse("2026-11-01T08:59:59Z"));
    }
  });

  it("converts every *_at field, nested ones too, and leaves other strings alone", () => {
    const payload = {
      updated_at: "2026-03-10T11:30:00Z",
      title: "2026-03-10T11:30:00Z",
      variants: [{ created_at: "2026-03-10T11:30:00Z" }],
      closed_at: null,
    };
    expect(inShopTimeZone(payload, "Asia/Tokyo")).toEqual({
      updated_at: "2026-03-10T20:30:00+09:00",
      title: "2026-03-10T11:30:00Z",
      variants: [{ created_at: "2026-03-10T20:30:00+09:00" }],
      closed_at: null,
    });
  });
});
