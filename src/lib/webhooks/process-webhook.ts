/**
 * The processing half of a webhook: run the topic's handler for a delivery the ingress route
 * accepted. Called by the drain (drain-webhooks.ts, a batch of a shop's deliveries at a time) and
 * by the dead-letter retry job (processWebhookPayload, replaying a `webhook:<topic>` dead letter's
 * payload).
 */
import { AppError } from "../errors";
import { ShopNotInstalledError } from "../sync/ingest/shop-guard";
import { describeIssues } from "./receive-webhook";
import { TOPIC_HANDLERS } from "./topics";
import { findWebhookShop, type WebhookShop } from "../shops/shop-queries";

export type HandleOutcome = { status: "PROCESSED"; note?: string } | { status: "IGNORED"; reason: string };

/**
 * Runs the topic's handler. `shop` is the Shop row as the caller read it (null: not installed);
 * writes re-check installation inside their transactions (lockInstalledShop), so a row read at the
 * start of a batch cannot let a write through after an uninstall.
 */
export async function handleWebhook(
  shop: WebhookShop | null,
  topic: string,
  payload: unknown,
  triggeredAt?: Date,
  prefetched?: ReadonlyMap<string, unknown>,
): Promise<HandleOutcome> {
  const handler = TOPIC_HANDLERS.get(topic);
  if (!handler) return { status: "IGNORED", reason: `ShopSync does not handle ${topic}` };
  if (!shop) return { status: "IGNORED", reason: "the shop is not installed" };
  if (shop.uninstalledAt && !handler.runsWhenUninstalled)
    return { status: "IGNORED", reason: "the shop uninstalled the app: nothing is written for it" };
  const parsed = handler.schema.safeParse(payload);
  if (!parsed.success) throw new AppError("validation_failed", `invalid ${topic} payload: ${describeIssues(parsed.error.issues)}`);
  try {
    const note = await handler.handle({ shop, triggeredAt, prefetched }, parsed.data);
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
 * `triggeredAt` orders it as the delivery it came from: an app/uninstalled triggered before the
 * shop's latest install changes nothing, replayed or not.
 */
export async function processWebhookPayload(shopDomain: string, topic: string, payload: unknown, triggeredAt?: Date): Promise<void> {
  const outcome = await handleWebhook(await findWebhookShop(shopDomain), topic, payload, triggeredAt);
  if (outcome.status === "IGNORED") throw new AppError("conflict", `${topic} for ${shopDomain} was not processed: ${outcome.reason}`);
}
