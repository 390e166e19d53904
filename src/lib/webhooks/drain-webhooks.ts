/**
 * The webhook inbox's drain: the ingress only stores a delivery (WebhookLog, RECEIVED, with its
 * body) and wakes the drain of its shop; the drain claims the shop's waiting deliveries a batch at a
 * time and hands each to its topic's handler, so the orchestration (one Inngest step) is paid per
 * batch, not per webhook.
 *
 * - Claims are leased (claimDeliveries): a drain that dies mid-batch leaves its rows to the next
 *   drain after the lease; every claim counts an attempt.
 * - Copies of one product or order in the batch are coalesced: only the newest (by the payload's
 *   `updated_at`, as an instant) are applied, all of them when several share that instant (the
 *   same-second rule is the ingest's, whatever the order). The older ones are settled PROCESSED
 *   with a note: applying them could change nothing (newest wins).
 * - Records the handlers read from Shopify (customers, inventory levels) are read for the whole
 *   batch with `nodes(ids:)` (prefetch-nodes.ts).
 * - The rest run a few at a time through the handlers (the same ingest path as before: zod,
 *   newest-wins upserts, tombstones, advisory lock per record).
 * - Handled deliveries are settled in one statement. A failure leaves the delivery RECEIVED with
 *   its error and a backoff; after WEBHOOK_MAX_ATTEMPTS (or at once when Shopify refused the
 *   shop's token) it is FAILED and its body becomes a `webhook:<topic>` dead letter.
 */
import { log } from "../log";
import { applyBatchSetBased } from "./apply-batch";
import { findWebhookShop, markShopNeedsReinstall } from "../shops/shop-queries";
import { ShopifyAuthError } from "../shopify/shopify-errors";
import { prefetchNodes } from "./prefetch-nodes";
import { handleWebhook } from "./process-webhook";
import { TOPIC_HANDLERS } from "./topics";
import {
  claimDeliveries,
  recordFailedProcessing,
  retryDeliveryLater,
  settleDeliveries,
  type ClaimedDelivery,
  type SettledDelivery,
} from "./webhook-queries";

/** A claim's lease: longer than a batch takes (a handler's Shopify call times out after 30 s). */
export const CLAIM_LEASE_MS = 5 * 60_000;
/** Attempts before a delivery is FAILED and dead-lettered (the old function's 1 + 4 retries). */
export const WEBHOOK_MAX_ATTEMPTS = 5;
/** Deliveries handled at once within a batch (each holds a pooled connection while it writes). */
const HANDLER_CONCURRENCY = 4;

/** Backoff after the n-th failed attempt: 10 s, 20 s, 40 s, 80 s. */
const backoffMs = (attempts: number) => 10_000 * 2 ** (attempts - 1);

const COALESCED_TOPICS: ReadonlyMap<string, string> = new Map([
  ["products/create", "product"],
  ["products/update", "product"],
  ["orders/create", "order"],
  ["orders/updated", "order"],
]);

interface ParsedDelivery extends ClaimedDelivery {
  body: unknown;
}

export interface DrainBatchResult {
  claimed: number;
  processed: number;
  ignored: number;
  /** Failed this attempt, to be retried after a backoff. */
  retrying: number;
  /** Failed for good: FAILED and dead-lettered. */
  failed: number;
  /** An applied delivery of the batch that can change stock (inventory_levels/*): the channels' push follows stored levels. */
  inventoryUpdate: { eventId: string; webhookId: string } | null;
}

/** The instant a full copy of a product or order was updated, or null when it cannot be coalesced. */
function copyInstant(delivery: ParsedDelivery): { key: string; noun: string; at: number } | null {
  const noun = COALESCED_TOPICS.get(delivery.topic);
  const body = delivery.body as { admin_graphql_api_id?: unknown; id?: unknown; updated_at?: unknown } | null;
  if (!noun || typeof body?.updated_at !== "string" || (typeof body.id !== "number" && typeof body.id !== "string")) return null;
  const at = Date.parse(body.updated_at);
  return Number.isNaN(at) ? null : { key: `${noun}:${String(body.id)}`, noun, at };
}

