/**
 * The reading half of the bulk path, without the database: a JSONL file streamed from a byte
 * offset, each line parsed and validated as it arrives, cut into chunks, each chunk's rows encoded
 * as COPY text, and with each chunk the cursor the stage will have once it commits (offset,
 * resumeAfterId, countedMaxId) and the roots it counts. ingestBulkFile (bulk-sync.ts) commits the
 * chunks; this runs in a worker thread (bulk-chunk-worker.ts) so that the thread which feeds
 * PostgreSQL is never busy parsing when an answer arrives, or in that thread itself when the
 * worker's bundle is not there (chunk-source.ts).
 */
import { readJsonlFrom } from "../jsonl-reader";
import { addRecord, emptyPrepared, finishPrepared, prepareRecords, yieldToEventLoop } from "./prepare-records";
import type { BatchEntry, DeadLetter, IncomingRecord, PreparedRecords } from "./prepare-records";
import type { NodeType } from "./records";
import { encodeCopyRowsYielding } from "./staging-table";
import { TABLES } from "./tables";

export interface ChunkReadOptions {
  url: string;
  /** Byte offset to read from (the stage's stored offset). */
  offset: number;
  resumeAfterId: number | null;
  countedMaxId: number;
  /** The resource has children on their own lines (__parentId): roots are complete only once a later root's children start. */
  hasChildren: boolean;
  /** Lines of the first chunk, then of every other. */
  firstBatchLines: number;
  batchLines: number;
  /**
   * Lines read between two yields to the event loop (0: never). In the thread that also commits,
   * each statement of the chunk in flight waits for at most one slice before the next is sent.
   */
  linesPerSlice: number;
}

/** A chunk cut and encoded, with what its commit stores on the stage. */
export interface CutChunk {
  chunk: EncodedChunk;
  lineCount: number;
  /** Roots counted in the stage's processed total (each root id once, unparseable lines too). */
  roots: number;
  /** Roots counted so far in this read, this chunk's included. */
  records: number;
  /** Newest updatedAt of the chunk's roots (ms), or null. */
  newest: number | null;
  /** Offset of the chunk's first line. */
  start: number;
  /** Offset just past the chunk's last line. */
  end: number;
  resumeAfterId: number | null;
  countedMaxId: number;
}

/**
 * A chunk ready to commit: each table's rows as COPY text and their ids (in the order of the text),
 * the records validation refused, and the copies of an already-batched record with the same
 * instant. `prepared` is the whole validated batch when the chunk was prepared in this thread;
 * from a worker thread only the chunk's place in the file travels (`lines`), and in the rare case
 * the commit needs more than the COPY text (an orphan, a refused merge) its lines are read again
 * from the file (an export's file never changes) and the batch rebuilt from them.
 */
export interface EncodedChunk {
  copies: Map<NodeType, string | Uint8Array>;
  ids: Map<NodeType, string[]>;
  deadLetters: DeadLetter[];
  sameSecond: [NodeType, string, BatchEntry][];
  prepared?: PreparedRecords;
  lines?: ChunkLines;
}

/** Where a chunk's lines are: bytes [start, end) of the file at url. */
export interface ChunkLines {
  url: string;
  start: number;
  end: number;
}

const numericId = (gid: string) => gid.split("/").pop()!;

/** A JSONL line as the ingest reads it: unparseable text is kept as a record that will be dead-lettered with it. */
export function parseLine(text: string): IncomingRecord & { value: { __parentId?: unknown; [key: string]: unknown } } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = { __unparseable: text };
  }
  // __parentId stays on the object (no copy of each record): validation strips unknown keys
  const record = (value ?? {}) as { __parentId?: unknown; [key: string]: unknown };
  return { value: record, text, parentId: typeof record.__parentId === "string" ? record.__parentId : undefined };
}

/** The validated batch of a chunk's lines, read again from the file, exactly as it was prepared line by line while reading. */
export async function rebuildPrepared({ url, start, end }: ChunkLines): Promise<PreparedRecords> {
  const records: IncomingRecord[] = [];
  for await (const line of readJsonlFrom(url, start)) {
    if (line.end > end) break;
    records.push(parseLine(line.text));
    if (line.end === end) break; // closes the download
  }
  return prepareRecords(records);
}

