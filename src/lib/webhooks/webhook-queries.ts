/**
 * WebhookLog (one row per delivery, keyed by Shopify's X-Shopify-Event-Id) and the dead letters of
 * webhooks that could not be handled. Insert-if-absent is what makes a redelivery a no-op.
 */
import { db } from "../db";
import { pgPool } from "../db-pool";
import { recordDeadLetters } from "../dead-letters/dead-letter-queries";
import { findShopId, type WebhookShop } from "../shops/shop-queries";

export interface DeliveryRecord {
  eventId: string;
  webhookId: string;
  topic: string;
  shopDomain: string;
  shopId: string | null;
  resourceId: string | null;
  apiVersion: string | null;
  triggeredAt: Date | null;
}

/**
 * Inserts the delivery unless its event id is known; returns false for a duplicate. An accepted
 * delivery (RECEIVED) keeps its raw body until it is handled: the event carries only the id.
 */
export async function recordDelivery(
  delivery: DeliveryRecord,
  outcome: { status: "RECEIVED"; payload: string } | { status: "IGNORED"; error: string },
): Promise<boolean> {
  const received = outcome.status === "RECEIVED";
  const { count } = await db().webhookLog.createMany({
    data: [
      {
        ...delivery,
        status: outcome.status,
        error: received ? null : outcome.error,
        payload: received ? outcome.payload : null,
        processedAt: received ? null : new Date(),
      },
    ],
    skipDuplicates: true,
  });
  return count === 1;
}

export interface InboxInsert {
  /** False for a known event id, and when the row was not inserted (see below). */
  inserted: boolean;
  /** The shop the header names, or null when no Shop row has that domain. */
  shop: WebhookShop | null;
}

/**
 * The ingress's one statement: the delivery goes into the inbox (WebhookLog, RECEIVED, with its
 * raw body) unless its event id is known, and only when the shop is known and either installed or
 * the topic runs for uninstalled shops too; the shop comes back with the answer, so the caller can
 * tell a duplicate from a delivery to ignore without a second round trip. Raw `pg`: this is the
 * whole of the request's database work.
 */
export async function insertIntoInbox(delivery: DeliveryRecord, rawBody: string, runsWhenUninstalled: boolean): Promise<InboxInsert> {
  const { rows } = await pgPool().query<{
    id: string | null;
    domain: string | null;
    installedAt: Date | null;
    uninstalledAt: Date | null;
    inserted: number;
  }>({
    // A named (prepared) statement: planned once per connection instead of per delivery, a quarter
    // of PostgreSQL's CPU per delivery (docs/performance.md, section 4).
    name: "webhook-inbox-insert",
    text: `WITH s AS (SELECT id, domain, "installedAt", "uninstalledAt" FROM "Shop" WHERE domain = $2),
     ins AS (
       INSERT INTO "WebhookLog" (id, "eventId", "webhookId", topic, "shopDomain", "shopId", "resourceId", "apiVersion", "triggeredAt", status, payload)
       SELECT gen_random_uuid()::text, $1, $3, $4, $2, s.id, $5, $6, $7, 'RECEIVED', $8 FROM s
       WHERE s."uninstalledAt" IS NULL OR $9::boolean
       ON CONFLICT ("eventId") DO NOTHING
       RETURNING 1)
     SELECT s.id, s.domain, s."installedAt", s."uninstalledAt", (SELECT count(*) FROM ins)::int AS inserted
     FROM (SELECT 1) one LEFT JOIN s ON true`,
    values: [
      delivery.eventId,
      delivery.shopDomain,
      delivery.webhookId,
      delivery.topic,
      delivery.resourceId,
      delivery.apiVersion,
      delivery.triggeredAt,
      rawBody,
      runsWhenUninstalled,
    ],
  });
  const row = rows[0]!;
  return {
    inserted: row.inserted === 1,
    shop: row.id ? { id: row.id, domain: row.domain!, installedAt: row.installedAt, uninstalledAt: row.uninstalledAt } : null,
  };
}

/** A delivery whose payload failed validation: logged FAILED and kept as a dead letter, together. */
export async function recordInvalidDelivery(
  delivery: DeliveryRecord & { shopId: string },
  rawBody: string,
  errorMessage: string,
): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.webhookLog.createMany({
      data: [{ ...delivery, status: "FAILED", error: errorMessage, processedAt: new Date() }],
      skipDuplicates: true,
    });
    if (count === 0) return false;
    await recordDeadLetters(tx, [
      {
        shopId: delivery.shopId,
        entityType: `webhook:${delivery.topic}`,
        shopifyId: delivery.resourceId,
        triggeredAt: delivery.triggeredAt,
        rawPayload: rawBody,
        errorMessage,
      },
    ]);
    return true;
  });
}

/** Forgets a delivery whose event could not be sent, so Shopify's retry is not taken for a duplicate. */
export async function forgetDelivery(eventId: string): Promise<void> {
  await db().webhookLog.deleteMany({ where: { eventId, status: "RECEIVED" } });
}

