/**
 * A stage's position, stored as JSON text in SyncStage.cursor and validated by zod whenever it is
 * read (the database is a boundary too). Null means "nothing done yet".
 *
 * - `pages` (cursor pagination): which pass (search filter) the stage is in and the GraphQL
 *   endCursor of the last committed page.
 * - `bulk` (bulk export): which pass, the export whose file is being read (null: none running, so
 *   the next step starts one), the byte offset into its file, and the ids that make a failed
 *   export resumable without counting a record twice.
 *
 * Both carry `withoutProtectedData` (Shopify refused protected customer data, so the stage reads
 * without those fields) and, for inventory of an incremental sync, `levelChanges`: the pass over
 * levels changed in the window that follows the main pass (inventory-level-changes.ts).
 */
import { z } from "zod";

const pass = z.number().int().nonnegative();
const rootId = z.number().int().nonnegative().nullable();

/** The location whose changed levels are being read and the page cursor within it, or done. */
const levelChangesSchema = z.union([z.object({ done: z.literal(true) }), z.object({ location: z.string(), after: z.string().nullable() })]);
export type LevelChangesCursor = z.infer<typeof levelChangesSchema>;

export const pagesCursorSchema = z.object({
  kind: z.literal("pages"),
  pass,
  /** GraphQL endCursor of the last committed page (null: the pass's first page). */
  after: z.string().nullable(),
  withoutProtectedData: z.boolean(),
  levelChanges: levelChangesSchema.optional(),
});

export const bulkCursorSchema = z.object({
  kind: z.literal("bulk"),
  pass,
  /** Bulk operation whose file `offset` refers to; null when none is running for this pass. */
  operation: z.string().nullable(),
  /** Bytes of the bulk JSONL file already ingested. */
  offset: z.number().int().nonnegative(),
  /**
   * Numeric id after which a failed export resumes: every root up to it arrived with all its
   * children. Shopify writes child lines after their parent, in parent order (not necessarily
   * right after it), so the parent of the last child line seen may still miss children and is
   * exported again; roots after it too.
   */
  resumeAfterId: rootId,
  /** Highest root id counted in the stage's processed total (a re-exported root is not counted twice). */
  countedMaxId: rootId,
  /**
   * An export of this pass failed: the next asks Shopify to group each root's children right after
   * it. Ungrouped, a file may open with hundreds of roots before any child, so a partial file can
   * end before it proves a single root complete, and every re-export would stop at the same place.
   */
  groupObjects: z.boolean(),
  withoutProtectedData: z.boolean(),
  levelChanges: levelChangesSchema.optional(),
});

export const FIRST_PAGES_CURSOR: PagesCursor = { kind: "pages", pass: 0, after: null, withoutProtectedData: false };
export const FIRST_BULK_CURSOR: BulkCursor = {
  kind: "bulk",
  pass: 0,
  operation: null,
  offset: 0,
  resumeAfterId: null,
  countedMaxId: null,
  groupObjects: false,
  withoutProtectedData: false,
};

/**
 * Cursors written before they had a `kind` (a run in flight across the upgrade): a bulk cursor is
 * the one with a file offset or an operation, whose "finished" meant none running.
 */
function upgradeLegacy(value: unknown): unknown {
  if (value === null || typeof value !== "object" || "kind" in value) return value;
  const legacy = value as {
    pass?: number;
    after?: string | null;
    offset?: number;
    operation?: string | null;
    groupObjects?: boolean;
    withoutProtectedData?: boolean;
  };
  const isBulk = legacy.offset !== undefined || legacy.operation !== undefined;
  return isBulk
    ? {
        ...FIRST_BULK_CURSOR,
        ...legacy,
        kind: "bulk",
        operation: legacy.operation === "finished" ? null : (legacy.operation ?? null),
        offset: legacy.offset ?? 0,
        groupObjects: legacy.groupObjects ?? false,
        withoutProtectedData: legacy.withoutProtectedData ?? false,
      }
    : { ...FIRST_PAGES_CURSOR, ...legacy, kind: "pages" };
}

export const stageCursorSchema = z.discriminatedUnion("kind", [pagesCursorSchema, bulkCursorSchema]);

export type PagesCursor = z.infer<typeof pagesCursorSchema>;
export type BulkCursor = z.infer<typeof bulkCursorSchema>;
export type StageCursor = z.infer<typeof stageCursorSchema>;

export const encodeCursor = (cursor: StageCursor): string => JSON.stringify(cursor);

/** The stored cursor, validated; null when the stage has not started. Throws on a malformed one. */
export function parseStageCursor(text: string | null): StageCursor | null {
  if (!text) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`stage cursor is not JSON: ${text.slice(0, 80)}`);
  }
  const parsed = stageCursorSchema.safeParse(upgradeLegacy(value));
  if (!parsed.success)
    throw new Error(`stage cursor is malformed (${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")})`);
  return parsed.data;
}

export function readPagesCursor(text: string | null): PagesCursor {
  const cursor = parseStageCursor(text) ?? FIRST_PAGES_CURSOR;
  if (cursor.kind !== "pages") throw new Error("the stage has a bulk cursor, and is read as paginated");
  return cursor;
}

export function readBulkCursor(text: string | null): BulkCursor {
  const cursor = parseStageCursor(text) ?? FIRST_BULK_CURSOR;
  if (cursor.kind !== "bulk") throw new Error("the stage has a paginated cursor, and is read as a bulk export");
  return cursor;
}

/**
 * The cursor once Shopify refused protected customer data: the stage reads without those fields
 * from here; a bulk export restarts (from the last complete record) since its query changes.
 */
export function withoutProtectedData(cursor: StageCursor): StageCursor {
  return cursor.kind === "bulk"
    ? { ...cursor, withoutProtectedData: true, operation: null, offset: 0 }
    : { ...cursor, withoutProtectedData: true };
}
