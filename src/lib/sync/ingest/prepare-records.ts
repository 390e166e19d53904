/**
 * The CPU-only half of an ingest batch: validate each record with zod, deduplicate (newest copy
 * wins), turn it into its table's row, or file it as a dead letter with its raw payload. No
 * database and no logger: the bulk path runs this in a worker thread (bulk-chunk-worker.ts) as well
 * as in the thread that writes (ingest-records.ts).
 */
import { NODE_SCHEMAS, gidType, type NodeType } from "./records";
import { TABLES, TO_ROW } from "./tables";
import type { Row } from "./upsert-rows";

export interface IncomingRecord {
  /** The record as parsed from JSON. */
  value: unknown;
  /** The exact text it came from (a JSONL line), kept for the dead-letter queue. */
  text?: string;
  /** Id of the record it belongs to (bulk __parentId, or the enclosing node when paginating). */
  parentId?: string;
}

export interface DeadLetter {
  entityType: string;
  shopifyId: string | null;
  /** The parent record's GID, when the record is a child and its parent is known. */
  parentShopifyId?: string;
  rawPayload: string;
  errorMessage: string;
  errorStack?: string;
}

function describeIssues(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues.map((issue) => `${issue.path.map(String).join(".") || "(record)"}: ${issue.message}`).join("; ");
}

export type Entry = [id: string, { row: Row; text: string }];

export interface BatchEntry {
  row: Row;
  text: string;
  updatedAt: string;
  /** updatedAt as an instant (ms): "…-05:00" and "…Z" strings do not sort as the times they name. */
  instant: number;
}

const instantOf = (iso: string): number => (iso ? Date.parse(iso) : Number.NEGATIVE_INFINITY);

/** Children whose rows carry the updatedAt of the parent copy they came with. */
const VERSIONED_CHILDREN = (Object.keys(TABLES) as NodeType[]).flatMap((type) => {
  const parent = TABLES[type].parent;
  const parentType = NODE_SCHEMAS[type].parent as NodeType | undefined;
  return parent?.versionColumn && parentType ? [[type, parentType, parent.versionColumn] as const] : [];
});

/** A batch validated, deduplicated and turned into rows: everything but the writes. */
export interface PreparedRecords {
  rowsByType: Map<NodeType, Map<string, BatchEntry>>;
  /** Different copies of an already-batched record with the same instant: written one by one after. */
  sameSecond: [NodeType, string, BatchEntry][];
  deadLetters: DeadLetter[];
}

/** CPU-only half of ingestRecords (no database). */
export function prepareRecords(records: IncomingRecord[]): PreparedRecords {
  const prepared = emptyPrepared();
  for (const record of records) addRecord(prepared, record);
  return finishPrepared(prepared);
}

/** Records validated between two yields to the event loop (see prepareRecordsYielding). */
const RECORDS_PER_SLICE = 500;

export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * prepareRecords in slices, yielding to the event loop between them: the bulk path prepares the
 * next chunk while the previous one commits, and that commit is a series of statements, each sent
 * when the previous one's answer is handled. One 10,000-line block of validation would hold every
 * answer that arrives meanwhile (measured: ~0.3 s of PostgreSQL idling per chunk).
 */
export async function prepareRecordsYielding(records: IncomingRecord[]): Promise<PreparedRecords> {
  const prepared = emptyPrepared();
  for (let i = 0; i < records.length; i++) {
    addRecord(prepared, records[i]!);
    if ((i + 1) % RECORDS_PER_SLICE === 0) await yieldToEventLoop();
  }
  return finishPrepared(prepared);
}

/** An empty batch, to fill record by record with addRecord and close with finishPrepared. */
export const emptyPrepared = (): PreparedRecords => ({ rowsByType: new Map(), sameSecond: [], deadLetters: [] });

const rawText = (record: IncomingRecord) => record.text ?? JSON.stringify(record.value);

/**
 * Validates one record and files it under its type (newest copy wins) or as a dead letter. Only
 * the row and the record's text are kept: the bulk path validates each line as it reads it, so a
 * chunk's parsed objects are garbage at once instead of living until the chunk is cut.
 */
export function addRecord({ rowsByType, sameSecond, deadLetters }: PreparedRecords, record: IncomingRecord): void {
  const value = record.value as Record<string, unknown> | null;
  const id = typeof value?.id === "string" ? value.id : null;
  const type = gidType(id) as NodeType | undefined;
  const spec = type ? NODE_SCHEMAS[type] : undefined;
  if (!type || !spec) {
    deadLetters.push({
      entityType: gidType(id) ?? "unknown",
      shopifyId: id,
      rawPayload: rawText(record),
      errorMessage: "record has no id of a type ShopSync stores",
    });
    return;
  }
  const parsed = spec.schema.safeParse(value);
  if (!parsed.success) {
    deadLetters.push({
      entityType: type,
      shopifyId: id,
      parentShopifyId: record.parentId,
      rawPayload: rawText(record),
      errorMessage: `invalid ${type}: ${describeIssues(parsed.error.issues)}`,
    });
    return;
  }
  if (spec.parent && gidType(record.parentId) !== spec.parent) {
    deadLetters.push({
      entityType: type,
      shopifyId: id,
      rawPayload: rawText(record),
      errorMessage: `${type} arrived without its ${spec.parent}`,
    });
    return;
  }
  const row = (TO_ROW[type] as (node: unknown, parentId: string | undefined) => Row)(parsed.data, record.parentId);
  const updatedAt =
    typeof (parsed.data as { updatedAt?: unknown }).updatedAt === "string" ? (parsed.data as { updatedAt: string }).updatedAt : "";
  const byId = rowsByType.get(type) ?? new Map();
  rowsByType.set(type, byId);
  const entry = { row, text: rawText(record), updatedAt, instant: instantOf(updatedAt) };
  const previous = byId.get(id!);
  // The same record twice in one batch (a retried page, an update mid-export): the later instant
  // wins here; two different copies of the same second both go to the database, which applies the
  // same-second rule (upsert-rows.ts), so a batch decides exactly as two batches would.
  if (!previous || previous.instant < entry.instant) byId.set(id!, entry);
  else if (previous.instant === entry.instant && previous.text !== entry.text) sameSecond.push([type, id!, entry]);
}

/** A child is written only with the copy of its parent it came with (when that copy is here). */
export function finishPrepared(prepared: PreparedRecords): PreparedRecords {
  const { rowsByType } = prepared;
  for (const [type, parentType, versionColumn] of VERSIONED_CHILDREN) {
    const parents = rowsByType.get(parentType);
    for (const entry of rowsByType.get(type)?.values() ?? []) {
      entry.row[versionColumn] = parents?.get(String(entry.row[TABLES[type].parent!.column]))?.updatedAt ?? null;
    }
  }
  return prepared;
}
