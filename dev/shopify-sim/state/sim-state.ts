/**
 * What the simulator keeps across restarts, as Shopify keeps it: per shop, what it was generated
 * from and every record changed since (written whole, or a tombstone when deleted); the access and
 * refresh tokens and authorization codes OAuth issued, with their expiry; webhook subscriptions with
 * their failed-delivery counters and the deliveries waiting for a retry; the next ids. A restart regenerates each shop from its creation
 * options (deterministic from the seed and the persisted `now` anchor), then puts the journal's
 * records back over it.
 *
 * Not kept: fault injection and plan changes (knobs given at each start), throttle buckets, bulk
 * operations and their result files, the delivery log.
 */
import path from "node:path";
import type { GrantKind } from "../oauth.ts";
import type { ShopCreation, Simulator } from "../simulator.ts";
import type { ShopState } from "../shop-state.ts";
import { RESOURCE_NAMES } from "../store/shop-store.ts";
import type { PendingDelivery, WebhookSubscriptionRecord } from "../webhooks.ts";
import { StateJournal } from "./journal.ts";

/** Where `npm run dev` keeps the simulator's state: beside the embedded database, ignored by git. */
export const DEV_SIM_STATE_DIR = path.resolve(import.meta.dirname, "../../../.data/shopify-sim");

const GRANT_KINDS: GrantKind[] = ["access", "refresh", "codes"];

const table = {
  shops: "shops",
  records: (domain: string, kind: string) => `records:${domain}:${kind}`,
  ids: (domain: string) => `ids:${domain}`,
  grants: (kind: GrantKind) => `oauth:${kind}`,
  subscriptions: "webhooks:subscriptions",
  subscriptionIds: "webhooks:ids",
  pendingDeliveries: "webhooks:pending",
  demo: "demo",
};

/** Opens the journal in `dir`, puts its state into `sim`, and journals every later change. */
export function persistSimulator(sim: Simulator, dir: string): StateJournal {
  const journal = StateJournal.open(dir);
  try {
    const { requeued } = restore(sim, journal);
    journal.compact((name, key, value) => {
      if (name === table.pendingDeliveries) return requeued.has(key);
      const kind = GRANT_KINDS.find((k) => name === table.grants(k));
      return kind ? sim.oauth.isLive(kind, value as object) : true;
    });
    record(sim, journal);
    return journal;
  } catch (error) {
    journal.close();
    throw error;
  }
}

function restore(sim: Simulator, journal: StateJournal): { requeued: Set<string> } {
  for (const [domain, creation] of journal.table(table.shops)) {
    const stored = creation as Omit<ShopCreation, "now"> & { now: string };
    const shop = sim.addShop(domain, { ...stored, now: new Date(stored.now) });
    for (const kind of RESOURCE_NAMES) {
      for (const [key, value] of journal.table(table.records(domain, kind))) shop.store.restoreRecord(kind, key, value as object | null);
    }
    const nextId = journal.table(table.ids(domain)).get("next");
    if (typeof nextId === "number") shop.store.restoreNextId(nextId);
  }
  for (const kind of GRANT_KINDS) {
    for (const [key, value] of journal.table(table.grants(kind))) sim.oauth.restoreGrant(kind, key, value as object);
  }
  for (const value of journal.table(table.subscriptions).values()) sim.webhooks.restoreSubscription(value as WebhookSubscriptionRecord);
  const nextSubscriptionId = journal.table(table.subscriptionIds).get("next");
  if (typeof nextSubscriptionId === "number") sim.webhooks.restoreNextId(nextSubscriptionId);
  const requeued = new Set<string>();
  for (const [key, value] of journal.table(table.pendingDeliveries)) {
    const pending = value as PendingDelivery;
    if (sim.webhooks.restorePending(pending, sim.shops.get(pending.shopDomain))) requeued.add(key);
  }
  return { requeued };
}

function record(sim: Simulator, journal: StateJournal): void {
  const recordStore = (domain: string, shop: ShopState) => {
    shop.store.listener = {
      recordChanged: (kind, key, value) => journal.set(table.records(domain, kind), key, value),
      idsAdvanced: (nextId) => journal.set(table.ids(domain), "next", nextId),
    };
  };
  for (const [domain, shop] of sim.shops) recordStore(domain, shop);
  sim.shopListener = (domain, creation, shop) => {
    journal.set(table.shops, domain, creation);
    recordStore(domain, shop);
  };
  sim.oauth.listener = (kind, key, value) => {
    if (value) journal.set(table.grants(kind), key, value);
    else journal.forget(table.grants(kind), key);
  };
  sim.webhooks.listener = {
    subscriptionChanged: (id, value) => {
      if (value) journal.set(table.subscriptions, String(id), value);
      else journal.forget(table.subscriptions, String(id));
    },
    idsAdvanced: (nextId) => journal.set(table.subscriptionIds, "next", nextId),
    deliveryPending: (key, pending) => {
      if (pending) journal.set(table.pendingDeliveries, key, pending);
      else journal.forget(table.pendingDeliveries, key);
    },
  };
}

/** The demo shop's pre-issued token from an earlier start, while Shopify would still accept it. */
export function savedDemoToken(sim: Simulator, journal: StateJournal, shop: string, scopes: string[]): string | null {
  const token = journal.table(table.demo).get(shop);
  if (typeof token !== "string") return null;
  const grant = sim.oauth.authenticate(token, shop);
  return grant && grant.scopes.join(",") === scopes.join(",") ? token : null;
}

export function saveDemoToken(journal: StateJournal, shop: string, token: string): void {
  if (journal.table(table.demo).get(shop) !== token) journal.set(table.demo, shop, token);
}
