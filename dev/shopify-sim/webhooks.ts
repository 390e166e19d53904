import { createHmac, randomUUID } from "node:crypto";
import type { SimClock } from "./clock.ts";
import { inShopTimeZone } from "./rest-payloads.ts";
import { API_VERSION } from "./schema.ts";
import type { Random } from "./random.ts";
import type { ShopState } from "./shop-state.ts";
import { simLog } from "./log.ts";

/**
 * Webhook subscriptions and deliveries as Shopify sends them: a raw JSON body signed with the app
 * secret (X-Shopify-Hmac-Sha256 = base64 HMAC-SHA256), 5 s to answer, any non-2xx (redirects
 * included) a failure, 8 retries with exponential backoff over about 4 hours (compressible with
 * `retryScale`), and an API-created subscription deleted after 8 consecutive failed attempts.
 */
export const MAX_RETRIES = 8;
export const MAX_CONSECUTIVE_FAILURES = 8;
/** 1, 2, 4 ... 128 minutes: 8 retries over 4 h 15 min. Shopify documents the count and span, not the exact steps. */
export const RETRY_DELAYS_MS = Array.from({ length: MAX_RETRIES }, (_, i) => 60_000 * 2 ** i);

const TOPIC_RESOURCES = [
  "APP",
  "BULK_OPERATIONS",
  "CUSTOMERS",
  "INVENTORY_ITEMS",
  "INVENTORY_LEVELS",
  "LOCATIONS",
  "ORDERS",
  "PRODUCTS",
  "SHOP",
];

/** PRODUCTS_CREATE -> products/create, INVENTORY_LEVELS_UPDATE -> inventory_levels/update. */
export function topicToRest(topic: string): string {
  const resource = TOPIC_RESOURCES.filter((r) => topic.startsWith(`${r}_`)).sort((a, b) => b.length - a.length)[0];
  if (!resource) return topic.toLowerCase();
  return `${resource.toLowerCase()}/${topic.slice(resource.length + 1).toLowerCase()}`;
}

export function restToTopic(rest: string): string {
  return rest.replace("/", "_").toUpperCase();
}

export interface WebhookSubscriptionRecord {
  __typename: "WebhookSubscription";
  id: number;
  apiKey: string;
  shopDomain: string;
  topic: string;
  uri: string;
  format: "JSON";
  includeFields: string[];
  name: string | null;
  createdAt: string;
  updatedAt: string;
  consecutiveFailures: number;
}

export interface DeliveryLogEntry {
  webhookId: string;
  eventId: string;
  subscriptionId: number;
  shop: string;
  topic: string;
  uri: string;
  attempt: number;
  at: string;
  outcome: "delivered" | "failed" | "dropped" | "subscription-deleted";
  status: number | null;
  error: string | null;
  duplicate: boolean;
}

interface Delivery {
  webhookId: string;
  eventId: string;
  subscription: WebhookSubscriptionRecord;
  shop: ShopState;
  topic: string;
  uri: string;
  body: string;
  triggeredAt: string;
  attempt: number;
  duplicate: boolean;
}

export interface WebhooksOptions {
  apiSecret: string;
  random: Random;
  /** Multiplies the retry delays: 0.001 turns 4 hours into about 15 seconds. */
  retryScale: number;
  /** How long a subscriber has to answer (Shopify: 5 s). */
  timeoutMs: number;
  maxLogEntries?: number;
  /** Shopify's clock (subscription times, X-Shopify-Triggered-At); default the host's. */
  clock?: SimClock;
}

/** A delivery waiting for its (next) attempt, as the state journal keeps it. */
export interface PendingDelivery extends Omit<Delivery, "shop" | "subscription"> {
  shopDomain: string;
  subscriptionId: number;
  /** When the attempt is due (ms since the epoch). */
  dueAt: number;
}

/**
 * Told of every subscription written (the whole record) or deleted (undefined), of ids handed
 * out, and of deliveries waiting for an attempt (undefined once attempted): Shopify keeps retrying
 * across its own restarts, so the state journal keeps them.
 */
export interface SubscriptionListener {
  subscriptionChanged(id: number, record: WebhookSubscriptionRecord | undefined): void;
  idsAdvanced(nextId: number): void;
  deliveryPending(key: string, pending: PendingDelivery | undefined): void;
}

/** One key per queued delivery (a duplicate is a delivery of its own). */
export const deliveryKey = (delivery: { webhookId: string; duplicate: boolean }): string =>
  delivery.duplicate ? `${delivery.webhookId}+duplicate` : delivery.webhookId;

