/**
 * A stage's position, stored as JSON text in SyncStage.cursor: which pass (search filter) it is in,
 * and within it the GraphQL page cursor (paginated) or the byte offset into the bulk result file
 * plus the last root id seen (bulk). Null means "nothing done yet".
 */
export interface StageCursor {
  pass: number;
  /** GraphQL endCursor of the last committed page. */
  after?: string | null;
  /** Bytes of the bulk JSONL file already ingested. */
  offset?: number;
  /**
   * Numeric id after which a failed export resumes: every root up to it arrived with all its
   * children. Shopify writes child lines after their parent, in parent order (not necessarily
   * right after it), so the parent of the last child line seen may still miss children and is
   * exported again; roots after it too.
   */
  resumeAfterId?: number | null;
  /** Highest root id counted in the stage's processed total (a re-exported root is not counted twice). */
  countedMaxId?: number | null;
  /**
   * An export of this pass failed: the next asks Shopify to group each root's children right after
   * it. Ungrouped, a file may open with hundreds of roots before any child, so a partial file can
   * end before it proves a single root complete, and every re-export would stop at the same place.
   */
  groupObjects?: boolean;
  /** Bulk operation whose file `offset` refers to. */
  operation?: string | null;
  /** Shopify refused protected customer data: the stage reads without those fields. */
  withoutProtectedData?: boolean;
  /** Inventory of an incremental sync: the pass over levels changed in the window (inventory-level-changes.ts). */
  levelChanges?: LevelChangesCursor;
}

/** The location whose changed levels are being read and the page cursor within it, or done. */
export type LevelChangesCursor = { location: string; after: string | null } | { done: true };

export const encodeCursor = (cursor: StageCursor): string => JSON.stringify(cursor);

export function decodeCursor(value: string | null): StageCursor {
  if (!value) return { pass: 0 };
  return JSON.parse(value) as StageCursor;
}
