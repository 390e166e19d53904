/**
 * One batch of Shopify records into Postgres: validate each with zod, dedupe (newest wins), upsert
 * per table in parent-then-child order, and put every record that cannot be stored (invalid,
 * unknown type, parent missing) into the dead-letter queue with its raw payload. Runs inside the
 * caller's transaction so the batch and its progress commit together.
 */
import { NODE_SCHEMAS, gidType, type NodeType } from "./records";
import { TABLES, TO_ROW, WRITE_ORDER } from "./tables";
import { lockInstalledShop } from "./shop-guard";
import { upsertRows, type Row, type UpsertResult } from "./upsert-rows";
import type { Db } from "../../db";

export interface IncomingRecord {
  /** The record as parsed from JSON. */
  value: unknown;
  /** The exact text it came from (a JSONL line), kept for the dead-letter queue. */
  text?: string;
  /** Id of the record it belongs to (bulk __parentId, or the enclosing node when paginating). */
  parentId?: string;
}

export interface IngestContext {
  shopId: string;
  syncRunId?: string;
}

export interface TypeCounts {
  written: number;
  stale: number;
  deadLettered: number;
}

export interface IngestResult {
  byType: Partial<Record<NodeType, TypeCounts>>;
  deadLettered: number;
}

type Tx = Pick<Db, "$queryRawUnsafe" | "$executeRawUnsafe" | "failedSyncItem">;

interface DeadLetter {
  entityType: string;
  shopifyId: string | null;
  rawPayload: string;
  errorMessage: string;
  errorStack?: string;
}

const FIRST_RETRY_DELAY_MS = 60_000;

function describeIssues(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues.map((issue) => `${issue.path.map(String).join(".") || "(record)"}: ${issue.message}`).join("; ");
}

type Entry = [id: string, { row: Row; text: string }];

/**
 * Upserts a table's rows; if PostgreSQL refuses the batch (a value it cannot store: an amount
 * beyond the column's precision, say), rolls back to a savepoint and bisects until the refused
 * rows are isolated: those become dead letters with the database's error, the rest are written.
 * A few bad records never stall a sync.
 */
async function upsertIsolatingBadRows(
  tx: Tx,
  shopId: string,
  type: NodeType,
  entries: Entry[],
  deadLetters: DeadLetter[],
): Promise<UpsertResult> {
  await tx.$executeRawUnsafe("SAVEPOINT ingest_rows");
  try {
    const result = await upsertRows(
      tx,
      shopId,
      TABLES[type],
      entries.map(([, entry]) => entry.row),
    );
    await tx.$executeRawUnsafe("RELEASE SAVEPOINT ingest_rows");
    return result;
  } catch (error) {
    await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT ingest_rows");
    await tx.$executeRawUnsafe("RELEASE SAVEPOINT ingest_rows");
    if (entries.length === 1) {
      const [id, entry] = entries[0]!;
      const message = error instanceof Error ? error.message : String(error);
      deadLetters.push({
        entityType: type,
        shopifyId: id,
        rawPayload: entry.text,
        errorMessage: `PostgreSQL refused ${type} ${id}: ${message}`,
        errorStack: (error as Error).stack,
      });
      return { written: 0, stale: 0, orphans: [] };
    }
    const middle = Math.ceil(entries.length / 2);
    const first = await upsertIsolatingBadRows(tx, shopId, type, entries.slice(0, middle), deadLetters);
    const second = await upsertIsolatingBadRows(tx, shopId, type, entries.slice(middle), deadLetters);
    return { written: first.written + second.written, stale: first.stale + second.stale, orphans: [...first.orphans, ...second.orphans] };
  }
}

export async function ingestRecords(tx: Tx, ctx: IngestContext, records: IncomingRecord[]): Promise<IngestResult> {
  // Nothing is written for an uninstalled shop, even by a sync step already running (shop-guard.ts).
  await lockInstalledShop(tx, ctx.shopId);
  const deadLetters: DeadLetter[] = [];
  const rowsByType = new Map<NodeType, Map<string, { row: Row; text: string; updatedAt: string }>>();
  const rawText = (record: IncomingRecord) => record.text ?? JSON.stringify(record.value);

  for (const record of records) {
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
      continue;
    }
    const parsed = spec.schema.safeParse(value);
    if (!parsed.success) {
      deadLetters.push({
        entityType: type,
        shopifyId: id,
        rawPayload: rawText(record),
        errorMessage: `invalid ${type}: ${describeIssues(parsed.error.issues)}`,
      });
      continue;
    }
    if (spec.parent && gidType(record.parentId) !== spec.parent) {
      deadLetters.push({
        entityType: type,
        shopifyId: id,
        rawPayload: rawText(record),
        errorMessage: `${type} arrived without its ${spec.parent}`,
      });
      continue;
    }
    const row = (TO_ROW[type] as (node: unknown, parentId: string | undefined) => Row)(parsed.data, record.parentId);
    const updatedAt =
      typeof (parsed.data as { updatedAt?: unknown }).updatedAt === "string" ? (parsed.data as { updatedAt: string }).updatedAt : "";
    const byId = rowsByType.get(type) ?? new Map();
    const previous = byId.get(id!);
    // The same record twice in one batch (a retried page, an update mid-export): keep the newest.
    if (!previous || previous.updatedAt <= updatedAt) byId.set(id!, { row, text: rawText(record), updatedAt });
    rowsByType.set(type, byId);
  }

  // A line item is written only with the copy of its order it came with (when that copy is here).
  const orders = rowsByType.get("Order");
  for (const entry of rowsByType.get("LineItem")?.values() ?? []) {
    entry.row.orderUpdatedAt = orders?.get(String(entry.row.orderId))?.updatedAt ?? null;
  }

  const byType: Partial<Record<NodeType, TypeCounts>> = {};
  for (const type of WRITE_ORDER) {
    const entries = rowsByType.get(type);
    if (!entries?.size) continue;
    const result = await upsertIsolatingBadRows(tx, ctx.shopId, type, [...entries.entries()], deadLetters);
    for (const orphan of result.orphans) {
      const entry = entries.get(orphan);
      const parent = NODE_SCHEMAS[type].parent;
      deadLetters.push({
        entityType: type,
        shopifyId: orphan,
        rawPayload: entry?.text ?? orphan,
        errorMessage: `${type} ${orphan} belongs to ${parent} ${String(entry?.row[TABLES[type].parent!.column])}, which is not stored`,
      });
    }
    byType[type] = { written: result.written, stale: result.stale, deadLettered: result.orphans.length };
  }

  for (const letter of deadLetters) {
    if (!(letter.entityType in NODE_SCHEMAS) || letter.errorMessage.includes("which is not stored")) continue; // orphans counted above
    const counts = (byType[letter.entityType as NodeType] ??= { written: 0, stale: 0, deadLettered: 0 });
    counts.deadLettered += 1;
  }
  if (deadLetters.length) {
    await tx.failedSyncItem.createMany({
      data: deadLetters.map((letter) => ({
        shopId: ctx.shopId,
        syncRunId: ctx.syncRunId ?? null,
        entityType: letter.entityType,
        shopifyId: letter.shopifyId,
        rawPayload: letter.rawPayload,
        errorMessage: letter.errorMessage,
        errorStack: letter.errorStack ?? null,
        nextRetryAt: new Date(Date.now() + FIRST_RETRY_DELAY_MS),
      })),
    });
  }
  return { byType, deadLettered: deadLetters.length };
}