export class Webhooks {
  private readonly subscriptions = new Map<number, WebhookSubscriptionRecord>();
  listener: SubscriptionListener | null = null;
  private readonly log: DeliveryLogEntry[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private nextId = 9_000_000;
  private stopped = false;

  constructor(private readonly options: WebhooksOptions) {}

  /** Puts back a subscription (its failure counter included) as the state journal last saw it. */
  restoreSubscription(record: WebhookSubscriptionRecord): void {
    this.subscriptions.set(record.id, record);
  }

  /** Queues a delivery the state journal kept; false when its shop or subscription is gone. */
  restorePending(pending: PendingDelivery, shop: ShopState | undefined): boolean {
    const subscription = this.subscriptions.get(pending.subscriptionId);
    if (!shop || !subscription) return false;
    const { shopDomain: _shop, subscriptionId: _id, dueAt, ...delivery } = pending;
    this.schedule({ ...delivery, shop, subscription }, Math.max(0, dueAt - Date.now()));
    return true;
  }

  restoreNextId(nextId: number): void {
    this.nextId = Math.max(this.nextId, nextId);
  }

  /** Records a change made to a subscription in place (webhookSubscriptionUpdate). */
  save(sub: WebhookSubscriptionRecord): void {
    if (this.subscriptions.has(sub.id)) this.listener?.subscriptionChanged(sub.id, sub);
  }

  private nowIso(): string {
    return new Date(this.options.clock?.now() ?? Date.now()).toISOString();
  }

  list(apiKey: string, shopDomain: string): WebhookSubscriptionRecord[] {
    return [...this.subscriptions.values()].filter((s) => s.apiKey === apiKey && s.shopDomain === shopDomain);
  }

  listForShop(shopDomain: string): WebhookSubscriptionRecord[] {
    return [...this.subscriptions.values()].filter((s) => s.shopDomain === shopDomain);
  }

  get(id: number): WebhookSubscriptionRecord | undefined {
    return this.subscriptions.get(id);
  }

  create(
    apiKey: string,
    shopDomain: string,
    topic: string,
    uri: string,
    includeFields: string[],
    name: string | null,
  ): WebhookSubscriptionRecord {
    const now = this.nowIso();
    const sub: WebhookSubscriptionRecord = {
      __typename: "WebhookSubscription",
      id: this.nextId++,
      apiKey,
      shopDomain,
      topic,
      uri,
      format: "JSON",
      includeFields,
      name,
      createdAt: now,
      updatedAt: now,
      consecutiveFailures: 0,
    };
    this.subscriptions.set(sub.id, sub);
    this.listener?.idsAdvanced(this.nextId);
    this.listener?.subscriptionChanged(sub.id, sub);
    return sub;
  }

  delete(id: number): boolean {
    const deleted = this.subscriptions.delete(id);
    if (deleted) this.listener?.subscriptionChanged(id, undefined);
    return deleted;
  }

  deleteForShop(apiKey: string, shopDomain: string): void {
    for (const sub of this.list(apiKey, shopDomain)) this.delete(sub.id);
  }

  deliveries(shopDomain?: string): DeliveryLogEntry[] {
    return shopDomain ? this.log.filter((e) => e.shop === shopDomain) : [...this.log];
  }

  /** Queues one delivery per subscription to `restTopic` (e.g. "products/update") on this shop. */
  emit(shop: ShopState, restTopic: string, payload: Record<string, unknown>, apiKey?: string): number {
    const topic = restToTopic(restTopic);
    // REST bodies carry the shop's local time with its offset; headers stay UTC (as Shopify's do).
    payload = inShopTimeZone(payload, shop.store.shop.ianaTimezone);
    const eventId = randomUUID();
    const triggeredAt = this.nowIso();
    let queued = 0;
    for (const sub of this.listForShop(shop.domain)) {
      if (sub.topic !== topic || (apiKey && sub.apiKey !== apiKey)) continue;
      const body = JSON.stringify(sub.includeFields.length > 0 ? pick(payload, sub.includeFields) : payload);
      const delivery: Delivery = {
        webhookId: randomUUID(),
        eventId,
        subscription: sub,
        shop,
        topic: restTopic,
        uri: sub.uri,
        body,
        triggeredAt,
        attempt: 1,
        duplicate: false,
      };
      queued++;
      const faults = shop.faults;
      if (this.options.random.chance(faults.webhookDropRate)) {
        this.record(delivery, "dropped", null, null);
        continue;
      }
      const delay = faults.webhookReorderMs > 0 ? Math.floor(this.options.random.next() * faults.webhookReorderMs) : 0;
      this.schedule(delivery, delay);
      if (this.options.random.chance(faults.webhookDuplicateRate)) this.schedule({ ...delivery, duplicate: true }, delay + 1);
    }
    return queued;
  }

  /** Resolves when nothing is in flight or scheduled (retries included). */
  async idle(): Promise<void> {
    if (this.inFlight === 0 && this.timers.size === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.notifyIdle();
  }

  private schedule(delivery: Delivery, delayMs: number): void {
    if (this.stopped) return;
    const { shop, subscription, ...rest } = delivery;
    this.listener?.deliveryPending(deliveryKey(delivery), {
      ...rest,
      shopDomain: shop.domain,
      subscriptionId: subscription.id,
      dueAt: Date.now() + delayMs,
    });
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.inFlight++;
      void this.attempt(delivery).finally(() => {
        this.inFlight--;
        this.notifyIdle();
      });
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private notifyIdle(): void {
    if (this.inFlight !== 0 || this.timers.size !== 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  signature(body: string): string {
    return createHmac("sha256", this.options.apiSecret).update(body, "utf8").digest("base64");
  }

  private async attempt(delivery: Delivery): Promise<void> {
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(delivery.uri, {
        method: "POST",
        redirect: "manual",
        signal: AbortSignal.timeout(this.options.timeoutMs),
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "Shopify-Captain-Hook",
          "X-Shopify-Topic": delivery.topic,
          "X-Shopify-Hmac-Sha256": this.signature(delivery.body),
          "X-Shopify-Shop-Domain": delivery.shop.domain,
          "X-Shopify-Webhook-Id": delivery.webhookId,
          "X-Shopify-Event-Id": delivery.eventId,
          "X-Shopify-Triggered-At": delivery.triggeredAt,
          "X-Shopify-API-Version": API_VERSION,
          ...(delivery.subscription.name ? { "X-Shopify-Name": delivery.subscription.name } : {}),
        },
        body: delivery.body,
      });
      status = response.status;
      await response.body?.cancel();
    } catch (caught) {
      error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
    }
    // Stopped mid-attempt: the delivery stays pending, and a restart on the same state retries it.
    if (this.stopped) return;
    this.listener?.deliveryPending(deliveryKey(delivery), undefined);
    const sub = delivery.subscription;
    const logFields = { shop: delivery.shop.domain, topic: sub.topic, eventId: delivery.eventId, status };
    if (status !== null && status >= 200 && status < 300) {
      if (sub.consecutiveFailures !== 0) {
        sub.consecutiveFailures = 0;
        this.save(sub);
      }
      this.record(delivery, "delivered", status, null);
      simLog.debug(logFields, "webhook delivered");
      return;
    }
    this.record(delivery, "failed", status, error ?? `HTTP ${status}`);
    simLog.debug({ ...logFields, error: error ?? `HTTP ${status}` }, "webhook delivery failed");
    if (delivery.duplicate) return;
    sub.consecutiveFailures++;
    this.save(sub);
    if (sub.consecutiveFailures >= MAX_CONSECUTIVE_FAILURES && this.subscriptions.has(sub.id)) {
      this.delete(sub.id);
      this.record(delivery, "subscription-deleted", status, `${MAX_CONSECUTIVE_FAILURES} consecutive failures`);
    }
    if (delivery.attempt <= MAX_RETRIES && this.subscriptions.has(sub.id)) {
      const delay = (RETRY_DELAYS_MS[delivery.attempt - 1] ?? 0) * this.options.retryScale;
      this.schedule({ ...delivery, attempt: delivery.attempt + 1 }, delay);
    }
  }

  private record(delivery: Delivery, outcome: DeliveryLogEntry["outcome"], status: number | null, error: string | null): void {
    this.log.push({
      webhookId: delivery.webhookId,
      eventId: delivery.eventId,
      subscriptionId: delivery.subscription.id,
      shop: delivery.shop.domain,
      topic: delivery.topic,
      uri: delivery.uri,
      attempt: delivery.attempt,
      at: new Date().toISOString(),
      outcome,
      status,
      error,
      duplicate: delivery.duplicate,
    });
    const max = this.options.maxLogEntries ?? 10_000;
    if (this.log.length > max) this.log.splice(0, this.log.length - max);
  }
}

function pick(payload: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => f in payload).map((f) => [f, payload[f]]));
}