/** Splits the batch into deliveries to apply and older copies a newer one in the batch supersedes. */
export function coalesceCopies(deliveries: ParsedDelivery[]): { apply: ParsedDelivery[]; superseded: SettledDelivery[] } {
  const newest = new Map<string, number>();
  for (const delivery of deliveries) {
    const copy = copyInstant(delivery);
    if (copy) newest.set(copy.key, Math.max(newest.get(copy.key) ?? -Infinity, copy.at));
  }
  const apply: ParsedDelivery[] = [];
  const superseded: SettledDelivery[] = [];
  for (const delivery of deliveries) {
    const copy = copyInstant(delivery);
    if (copy && copy.at < newest.get(copy.key)!)
      superseded.push({
        eventId: delivery.eventId,
        status: "PROCESSED",
        note: `a newer copy of the ${copy.noun} arrived in the same batch: this older one is not stored`,
      });
    else apply.push(delivery);
  }
  return { apply, superseded };
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** GIDs of the records the batch's handlers read from Shopify (read together: prefetch-nodes.ts). */
function recordsToFetch(deliveries: ParsedDelivery[]): string[] {
  const ids: string[] = [];
  for (const delivery of deliveries) {
    const handler = TOPIC_HANDLERS.get(delivery.topic);
    if (!handler?.fetchesFromShopify) continue;
    const parsed = handler.schema.safeParse(delivery.body);
    if (parsed.success) ids.push(handler.fetchesFromShopify(parsed.data));
  }
  return ids;
}

function parseBody(delivery: ClaimedDelivery): ParsedDelivery {
  if (delivery.payload === null) return { ...delivery, body: null };
  try {
    return { ...delivery, body: JSON.parse(delivery.payload) as unknown };
  } catch {
    // Stored only after JSON.parse succeeded at ingress: cannot happen short of a hand-edited row.
    return { ...delivery, body: undefined };
  }
}

/** Claims and handles one batch of the shop's waiting deliveries. */
export async function drainWebhookBatch(shopDomain: string, options: { limit: number }): Promise<DrainBatchResult> {
  const claimed = (await claimDeliveries(shopDomain, options.limit, CLAIM_LEASE_MS)).map(parseBody);
  const result: DrainBatchResult = { claimed: claimed.length, processed: 0, ignored: 0, retrying: 0, failed: 0, inventoryUpdate: null };
  if (!claimed.length) return result;
  const shop = await findWebhookShop(shopDomain);
  const { apply, superseded } = coalesceCopies(claimed);
  const prefetched = shop && !shop.uninstalledAt ? await prefetchNodes(shopDomain, recordsToFetch(apply)) : undefined;
  const settled: SettledDelivery[] = [...superseded];
  const failures: { delivery: ParsedDelivery; error: Error }[] = [];

  // Products, orders, customers and levels of an installed shop: one transaction, a statement per table.
  let oneByOne = apply;
  if (shop && !shop.uninstalledAt) {
    const withBody = apply.filter((delivery) => delivery.body !== null);
    const set = await applyBatchSetBased(shop, withBody, prefetched ?? new Map());
    settled.push(...set.settled);
    const left = new Set(set.perDelivery);
    oneByOne = apply.filter((delivery) => delivery.body === null || left.has(delivery));
    const byEventId = new Map(apply.map((delivery) => [delivery.eventId, delivery]));
    const level = set.settled.find(
      (outcome) => outcome.status === "PROCESSED" && TOPIC_HANDLERS.get(byEventId.get(outcome.eventId)?.topic ?? "")?.changesStock,
    );
    if (level) result.inventoryUpdate = { eventId: level.eventId, webhookId: byEventId.get(level.eventId)!.webhookId };
  }

  await forEachLimited(oneByOne, HANDLER_CONCURRENCY, async (delivery) => {
    if (delivery.body === null) {
      // A RECEIVED row without a body: written by no version of the ingress; nothing to apply.
      settled.push({ eventId: delivery.eventId, status: "IGNORED", note: "the delivery has no stored body" });
      return;
    }
    try {
      const outcome = await handleWebhook(shop, delivery.topic, delivery.body, delivery.triggeredAt ?? undefined, prefetched);
      settled.push({
        eventId: delivery.eventId,
        status: outcome.status,
        note: outcome.status === "IGNORED" ? outcome.reason : (outcome.note ?? null),
      });
      if (outcome.status === "PROCESSED" && TOPIC_HANDLERS.get(delivery.topic)?.changesStock)
        result.inventoryUpdate = { eventId: delivery.eventId, webhookId: delivery.webhookId };
    } catch (error) {
      failures.push({ delivery, error: error instanceof Error ? error : new Error(String(error)) });
    }
  });

  await settleDeliveries(settled);
  for (const outcome of settled) result[outcome.status === "PROCESSED" ? "processed" : "ignored"]++;
  for (const { delivery, error } of failures) {
    const refusedToken = error instanceof ShopifyAuthError;
    if (refusedToken) await markShopNeedsReinstall(error.shop, error.message);
    if (refusedToken || delivery.attempts >= WEBHOOK_MAX_ATTEMPTS) {
      await recordFailedProcessing({
        eventId: delivery.eventId,
        shopDomain,
        topic: delivery.topic,
        error: error.message,
        stack: error.stack,
      });
      result.failed++;
    } else {
      await retryDeliveryLater(delivery.eventId, error.message, backoffMs(delivery.attempts));
      result.retrying++;
    }
    log.warn(
      { err: error, shop: shopDomain, topic: delivery.topic, eventId: delivery.eventId, attempts: delivery.attempts },
      "webhook delivery failed",
    );
  }
  return result;
}
