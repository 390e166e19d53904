/**
 * The processing half of a webhook: run the topic's handler for a delivery the ingress route
 * accepted. Called by the process-webhook Inngest function (with the delivery's WebhookLog row to
 * mark) and by the dead-letter retry job (processWebhookPayload, replaying a `webhook:<topic>`
 * dead letter's payload).
 */
import { AppError } from "../errors";
import { ShopNotInstalledError } from "../sync/ingest/shop-guard";
import { describeIssues } from "./receive-webhook";
import { TOPIC_HANDLERS } from "./topics";
import { findWebhookShop } from "../shops/shop-queries";
import { findDeliveryPayload, markDelivery, recordFailedProcessing } from "./webhook-queries";

export type HandleOutcome = { status: "PROCESSED"; note?: string } | { status: "IGNORED"; reason: string };

async function handleWebhook(shopDomain: string, topic: string, payload: unknown, triggeredAt?: Date): Promise<HandleOutcome> {
  const handler = TOPIC_HANDLERS.get(topic);
  if (!handler) return { status: "IGNORED", reason: `ShopSync does not handle ${topic}` };
  const shop = await findWebhookShop(shopDomain);
  if (!shop) return { status: "IGNORED", reason: "the shop is not installed" };
  if (shop.uninstalledAt && !handler.runsWhenUninstalled)
    return { status: "IGNORED", reason: "the shop uninstalled the app: nothing is written for it" };
  const parsed = handler.schema.safeParse(payload);
  if (!parsed.success) throw new AppError("validation_failed", `invalid ${topic} payload: ${describeIssues(parsed.error.issues)}`);
  try {
    const note = await handler.handle({ shop, triggeredAt }, parsed.data);
    return { status: "PROCESSED", ...(note ? { note } : {}) };
  } catch (error) {
    // The app was uninstalled while this delivery was on its way: the write was refused.
    if (error instanceof ShopNotInstalledError) return { status: "IGNORED", reason: error.message };
    throw error;
  }
}

/**
 * Processes one webhook payload; throws when it could not be (invalid payload, Shopify or database
 * failure, or a shop that is no longer installed), so a replayed dead letter stays unresolved.
 */
export async function processWebhookPayload(shopDomain: string, topic: string, payload: unknown): Promise<void> {
  const outcome = await handleWebhook(shopDomain, topic, payload);
  if (outcome.status === "IGNORED") throw new AppError("conflict", `${topic} for ${shopDomain} was not processed: ${outcome.reason}`);
}

export interface WebhookDelivery {
  eventId: string;
  shopDomain: string;
  topic: string;
  triggeredAt?: string;
  /** Only in events sent before payloads moved to WebhookLog; otherwise read from the row. */
  payload?: Record<string, unknown>;
}

/**
 * The delivery's body: from its WebhookLog row (the event carries only the id). Null when the row
 * has none left: the delivery was handled already (its payload is released then), and this is a
 * replay of the step.
 */
async function deliveryPayload(delivery: WebhookDelivery): Promise<unknown> {
  if (delivery.payload) return delivery.payload;
  const stored = await findDeliveryPayload(delivery.eventId);
  if (stored?.payload == null) return null;
  try {
    return JSON.parse(stored.payload) as unknown;
  } catch {
    throw new AppError("validation_failed", `the stored body of webhook ${delivery.eventId} is not JSON`);
  }
}

/** Processes an accepted delivery and marks its WebhookLog row PROCESSED or IGNORED; throws to be retried. */
export async function processWebhookDelivery(delivery: WebhookDelivery): Promise<HandleOutcome> {
  const payload = await deliveryPayload(delivery);
  if (payload === null) return { status: "IGNORED", reason: "already handled: the delivery has no stored payload" };
  const outcome = await handleWebhook(
    delivery.shopDomain,
    delivery.topic,
    payload,
    delivery.triggeredAt ? new Date(delivery.triggeredAt) : undefined,
  );
  await markDelivery(delivery.eventId, outcome.status, outcome.status === "IGNORED" ? outcome.reason : outcome.note);
  return outcome;
}

/** After the last retry: the delivery is FAILED and its payload (from its row) becomes a dead letter for the retry job. */
export async function recordWebhookFailure(delivery: WebhookDelivery, error: { message: string; stack?: string }): Promise<void> {
  await recordFailedProcessing({
    eventId: delivery.eventId,
    shopDomain: delivery.shopDomain,
    topic: delivery.topic,
    ...(delivery.payload ? { payload: delivery.payload } : {}),
    error: error.message,
    stack: error.stack,
  });
}
