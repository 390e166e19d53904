/**
 * The ingress half of a Shopify webhook, what POST /api/webhooks/shopify does between reading the
 * body and answering: verify, validate, store, answer. Shopify gives a delivery 5 s (a flash sale
 * sends hundreds a second) and retries any non-2xx 8 times over 4 hours before deleting the
 * subscription, so the request does one SQL statement and nothing else: the delivery goes into the
 * inbox (WebhookLog, RECEIVED, with its raw body) and the shop's drain is woken after the answer
 * (drain-webhooks.ts applies the inbox in batches). A payload that can never be handled is kept as
 * a dead letter and answered 200 (a 4xx would only make Shopify retry it and then unsubscribe).
 *
 * - The body is read as text, at most 1 MiB (413 beyond, nothing stored).
 * - The HMAC is checked (node:crypto, constant time: verify-webhook.ts) before anything is parsed:
 *   401 and nothing stored when it is missing or wrong.
 * - WebhookLog is insert-if-absent on X-Shopify-Event-Id (Shopify's duplicate key; a retry and a
 *   duplicate delivery share it): a known event answers 200 and does nothing more.
 * - The wake-up carries the shop only; no event carries a payload.
 */
import type { IncomingMessage } from "node:http";
import { inngest } from "../../../inngest/client";
import { shopAppUninstalled, shopifyBulkOperationFinished } from "../../../inngest/events";
import { AppError } from "../errors";
import { withTimeout } from "../http/with-timeout";
import { TOPIC_HANDLERS } from "./topics";
import { bulkOperationPayload } from "./topics/bulk-operations";
import { findWebhookShop, type WebhookShop } from "../shops/shop-queries";
import { forgetDelivery, insertIntoInbox, recordDelivery, recordInvalidDelivery, type DeliveryRecord } from "./webhook-queries";
import { verifyWebhook } from "./verify-webhook";
import { wakeDrain } from "./wake-drain";
import { log } from "../log";

export const MAX_WEBHOOK_BYTES = 1024 * 1024;

export type WebhookReceipt = { outcome: "accepted" | "duplicate" | "ignored" | "dead-lettered"; eventId: string; reason?: string };

export interface ReceivedWebhook {
  receipt: WebhookReceipt;
  /** The drain's wake-up, sent shortly after the answer (for `after()`); null when nothing waits. */
  wake: Promise<void> | null;
}

const tooLarge = () => new AppError("payload_too_large", `webhook bodies are limited to ${MAX_WEBHOOK_BYTES} bytes`);

/** Reads the raw body (the HMAC is over its exact bytes), refusing more than MAX_WEBHOOK_BYTES. */
export async function readWebhookBody(request: Request): Promise<string> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > MAX_WEBHOOK_BYTES) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_WEBHOOK_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * readWebhookBody for Node's request (the Pages API route): the same 1 MiB limit, declared or
 * streamed. Past the limit it stops keeping the bytes but lets the rest flow by unread, so the 413
 * reaches the client instead of a reset connection.
 */
export function readNodeWebhookBody(request: IncomingMessage): Promise<string> {
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > MAX_WEBHOOK_BYTES) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total <= MAX_WEBHOOK_BYTES) return void chunks.push(chunk);
      request.off("data", onData).off("end", onEnd).resume();
      reject(tooLarge());
    };
    const onEnd = () => resolve(Buffer.concat(chunks).toString("utf8"));
    request.on("data", onData).on("end", onEnd).once("error", reject);
  });
}

/** The request headers the ingress reads: a Web Request's, or Node's through nodeHeaders. */
export type HeaderReader = Pick<Headers, "get">;

/** Node's request headers as a HeaderReader (repeated headers joined, as the Web Headers join them). */
export function nodeHeaders(request: IncomingMessage): HeaderReader {
  return {
    get: (name) => {
      const value = request.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(", ") : (value ?? null);
    },
  };
}

