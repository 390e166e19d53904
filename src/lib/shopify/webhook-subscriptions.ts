/**
 * The webhook subscriptions ShopSync needs, created through the Admin API. Idempotent: existing
 * subscriptions to our address are kept, missing ones (never made, or deleted by Shopify after
 * repeated failed deliveries) are created. The compliance topics (customers/data_request,
 * customers/redact, shop/redact) are declared in the app configuration, not here: Shopify does
 * not allow subscribing to them through the API.
 */
import { env } from "../env";
import { RESOURCE_WEBHOOK_TOPICS } from "../sync/resources";
import type { ShopifyAdmin } from "./admin-client";
import { CREATE_WEBHOOK_SUBSCRIPTION, LIST_WEBHOOK_SUBSCRIPTIONS } from "./queries/webhook-subscriptions";
import { ShopifyRequestError } from "./shopify-errors";
import type { ListWebhookSubscriptionsQuery } from "./types/admin.generated";
import type { WebhookSubscriptionTopic } from "./types/admin.types";

/** The resources' topics (src/lib/sync/resources.ts), then the app's own. */
export const SUBSCRIBED_TOPICS: readonly WebhookSubscriptionTopic[] = [
  ...RESOURCE_WEBHOOK_TOPICS,
  "APP_UNINSTALLED",
  "BULK_OPERATIONS_FINISH",
];

export const webhookAddress = (): string => new URL("/api/webhooks/shopify", env().APP_URL).toString();

type SubscriptionNode = ListWebhookSubscriptionsQuery["webhookSubscriptions"]["nodes"][number];

async function listSubscriptions(admin: ShopifyAdmin): Promise<SubscriptionNode[]> {
  const all: SubscriptionNode[] = [];
  let after: string | null = null;
  do {
    const { data }: { data: ListWebhookSubscriptionsQuery } = await admin.request(LIST_WEBHOOK_SUBSCRIPTIONS, { after });
    all.push(...data.webhookSubscriptions.nodes);
    after = data.webhookSubscriptions.pageInfo.hasNextPage ? (data.webhookSubscriptions.pageInfo.endCursor ?? null) : null;
  } while (after);
  return all;
}

/** Creates the missing subscriptions; returns the topics it created. */
export async function ensureWebhookSubscriptions(admin: ShopifyAdmin, uri = webhookAddress()): Promise<string[]> {
  const existing = new Set((await listSubscriptions(admin)).filter((s) => s.uri === uri).map((s) => s.topic));
  const created: string[] = [];
  for (const topic of SUBSCRIBED_TOPICS) {
    if (existing.has(topic)) continue;
    const { data } = await admin.request(CREATE_WEBHOOK_SUBSCRIPTION, { topic, uri });
    const errors = data.webhookSubscriptionCreate?.userErrors ?? [];
    if (errors.length) throw new ShopifyRequestError(`could not subscribe to ${topic}: ${errors.map((e) => e.message).join("; ")}`, errors);
    created.push(topic);
  }
  return created;
}
