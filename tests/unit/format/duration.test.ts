import { describe, expect, it } from "vitest";
import { formatDuration } from "@/lib/format/duration";

describe("formatDuration", () => {
  it("picks the largest sensible unit", () => {
    expect(formatDuration(0)).toBe("0 ms");
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(1_000)).toBe("1 s");
    expect(formatDuration(59_999)).toBe("59 s");
    expect(formatDuration(60_000)).toBe("1 min 00 s");
    expect(formatDuration(185_000)).toBe("3 min 05 s");
    expect(formatDuration(3_600_000)).toBe("1 h 00 min");
    expect(formatDuration(2 * 3_600_000 + 7 * 60_000 + 59_000)).toBe("2 h 07 min");
  });

  it("refuses nonsense instead of printing it", () => {
    expect(formatDuration(-5)).toBe("—");
    expect(formatDuration(Number.NaN)).toBe("—");
  });
});
