/**
 * WebhookLog (one row per delivery, keyed by Shopify's X-Shopify-Event-Id) and the dead letters of
 * webhooks that could not be handled. Insert-if-absent is what makes a redelivery a no-op.
 */
import { db } from "../db";
import { recordDeadLetters } from "../dead-letters/dead-letter-queries";
import { findShopId } from "../shops/shop-queries";
import type { WebhookStatus } from "../../generated/prisma/enums";

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

/** The raw body of a delivery not yet handled, or null once handled (or unknown). */
export async function findDeliveryPayload(eventId: string): Promise<{ status: WebhookStatus; payload: string | null } | null> {
  return db().webhookLog.findUnique({ where: { eventId }, select: { status: true, payload: true } });
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
        rawPayload: rawBody,
        errorMessage,
      },
    ]);
    return true;
  });
}

/** The status of a known delivery (for a redelivery of one whose event may never have been sent). */
export async function findDelivery(eventId: string): Promise<{ status: WebhookStatus; receivedAt: Date } | null> {
  return db().webhookLog.findUnique({ where: { eventId }, select: { status: true, receivedAt: true } });
}

/** Forgets a delivery whose event could not be sent, so Shopify's retry is not taken for a duplicate. */
export async function forgetDelivery(eventId: string): Promise<void> {
  await db().webhookLog.deleteMany({ where: { eventId, status: "RECEIVED" } });
}

/** The delivery is handled: its status, and its payload released (the copy lives in the records now). */
export async function markDelivery(eventId: string, status: WebhookStatus, error?: string): Promise<void> {
  await db().webhookLog.updateMany({ where: { eventId }, data: { status, error: error ?? null, processedAt: new Date(), payload: null } });
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
      select: { shopId: true, resourceId: true, status: true, payload: true },
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
        rawPayload,
        errorMessage: options.error,
        errorStack: options.stack ?? null,
      },
    ]);
  });
}
