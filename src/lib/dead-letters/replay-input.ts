/**
 * What a dead letter replays, read from its row (pure). Node dead letters (entityType is a
 * Shopify node type) hold the JSONL line or node JSON; a child's parent id is the bulk line's
 * __parentId or, for a record whose parent was not stored, named in the error message that the
 * ingest path wrote. Webhook dead letters (entityType `webhook:<topic>`) hold the webhook body.
 */
import type { IncomingRecord } from "../sync/ingest/ingest-records";

export type ReplayInput =
  | { kind: "record"; record: IncomingRecord }
  | { kind: "webhook"; topic: string; payload: unknown }
  | { kind: "unreadable"; reason: string };

export interface DeadLetterSource {
  entityType: string;
  rawPayload: string;
  errorMessage: string;
}

const WEBHOOK_PREFIX = "webhook:";
/** As written by ingestRecords: "<Type> <id> belongs to <ParentType> <parentId>, which is not stored". */
const MISSING_PARENT = / belongs to [A-Za-z]+ (gid:\/\/shopify\/[A-Za-z]+\/[^\s,]+), which is not stored/;

export function webhookTopic(entityType: string): string | undefined {
  return entityType.startsWith(WEBHOOK_PREFIX) ? entityType.slice(WEBHOOK_PREFIX.length) || undefined : undefined;
}

export function readReplayInput(letter: DeadLetterSource): ReplayInput {
  let value: unknown;
  try {
    value = JSON.parse(letter.rawPayload);
  } catch {
    return { kind: "unreadable", reason: "the stored payload is not JSON, so it cannot be replayed" };
  }
  const topic = webhookTopic(letter.entityType);
  if (topic) return { kind: "webhook", topic, payload: value };
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return { kind: "record", record: { value, text: letter.rawPayload } };
  const { __parentId, ...node } = value as { __parentId?: unknown; [key: string]: unknown };
  const parentId = typeof __parentId === "string" ? __parentId : MISSING_PARENT.exec(letter.errorMessage)?.[1];
  return { kind: "record", record: { value: node, text: letter.rawPayload, ...(parentId ? { parentId } : {}) } };
}