/** A chunk being read: each line is validated as it arrives, so only its row and text are kept. */
interface ChunkInProgress {
  prepared: PreparedRecords;
  lineCount: number;
  newest: number;
}

const emptyChunk = (): ChunkInProgress => ({ prepared: emptyPrepared(), lineCount: 0, newest: Number.NEGATIVE_INFINITY });

/**
 * Reads the file from the offset and yields its chunks in order. `outline`: carry the chunk's place
 * in the file instead of its validated batch (a worker thread's chunks cross to the committing
 * thread as bytes, not as objects).
 */
export async function* readBulkChunks(options: ChunkReadOptions, outline = false): AsyncGenerator<CutChunk> {
  let chunkLines = options.firstBatchLines;
  let resumeAfterId = options.resumeAfterId;
  let countedMaxId = options.countedMaxId;
  let records = 0;
  let roots = 0;
  let lastRootId: number | null = null;
  let lastChildParentId: number | null = null;
  let lastEnd = options.offset;
  let chunkStart = options.offset;
  let reading = emptyChunk();
  /** Roots up to here are complete (see BulkCursor.resumeAfterId). */
  const completeUpTo = () => {
    const candidate = options.hasChildren ? (lastChildParentId === null ? null : lastChildParentId - 1) : lastRootId;
    return candidate === null ? resumeAfterId : Math.max(candidate, resumeAfterId ?? 0);
  };
  const cut = async (): Promise<CutChunk> => {
    resumeAfterId = completeUpTo();
    const { prepared, lineCount, newest } = reading;
    reading = emptyChunk();
    const chunkRoots = roots;
    roots = 0;
    const start = chunkStart;
    chunkStart = lastEnd;
    const chunk = await encodeChunk(finishPrepared(prepared), outline ? { url: options.url, start, end: lastEnd } : undefined);
    return {
      chunk,
      lineCount,
      roots: chunkRoots,
      records,
      newest: Number.isFinite(newest) ? newest : null,
      start,
      end: lastEnd,
      resumeAfterId,
      countedMaxId,
    };
  };

  for await (const line of readJsonlFrom(options.url, options.offset)) {
    const incoming = parseLine(line.text);
    const record = incoming.value;
    addRecord(reading.prepared, incoming);
    reading.lineCount += 1;
    if (!incoming.parentId && typeof record.updatedAt === "string") {
      const time = Date.parse(record.updatedAt);
      if (time > reading.newest) reading.newest = time;
    }
    // buffered lines arrive without a real wait: give a commit in flight its turn now and then
    if (options.linesPerSlice && reading.lineCount % options.linesPerSlice === 0) await yieldToEventLoop();
    lastEnd = line.end;
    const id = typeof record.id === "string" ? Number(numericId(record.id)) : Number.NaN;
    if (incoming.parentId) {
      lastChildParentId = Number(numericId(incoming.parentId));
    } else if (Number.isFinite(id)) {
      lastRootId = id;
      if (id > countedMaxId) {
        roots += 1;
        records += 1;
        countedMaxId = id;
      }
    } else {
      roots += 1; // unparseable: counted, and dead-lettered by ingest
      records += 1;
    }
    if (reading.lineCount >= chunkLines) {
      chunkLines = options.batchLines;
      yield await cut();
    }
  }
  if (reading.lineCount) yield await cut();
}

/**
 * Encodes a validated batch (finishPrepared done) as COPY text per table, yielding to the event
 * loop as it goes. With `lines`, the batch's place in the file stands in for the batch, and the
 * COPY text is bytes (transferable).
 */
export async function encodeChunk(prepared: PreparedRecords, lines?: ChunkLines): Promise<EncodedChunk> {
  const copies = new Map<NodeType, string | Uint8Array>();
  const ids = new Map<NodeType, string[]>();
  const encoder = lines ? new TextEncoder() : undefined;
  for (const [type, entries] of prepared.rowsByType) {
    const copy = await encodeCopyRowsYielding(
      TABLES[type],
      [...entries.values()].map((entry) => entry.row),
    );
    copies.set(type, encoder ? encoder.encode(copy) : copy);
    ids.set(type, [...entries.keys()]);
  }
  const { deadLetters, sameSecond } = prepared;
  if (!lines) return { copies, ids, deadLetters, sameSecond, prepared };
  return { copies, ids, deadLetters, sameSecond, lines };
}
