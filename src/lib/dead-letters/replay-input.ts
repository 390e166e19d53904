/**
 * What a dead letter replays, read from its row (pure). Node dead letters (entityType is a
 * Shopify node type) hold the JSONL line or node JSON; a child's parent id is the row's
 * parentShopifyId column or, failing that, the bulk line's __parentId. Webhook dead letters
 * (entityType `webhook:<topic>`) hold the webhook body. Channel dead letters (entityType
 * `channel:<kind>`) hold the listing that a channel refused: they replay as a push of that SKU.
 */
import type { IncomingRecord } from "../sync/ingest/ingest-records";

export type ReplayInput =
  | { kind: "record"; record: IncomingRecord }
  /** `triggeredAt`: when Shopify triggered the delivery, or at the latest when it was dead-lettered. */
  | { kind: "webhook"; topic: string; payload: unknown; triggeredAt?: Date }
  | { kind: "channel"; channelId: string; channelSku: string }
  | { kind: "unreadable"; reason: string };

export interface DeadLetterSource {
  entityType: string;
  rawPayload: string;
  parentShopifyId: string | null;
  /** Webhook dead letters: X-Shopify-Triggered-At of the delivery (null in rows older than it). */
  triggeredAt?: Date | null;
  createdAt?: Date;
}

const WEBHOOK_PREFIX = "webhook:";
const CHANNEL_PREFIX = "channel:";

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
  if (topic) {
    // A row from before triggeredAt was kept: the delivery was triggered before it was dead-lettered.
    const triggeredAt = letter.triggeredAt ?? letter.createdAt;
    return { kind: "webhook", topic, payload: value, ...(triggeredAt ? { triggeredAt } : {}) };
  }
  if (letter.entityType.startsWith(CHANNEL_PREFIX)) return channelInput(value);
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return { kind: "record", record: { value, text: letter.rawPayload } };
  const { __parentId, ...node } = value as { __parentId?: unknown; [key: string]: unknown };
  const parentId = letter.parentShopifyId ?? (typeof __parentId === "string" ? __parentId : undefined);
  return { kind: "record", record: { value: node, text: letter.rawPayload, ...(parentId ? { parentId } : {}) } };
}

function channelInput(value: unknown): ReplayInput {
  const { channelId, channelSku } = (value ?? {}) as { channelId?: unknown; channelSku?: unknown };
  if (typeof channelId !== "string" || typeof channelSku !== "string")
    return { kind: "unreadable", reason: "the stored channel listing has no channel id and SKU, so it cannot be pushed again" };
  return { kind: "channel", channelId, channelSku };
}
