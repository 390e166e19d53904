/**
 * What ShopSync tells a merchant about, and the words each kind uses. Facts are small key/value
 * pairs the sender fills (shop, reason, counts, a link); templates print them in order.
 */
import { z } from "zod";

export const NOTIFICATION_KINDS = [
  "sync_failed",
  "first_sync_finished",
  "dead_letters_threshold",
  "reconciliation_critical",
  "channel_circuit_changed",
  "webhooks_recreated",
  "reinstall_needed",
  "low_stock",
  "test",
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const notificationKindSchema = z.enum(NOTIFICATION_KINDS);

export const notificationFactsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
export type NotificationFacts = z.infer<typeof notificationFactsSchema>;

export const KIND_TITLES: Record<NotificationKind, string> = {
  sync_failed: "A sync of your store failed",
  first_sync_finished: "Your store is ready",
  dead_letters_threshold: "Records are waiting in the dead-letter queue",
  reconciliation_critical: "Your copy has drifted from Shopify",
  channel_circuit_changed: "A sales channel changed state",
  webhooks_recreated: "Webhook subscriptions were recreated",
  reinstall_needed: "ShopSync needs you to reinstall it",
  low_stock: "A product is low on stock",
  test: "Test notification from ShopSync",
};

/** A fact's key as words: "syncRunId" -> "Sync run id". */
export function factLabel(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

/** Facts whose value is a link are shown as a button rather than a line. */
export const isLinkFact = (key: string, value: unknown): value is string => key.endsWith("Url") && typeof value === "string";
