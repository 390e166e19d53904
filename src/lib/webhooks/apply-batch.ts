/**
 * A drain batch applied set-based: the deliveries about products, orders, customers and inventory
 * levels are written in ONE transaction with one statement per table (not one transaction per
 * delivery), through the sync's ingest path (ingestRecords: zod, the newest-wins guard, the
 * same-second rule, tombstones, instants with offsets). What the per-delivery handlers promised
 * still holds, per record:
 *
 * - deletes first: every deleted record gets its Tombstone and is deleted (one statement per table),
 *   so an update of it in the same batch, or arriving later, is not stored;
 * - a parent's children (variants, line items) are written only when that copy of the parent was
 *   written (the ingest lists the ids it wrote), and when the copy lists every child, the stored
 *   children it dropped are deleted (one statement per table);
 * - writes of one record are serialised with a dead-letter replay of it by the same advisory lock
 *   per record the handlers take (all the batch's locks taken first, in one order);
 * - nothing is written for an uninstalled shop (lockInstalledShop starts the transaction).
 *
 * Whatever this path cannot decide the same way in bulk goes to the per-delivery handlers instead:
 * several same-instant copies of one record in the batch (the same-second rule is applied copy by
 * copy), a customer or level the batched `nodes(ids:)` read did not return (or a level Shopify no
 * longer has: its handler removes the stored one), other topics, and the
 * whole set when its transaction fails or stores a dead letter (the handlers then attribute it to
 * its delivery exactly as before).
 */
import type { SqlTx } from "../db";
import { withBulkTransaction } from "../sync/ingest/bulk-transaction";
import { ingestRecords, type IncomingRecord } from "../sync/ingest/ingest-records";
import { lockInstalledShop, ShopNotInstalledError } from "../sync/ingest/shop-guard";
import type { WebhookShop } from "../shops/shop-queries";
import type { WebhookInventoryLevelQuery } from "../shopify/types/admin.generated";
import { log } from "../log";
import { TOPIC_HANDLERS } from "./topics";
import { gid } from "./topics/define-topic";
import { orderNodes, type OrderPayload } from "./topics/orders";
import { productNodes, type ProductPayload } from "./topics/products";
import type { SettledDelivery } from "./webhook-queries";

type Tx = SqlTx;

export interface BatchDelivery {
  eventId: string;
  topic: string;
  body: unknown;
}

type ParentType = "Product" | "Order";
type DeletableType = ParentType | "Customer";

const PARENT_TOPICS: ReadonlyMap<string, ParentType> = new Map([
  ["products/create", "Product"],
  ["products/update", "Product"],
  ["orders/create", "Order"],
  ["orders/updated", "Order"],
]);
const DELETE_TOPICS: ReadonlyMap<string, DeletableType> = new Map([
  ["products/delete", "Product"],
  ["orders/delete", "Order"],
  ["customers/delete", "Customer"],
]);
const CUSTOMER_TOPICS = new Set(["customers/create", "customers/update"]);
/** The level topics share one handler, decided by what Shopify says of the level now. */
const LEVEL_TOPICS = new Set(["inventory_levels/update", "inventory_levels/connect", "inventory_levels/disconnect"]);

const NOUN: Record<DeletableType, string> = { Product: "product", Order: "order", Customer: "customer" };
/** Each parent's children table, and the column naming the parent (complete lists prune the rest). */
const CHILDREN: Record<ParentType, { table: string; parentColumn: string }> = {
  Product: { table: "ProductVariant", parentColumn: "productId" },
  Order: { table: "OrderLineItem", parentColumn: "orderId" },
};

interface ParentWork {
  delivery: BatchDelivery;
  type: ParentType;
  id: string;
  parent: IncomingRecord;
  children: IncomingRecord[];
  isCompleteList: boolean;
}
interface DeleteWork {
  delivery: BatchDelivery;
  type: DeletableType;
  id: string;
}
/** A customer, or an inventory level with its item: records read from Shopify, written as read. */
interface FetchedWork {
  delivery: BatchDelivery;
  noun: "customer" | "inventory level";
  /** The record a tombstone would name (customers only). */
  tombstoneId: string | null;
  /** Its ids: the delivery counts as stored when any of them was written. */
  ids: string[];
  records: IncomingRecord[];
}

interface Plan {
  parents: ParentWork[];
  deletes: DeleteWork[];
  fetched: FetchedWork[];
  /** Answered without a write (the record is gone from Shopify). */
  settled: SettledDelivery[];
  /** For the per-delivery handlers. */
  perDelivery: BatchDelivery[];
}

export interface SetApplyResult {
  settled: SettledDelivery[];
  /** Deliveries the set-based path left to the per-delivery handlers. */
  perDelivery: BatchDelivery[];
}

