/**
 * The dead-letters page's rows, shaped for display (pure, given `now`): what state each record is
 * in, when it is tried next, and its raw payload pretty-printed when it is JSON (a long one: its
 * start, see PAYLOAD_PREVIEW_CHARS).
 */
import { formatCount } from "../format/count";
import { formatDuration } from "../format/duration";
import { formatRelativeTime } from "../format/relative-time";
import { isSettled } from "./backoff";
import { listShopDeadLetters, type DeadLetterListItem } from "./dead-letter-queries";

export const DEAD_LETTER_PAGE_LIMIT = 200;

export interface DeadLetterView {
  id: string;
  entityType: string;
  shopifyId: string | null;
  state: "waiting" | "retried" | "resolved" | "abandoned";
  stateLabel: string;
  error: string;
  retries: string;
  nextRetry: string;
  createdAtIso: string;
  createdAgo: string;
  payload: string;
  /** Retry and Resolve apply (waiting or abandoned). */
  isActionable: boolean;
}

export interface DeadLettersPageView {
  items: DeadLetterView[];
  unresolved: string;
  total: number;
  /** More rows exist than the page shows. */
  isTruncated: boolean;
}

const STATE: Record<string, { state: DeadLetterView["state"]; label: string }> = {
  RETRIED: { state: "retried", label: "Stored by a retry" },
  RESOLVED_MANUALLY: { state: "resolved", label: "Resolved by you" },
  ABANDONED: { state: "abandoned", label: "Gave up retrying" },
};

/** JSON pretty-printed; anything else exactly as stored. */
export function formatPayload(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}

/** The payload as the list loaded it: whole (pretty-printed), or its start and how long it is. */
export function describePayload(item: Pick<DeadLetterListItem, "payloadPreview" | "payloadLength">): string {
  if (item.payloadLength <= item.payloadPreview.length) return formatPayload(item.payloadPreview);
  return `${item.payloadPreview}\n… (the first ${formatCount(item.payloadPreview.length)} of ${formatCount(item.payloadLength)} characters)`;
}

export function describeNextRetry(item: Pick<DeadLetterListItem, "resolvedAt" | "nextRetryAt">, now: Date): string {
  if (item.resolvedAt || !item.nextRetryAt) return "—";
  const wait = item.nextRetryAt.getTime() - now.getTime();
  return wait <= 0 ? "due now" : `in ${formatDuration(wait)}`;
}

export function toDeadLetterView(item: DeadLetterListItem, now: Date): DeadLetterView {
  const state = item.resolution ? STATE[item.resolution]! : { state: "waiting" as const, label: "Waiting for retry" };
  return {
    id: item.id,
    entityType: item.entityType,
    shopifyId: item.shopifyId,
    state: state.state,
    stateLabel: state.label,
    error: item.errorMessage,
    retries: `${item.retryCount} of ${item.maxRetries}`,
    nextRetry: describeNextRetry(item, now),
    createdAtIso: item.createdAt.toISOString(),
    createdAgo: formatRelativeTime(item.createdAt, now),
    payload: describePayload(item),
    isActionable: !isSettled(item.resolution),
  };
}

export async function getDeadLettersView(shopDomain: string, now: Date = new Date()): Promise<DeadLettersPageView> {
  const { items, total, unresolved } = await listShopDeadLetters(shopDomain, DEAD_LETTER_PAGE_LIMIT);
  return {
    items: items.map((item) => toDeadLetterView(item, now)),
    unresolved: formatCount(unresolved),
    total,
    isTruncated: total > items.length,
  };
}
