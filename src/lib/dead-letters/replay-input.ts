/**
 * What a dead letter replays, read from its row (pure). Node dead letters (entityType is a
 * Shopify node type) hold the JSONL line or node JSON; a child's parent id is the row's
 * parentShopifyId column or, failing that, the bulk line's __parentId. Webhook dead letters
 * (entityType `webhook:<topic>`) hold the webhook body.
 */
import type { IncomingRecord } from "../sync/ingest/ingest-records";

export type ReplayInput =
  | { kind: "record"; record: IncomingRecord }
  | { kind: "webhook"; topic: string; payload: unknown }
  | { kind: "unreadable"; reason: string };

export interface DeadLetterSource {
  entityType: string;
  rawPayload: string;
  parentShopifyId: string | null;
}

const WEBHOOK_PREFIX = "webhook:";

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
  const parentId = letter.parentShopifyId ?? (typeof __parentId === "string" ? __parentId : undefined);
  return { kind: "record", record: { value: node, text: letter.rawPayload, ...(parentId ? { parentId } : {}) } };
}