/** Splits the batch: what is applied in bulk, and what goes to the handlers one by one. */
function plan(deliveries: BatchDelivery[], prefetched: ReadonlyMap<string, unknown>): Plan {
  const result: Plan = { parents: [], deletes: [], fetched: [], settled: [], perDelivery: [] };
  for (const delivery of deliveries) {
    const parsed = TOPIC_HANDLERS.get(delivery.topic)?.schema.safeParse(delivery.body);
    if (!parsed?.success) {
      result.perDelivery.push(delivery); // the handler path reports it as before
      continue;
    }
    const parentType = PARENT_TOPICS.get(delivery.topic);
    const deleteType = DELETE_TOPICS.get(delivery.topic);
    if (parentType) {
      const nodes = parentType === "Product" ? productNodes(parsed.data as ProductPayload) : orderNodes(parsed.data as OrderPayload);
      const id = (nodes.parent.value as { id: string }).id;
      result.parents.push({ delivery, type: parentType, id, ...nodes });
    } else if (deleteType) {
      result.deletes.push({ delivery, type: deleteType, id: gid(deleteType, (parsed.data as { id: string }).id) });
    } else if (CUSTOMER_TOPICS.has(delivery.topic)) {
      const id = gid("Customer", (parsed.data as { id: string }).id);
      if (!prefetched.has(id)) result.perDelivery.push(delivery);
      else if (!prefetched.get(id)) result.settled.push(processed(delivery, "the customer no longer exists in Shopify"));
      else result.fetched.push({ delivery, noun: "customer", tombstoneId: id, ids: [id], records: [{ value: prefetched.get(id) }] });
    } else if (LEVEL_TOPICS.has(delivery.topic)) {
      const id = TOPIC_HANDLERS.get(delivery.topic)!.fetchesFromShopify!(parsed.data);
      const level = prefetched.get(id) as WebhookInventoryLevelQuery["inventoryLevel"] | undefined;
      // Not read, or gone from Shopify (the handler removes the stored level, under its lock): one by one.
      if (!level?.item) result.perDelivery.push(delivery);
      else {
        const { item, ...fields } = level;
        result.fetched.push({
          delivery,
          noun: "inventory level",
          tombstoneId: null,
          ids: [item.id, fields.id],
          records: [{ value: item }, { value: fields, parentId: item.id }],
        });
      }
    } else result.perDelivery.push(delivery);
  }
  // Several copies of one record left after coalescing share an instant: the same-second rule is
  // applied copy by copy (which copy's children are stored depends on which parent wins).
  const copies = new Map<string, number>();
  for (const work of result.parents) copies.set(work.id, (copies.get(work.id) ?? 0) + 1);
  result.perDelivery.push(...result.parents.filter((work) => copies.get(work.id)! > 1).map((work) => work.delivery));
  result.parents = result.parents.filter((work) => copies.get(work.id) === 1);
  return result;
}

const processed = (delivery: BatchDelivery, note: string | null = null): SettledDelivery => ({
  eventId: delivery.eventId,
  status: "PROCESSED",
  note,
});

/** The set-based path stored a dead letter: the handlers redo the set and attribute it per delivery. */
class DeadLetterInBatch extends Error {}

/** The same advisory lock per record the handlers take (record-queries.ts), every one up front, in one order. */
async function lockRecords(tx: Tx, shopId: string, ids: string[]): Promise<void> {
  const keys = [...new Set(ids)].sort().map((id) => `webhook-record:${shopId}:${id}`);
  if (!keys.length) return;
  await tx.$queryRawUnsafe(
    `SELECT count(pg_advisory_xact_lock(hashtext(k.key))) FROM (SELECT key FROM unnest($1::text[]) WITH ORDINALITY AS u(key, n) ORDER BY n) k`,
    keys,
  );
}

/** Tombstones for every deleted record, then one DELETE per table; returns the ids that were stored. */
async function deleteAll(tx: Tx, shopId: string, deletes: DeleteWork[]): Promise<Set<string>> {
  const removed = new Set<string>();
  if (!deletes.length) return removed;
  await tx.$executeRawUnsafe(
    `INSERT INTO "Tombstone" ("shopId", "shopifyId", resource) SELECT $1, u.id, u.resource FROM unnest($2::text[], $3::text[]) AS u(id, resource)
     ON CONFLICT DO NOTHING`,
    shopId,
    deletes.map((work) => work.id),
    deletes.map((work) => work.type),
  );
  for (const type of ["Product", "Order", "Customer"] as const) {
    const ids = deletes.filter((work) => work.type === type).map((work) => work.id);
    if (!ids.length) continue;
    const rows = await tx.$queryRawUnsafe<{ shopifyId: string }[]>(
      `DELETE FROM "${type}" WHERE "shopId" = $1 AND "shopifyId" = ANY($2::text[]) RETURNING "shopifyId"`,
      shopId,
      ids,
    );
    for (const row of rows) removed.add(row.shopifyId);
  }
  return removed;
}

async function tombstoned(tx: Tx, shopId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await tx.$queryRawUnsafe<{ shopifyId: string }[]>(
    `SELECT "shopifyId" FROM "Tombstone" WHERE "shopId" = $1 AND "shopifyId" = ANY($2::text[])`,
    shopId,
    ids,
  );
  return new Set(rows.map((row) => row.shopifyId));
}