export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.map((issue) => `${issue.path.map(String).join(".") || "(payload)"}: ${issue.message}`).join("; ");
}

/** The record a payload is about, for WebhookLog, even when it failed validation. */
function looseResourceId(payload: unknown): string | null {
  const value = payload as { admin_graphql_api_id?: unknown } | null;
  return typeof value?.admin_graphql_api_id === "string" ? value.admin_graphql_api_id.slice(0, 200) : null;
}

/**
 * Shopify gives a delivery 5 s: an event send that hangs is abandoned after this long (the
 * delivery is forgotten and answered 500, so Shopify retries it; the event id dedupes a send that
 * did land late).
 */
const EVENT_SEND_TIMEOUT_MS = 4_000;

/**
 * The two topics whose events go out before the answer, because something waits for them: a
 * bulk_operations/finish wakes the sync step waiting for that export, an app/uninstalled cancels the
 * shop's running sync (its cancelOn) before the drain gets to it. Ids derived from the event id, so
 * a resend (for a redelivery) runs once.
 */
async function sendTopicEvents(delivery: DeliveryRecord, shop: WebhookShop, payload: Record<string, unknown>): Promise<void> {
  const events: unknown[] = [];
  if (delivery.topic === "bulk_operations/finish") {
    const operation = bulkOperationPayload.parse(payload);
    events.push(
      shopifyBulkOperationFinished.create(
        { shopDomain: shop.domain, bulkOperationId: operation.admin_graphql_api_id, status: operation.status.toUpperCase() },
        { id: `${delivery.eventId}:bulk-operation.finished` },
      ),
    );
  }
  if (delivery.topic === "app/uninstalled") {
    events.push(shopAppUninstalled.create({ shopId: shop.id, shopDomain: shop.domain }, { id: `${delivery.eventId}:app.uninstalled` }));
  }
  if (!events.length) return;
  await withTimeout(inngest.send(events as Parameters<typeof inngest.send>[0]), EVENT_SEND_TIMEOUT_MS, "sending the webhook's event");
}

/**
 * An app/uninstalled that cannot be about the current installation: triggered before the shop's
 * latest install (a late retry or a replay after a reinstall), or naming another shop in its
 * signed body than the unsigned header does. Returns the reason to ignore it, or null.
 */
function staleUninstall(delivery: DeliveryRecord, shop: WebhookShop, payload: unknown): string | null {
  if (delivery.topic !== "app/uninstalled") return null;
  const named = (payload as { myshopify_domain?: unknown }).myshopify_domain;
  if (typeof named === "string" && named.toLowerCase() !== shop.domain)
    return `the payload names ${named}, not ${shop.domain}: not acted on`;
  if (!delivery.triggeredAt) return "the delivery has no X-Shopify-Triggered-At: it cannot be ordered against the latest install";
  if (shop.installedAt && delivery.triggeredAt < shop.installedAt)
    return "triggered before the shop's latest install: the shop was installed again since";
  return null;
}

