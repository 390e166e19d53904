import { describe, expect, it } from "vitest";
import {
  encodeCursor,
  FIRST_BULK_CURSOR,
  FIRST_PAGES_CURSOR,
  parseStageCursor,
  readBulkCursor,
  readPagesCursor,
  withoutProtectedData,
} from "@/lib/sync/stage-cursor";

describe("stage cursors", () => {
  it("start at the first pass of their kind, and round-trip through the column", () => {
    expect(parseStageCursor(null)).toBeNull();
    expect(readPagesCursor(null)).toEqual(FIRST_PAGES_CURSOR);
    expect(readBulkCursor(null)).toEqual(FIRST_BULK_CURSOR);
    const bulk = {
      ...FIRST_BULK_CURSOR,
      pass: 1,
      operation: "gid://shopify/BulkOperation/9",
      offset: 4096,
      resumeAfterId: 12,
      countedMaxId: 40,
    };
    expect(readBulkCursor(encodeCursor(bulk))).toEqual(bulk);
  });

  it("refuses a malformed cursor or one of the other kind instead of guessing", () => {
    expect(() => parseStageCursor("{not json")).toThrow(/not JSON/);
    expect(() => parseStageCursor(JSON.stringify({ kind: "bulk", pass: -1 }))).toThrow(/malformed/);
    expect(() => readPagesCursor(encodeCursor(FIRST_BULK_CURSOR))).toThrow(/bulk cursor/);
    expect(() => readBulkCursor(encodeCursor(FIRST_PAGES_CURSOR))).toThrow(/paginated cursor/);
  });

  it("reads cursors written before they had a kind", () => {
    expect(readPagesCursor('{"pass":1,"after":"abc"}')).toEqual({ ...FIRST_PAGES_CURSOR, pass: 1, after: "abc" });
    expect(readBulkCursor('{"pass":0,"offset":0,"operation":"finished","withoutProtectedData":true}')).toEqual({
      ...FIRST_BULK_CURSOR,
      withoutProtectedData: true,
    });
    expect(readBulkCursor('{"pass":0,"offset":10,"operation":"gid://shopify/BulkOperation/1","resumeAfterId":3,"countedMaxId":5}')).toEqual(
      {
        ...FIRST_BULK_CURSOR,
        offset: 10,
        operation: "gid://shopify/BulkOperation/1",
        resumeAfterId: 3,
        countedMaxId: 5,
      },
    );
  });

  it("continues without protected data: a page cursor keeps its place, a bulk export starts again", () => {
    expect(withoutProtectedData({ ...FIRST_PAGES_CURSOR, after: "abc" })).toEqual({
      ...FIRST_PAGES_CURSOR,
      after: "abc",
      withoutProtectedData: true,
    });
    expect(
      withoutProtectedData({ ...FIRST_BULK_CURSOR, operation: "gid://shopify/BulkOperation/1", offset: 99, resumeAfterId: 7 }),
    ).toEqual({
      ...FIRST_BULK_CURSOR,
      resumeAfterId: 7,
      withoutProtectedData: true,
    });
  });
});