/** Stored children a written complete copy no longer lists: deleted, one statement per table. */
async function pruneDroppedChildren(tx: Tx, shopId: string, written: ParentWork[]): Promise<void> {
  for (const type of ["Product", "Order"] as const) {
    const complete = written.filter((work) => work.type === type && work.isCompleteList);
    if (!complete.length) continue;
    const { table, parentColumn } = CHILDREN[type];
    await tx.$executeRawUnsafe(
      `DELETE FROM "${table}" WHERE "shopId" = $1 AND "${parentColumn}" = ANY($2::text[]) AND NOT ("shopifyId" = ANY($3::text[]))`,
      shopId,
      complete.map((work) => work.id),
      complete.flatMap((work) => work.children.map((child) => (child.value as { id: string }).id)),
    );
  }
}

async function writeSet(tx: Tx, shop: WebhookShop, work: Plan): Promise<SettledDelivery[]> {
  const shopId = shop.id;
  await lockInstalledShop(tx, shopId);
  await lockRecords(tx, shopId, [
    ...work.parents.map((p) => p.id),
    ...work.deletes.map((d) => d.id),
    ...work.fetched.flatMap((f) => (f.tombstoneId ? [f.tombstoneId] : [])),
  ]);
  const settled: SettledDelivery[] = [];

  const removed = await deleteAll(tx, shopId, work.deletes);
  for (const { delivery, type, id } of work.deletes)
    settled.push(processed(delivery, removed.has(id) ? null : `the ${type.toLowerCase()} was not stored`));

  const deleted = await tombstoned(tx, shopId, [
    ...work.parents.map((p) => p.id),
    ...work.fetched.flatMap((f) => (f.tombstoneId ? [f.tombstoneId] : [])),
  ]);
  const parents = work.parents.filter((p) => !deleted.has(p.id));
  const fetched = work.fetched.filter((f) => !f.tombstoneId || !deleted.has(f.tombstoneId));
  for (const p of work.parents)
    if (deleted.has(p.id)) settled.push(processed(p.delivery, `the ${NOUN[p.type]} was deleted: this older delivery is not stored`));
  for (const f of work.fetched)
    if (f.tombstoneId && deleted.has(f.tombstoneId))
      settled.push(processed(f.delivery, `the ${f.noun} was deleted: this older delivery is not stored`));

  // Parents, customers, inventory items and levels: one statement per table.
  const first = await ingestRecords(tx, { shopId, listWritten: true }, [
    ...parents.map((p) => p.parent),
    ...fetched.flatMap((f) => f.records),
  ]);
  if (first.deadLettered > 0) throw new DeadLetterInBatch(`${first.deadLettered} dead letter(s)`);
  const written = first.writtenIds!;
  const writtenParents = parents.filter((p) => written.has(p.id));
  // The children of the copies that were written, and nothing of the copies that lost.
  const children = await ingestRecords(
    tx,
    { shopId },
    writtenParents.flatMap((p) => p.children),
  );
  if (children.deadLettered > 0) throw new DeadLetterInBatch(`${children.deadLettered} dead letter(s)`);
  await pruneDroppedChildren(tx, shopId, writtenParents);

  for (const p of parents) settled.push(processed(p.delivery, written.has(p.id) ? null : `a newer copy of the ${NOUN[p.type]} is stored`));
  for (const f of fetched)
    settled.push(processed(f.delivery, f.ids.some((id) => written.has(id)) ? null : `a newer copy of the ${f.noun} is stored`));
  return settled;
}

/**
 * Applies what it can of an installed shop's batch in one transaction and settles it; returns the
 * outcomes and the deliveries left to the per-delivery handlers.
 */
export async function applyBatchSetBased(
  shop: WebhookShop,
  deliveries: BatchDelivery[],
  prefetched: ReadonlyMap<string, unknown>,
): Promise<SetApplyResult> {
  const work = plan(deliveries, prefetched);
  const inSet = [...work.parents, ...work.deletes, ...work.fetched].map((w) => w.delivery);
  if (!inSet.length) return { settled: work.settled, perDelivery: work.perDelivery };
  try {
    // raw `pg`, as the bulk path's chunks: a drain batch is the same kind of set-based write
    const settled = await withBulkTransaction((tx) => writeSet(tx, shop, work));
    return { settled: [...work.settled, ...settled], perDelivery: work.perDelivery };
  } catch (error) {
    if (error instanceof ShopNotInstalledError)
      return {
        settled: [...work.settled, ...inSet.map((d) => ({ eventId: d.eventId, status: "IGNORED" as const, note: error.message }))],
        perDelivery: work.perDelivery,
      };
    // Nothing of the set was written: the handlers apply it one delivery at a time, as before.
    if (!(error instanceof DeadLetterInBatch))
      log.warn({ err: error, shop: shop.domain, deliveries: inSet.length }, "set-based webhook batch failed: applied one by one");
    return { settled: work.settled, perDelivery: [...work.perDelivery, ...inSet] };
  }
}