export async function receiveWebhook(request: { headers: HeaderReader }, rawBody: string): Promise<ReceivedWebhook> {
  const check = verifyWebhook(request.headers, rawBody);
  if (!check.valid) {
    if ("missingHeaders" in check) throw new AppError("bad_request", `missing webhook headers: ${check.missingHeaders.join(", ")}`);
    throw new AppError(
      "unauthorized",
      check.reason === "missing_hmac" ? "the webhook signature is missing" : "the webhook signature is invalid",
    );
  }
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody);
  } catch {
    throw new AppError("bad_request", "the webhook body is not JSON");
  }

  const topic = (request.headers.get("x-shopify-topic") ?? "").trim().toLowerCase();
  const triggeredAt = check.triggeredAt ? new Date(check.triggeredAt) : null;
  const delivery: DeliveryRecord = {
    // Shopify sends X-Shopify-Event-Id on every webhook; a delivery without one dedupes on its webhook id.
    eventId: check.eventId || check.webhookId,
    webhookId: check.webhookId,
    topic,
    shopDomain: check.domain.toLowerCase(),
    shopId: null,
    resourceId: looseResourceId(payload),
    apiVersion: check.apiVersion,
    triggeredAt: triggeredAt && !Number.isNaN(triggeredAt.getTime()) ? triggeredAt : null,
  };
  const ignore = async (reason: string): Promise<ReceivedWebhook> => {
    const inserted = await recordDelivery(delivery, { status: "IGNORED", error: reason });
    return { receipt: { outcome: inserted ? "ignored" : "duplicate", eventId: delivery.eventId, reason }, wake: null };
  };
  const unknownShop = () => {
    log.warn(
      { shop: delivery.shopDomain, topic, eventId: delivery.eventId },
      "webhook for a shop that is not installed: recorded and ignored",
    );
    return ignore("the shop is not installed");
  };

  const handler = TOPIC_HANDLERS.get(topic);
  const parsed = handler?.schema.safeParse(payload);
  const isObject = typeof payload === "object" && payload !== null && !Array.isArray(payload);
  // The common case, in one statement: a valid payload of a handled topic.
  if (handler && parsed?.success && isObject && topic !== "app/uninstalled") {
    delivery.resourceId = handler.resourceId(parsed.data) ?? delivery.resourceId;
    const { inserted, shop } = await insertIntoInbox(delivery, rawBody, handler.runsWhenUninstalled);
    if (!shop) return unknownShop();
    delivery.shopId = shop.id;
    if (!inserted && shop.uninstalledAt && !handler.runsWhenUninstalled)
      return ignore("the shop uninstalled the app: nothing is written for it");
    return accept(delivery, shop, payload as Record<string, unknown>, inserted);
  }

  // The rest (unknown topics, invalid payloads, app/uninstalled) are rare: read the shop first.
  const shop = await findWebhookShop(delivery.shopDomain);
  if (!shop) return unknownShop();
  delivery.shopId = shop.id;
  if (!handler) return ignore(`ShopSync does not handle ${topic || "(no topic)"}`);
  if (shop.uninstalledAt && !handler.runsWhenUninstalled) return ignore("the shop uninstalled the app: nothing is written for it");
  if (!parsed?.success || !isObject) {
    const message =
      parsed?.success === false ? `invalid ${topic} payload: ${describeIssues(parsed.error.issues)}` : "the payload is not a JSON object";
    const inserted = await recordInvalidDelivery({ ...delivery, shopId: shop.id }, rawBody, message);
    return { receipt: { outcome: inserted ? "dead-lettered" : "duplicate", eventId: delivery.eventId, reason: message }, wake: null };
  }
  delivery.resourceId = handler.resourceId(parsed.data) ?? delivery.resourceId;
  const stale = staleUninstall(delivery, shop, payload);
  if (stale) return ignore(stale);
  const inserted = await recordDelivery(delivery, { status: "RECEIVED", payload: rawBody });
  return accept(delivery, shop, payload as Record<string, unknown>, inserted);
}

/**
 * A delivery in the inbox (now, or already: a duplicate): its topic's events, if any, go out before
 * the answer, and the drain is woken after it. A duplicate wakes the drain too (coalesced, free):
 * if the first delivery's wake-up was lost, Shopify's retry makes it good.
 */
async function accept(
  delivery: DeliveryRecord,
  shop: WebhookShop,
  payload: Record<string, unknown>,
  inserted: boolean,
): Promise<ReceivedWebhook> {
  try {
    await sendTopicEvents(delivery, shop, payload);
  } catch (error) {
    if (!inserted) throw error;
    // Not sent: forget the delivery so that Shopify's retry of it is not taken for a duplicate.
    await forgetDelivery(delivery.eventId);
    throw error;
  }
  return { receipt: { outcome: inserted ? "accepted" : "duplicate", eventId: delivery.eventId }, wake: wakeDrain(shop.domain) };
}