/** A delivery whose processing failed for good: FAILED, and its payload kept for the retry job. */
export async function recordFailedProcessing(options: {
  eventId: string;
  shopDomain: string;
  topic: string;
  /** The payload when the event carried it (events sent before payloads moved to WebhookLog). */
  payload?: unknown;
  error: string;
  stack?: string;
}): Promise<void> {
  await db().$transaction(async (tx) => {
    const log = await tx.webhookLog.findUnique({
      where: { eventId: options.eventId },
      select: { shopId: true, resourceId: true, status: true, payload: true, triggeredAt: true },
    });
    // The payload moves from the log row to the dead letter.
    await tx.webhookLog.updateMany({
      where: { eventId: options.eventId },
      data: { status: "FAILED", error: options.error, processedAt: new Date(), payload: null },
    });
    const rawPayload = log?.payload ?? (options.payload === undefined ? null : JSON.stringify(options.payload));
    const shopId = log?.shopId ?? (await findShopId(options.shopDomain, tx));
    if (!shopId || log?.status === "FAILED" || rawPayload === null) return;
    await recordDeadLetters(tx, [
      {
        shopId,
        entityType: `webhook:${options.topic}`,
        shopifyId: log?.resourceId ?? null,
        triggeredAt: log?.triggeredAt ?? null,
        rawPayload,
        errorMessage: options.error,
        errorStack: options.stack ?? null,
      },
    ]);
  });
}

/** A delivery the drain claimed: its row's fields the processing needs. */
export interface ClaimedDelivery {
  eventId: string;
  webhookId: string;
  topic: string;
  shopDomain: string;
  triggeredAt: Date | null;
  receivedAt: Date;
  payload: string | null;
  /** This claim included. */
  attempts: number;
}

/**
 * Claims up to `limit` of the shop's deliveries that wait (RECEIVED, not leased and not backing
 * off), oldest first: each gets a lease of `leaseMs` (a drain that dies mid-batch leaves them to the
 * next one after it) and one more attempt. SKIP LOCKED: two drains of one shop (the runner's
 * concurrency key keeps them apart; a replayed step may not) never claim the same row. An index
 * range of the shop's RECEIVED rows, however long the log.
 */
export async function claimDeliveries(shopDomain: string, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  // raw `pg` and a named statement, as the ingress's INSERT: planned once per connection
  const { rows } = await pgPool().query<ClaimedDelivery>({
    name: "webhook-inbox-claim",
    text: `WITH claim AS (
      SELECT w.id FROM "WebhookLog" w
      WHERE w."shopId" = (SELECT id FROM "Shop" WHERE domain = $1) AND w.status = 'RECEIVED'
        AND (w."claimedUntil" IS NULL OR w."claimedUntil" <= now())
      ORDER BY w."receivedAt"
      LIMIT $2
      FOR UPDATE SKIP LOCKED)
    UPDATE "WebhookLog" w SET attempts = w.attempts + 1, "claimedUntil" = now() + make_interval(secs => $3::float8)
    FROM claim WHERE w.id = claim.id
    RETURNING w."eventId", w."webhookId", w.topic, w."shopDomain", w."triggeredAt", w."receivedAt", w.payload, w.attempts`,
    values: [shopDomain, limit, leaseMs / 1000],
  });
  return rows.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
}

export interface SettledDelivery {
  eventId: string;
  status: "PROCESSED" | "IGNORED";
  note: string | null;
}

/** Marks handled deliveries in one statement: status, note, processed-at, and the body released. */
export async function settleDeliveries(settled: SettledDelivery[]): Promise<void> {
  if (!settled.length) return;
  await pgPool().query({
    name: "webhook-inbox-settle",
    text: `UPDATE "WebhookLog" w SET status = u.status::"WebhookStatus", error = u.note, "processedAt" = now(), payload = NULL, "claimedUntil" = NULL
    FROM unnest($1::text[], $2::text[], $3::text[]) AS u("eventId", status, note)
    WHERE w."eventId" = u."eventId" AND w.status = 'RECEIVED'`,
    values: [settled.map((d) => d.eventId), settled.map((d) => d.status), settled.map((d) => d.note)],
  });
}

/** A failed attempt that will be retried: the error kept, the row claimable again after `backoffMs`. */
export async function retryDeliveryLater(eventId: string, error: string, backoffMs: number): Promise<void> {
  await db().$executeRaw`
    UPDATE "WebhookLog" SET error = ${error}, "claimedUntil" = now() + make_interval(secs => ${backoffMs / 1000}::float8)
    WHERE "eventId" = ${eventId} AND status = 'RECEIVED'`;
}

/**
 * Shops with deliveries that have waited longer than `olderThanMs` and are claimable (a wake-up
 * lost with a crashed process, a failed attempt whose backoff ended). An index range of RECEIVED rows.
 */
export async function shopsWithWaitingDeliveries(olderThanMs: number): Promise<string[]> {
  const rows = await db().$queryRaw<{ domain: string }[]>`
    SELECT DISTINCT s.domain FROM "WebhookLog" w JOIN "Shop" s ON s.id = w."shopId"
    WHERE w.status = 'RECEIVED' AND w."receivedAt" < now() - make_interval(secs => ${olderThanMs / 1000}::float8)
      AND (w."claimedUntil" IS NULL OR w."claimedUntil" <= now())`;
  return rows.map((row) => row.domain);
}

/**
 * Deletes up to `limit` handled deliveries (PROCESSED, IGNORED, FAILED: a failed one's body lives on
 * in its dead letter) received before `before`, oldest first; returns how many. RECEIVED rows are
 * never pruned. One status at a time, so each is a range of the (status, receivedAt) index, and the
 * rows found are deleted by their physical address (a TID scan, not a join back to the table).
 */
export async function pruneWebhookLog(before: Date, limit: number): Promise<number> {
  let deleted = 0;
  for (const status of ["PROCESSED", "IGNORED", "FAILED"] as const) {
    if (deleted >= limit) break;
    deleted += await db().$executeRaw`
      DELETE FROM "WebhookLog" WHERE ctid = ANY(ARRAY(
        SELECT ctid FROM "WebhookLog" WHERE status = ${status}::"WebhookStatus" AND "receivedAt" < ${before}
        ORDER BY "receivedAt" LIMIT ${limit - deleted}))`;
  }
  return deleted;
}
