/**
 * The writes webhooks make to synced records. Upserts go through the sync's own ingest path
 * (ingestRecords: zod, set-based upsert guarded by shopifyUpdatedAt, dead letters), so an older
 * delivery never overwrites newer data whichever path stored it. Every transaction starts with
 * lockInstalledShop: nothing is written for an uninstalled shop.
 */
import { db, type Db } from "../db";
import { ingestRecords, type IncomingRecord, type IngestResult } from "../sync/ingest/ingest-records";
import { lockInstalledShop } from "../sync/ingest/shop-guard";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * A burst's drains share the pool: wait up to 10 s for a connection (Prisma's default is 2 s, and
 * a write that gave up is retried only after a backoff), and give a write 30 s.
 */
export const WEBHOOK_TX_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;

/** The record a delivery is about (its Tombstone, if it was deleted, is looked up by this id). */
export interface Tombstone {
  resourceId: string;
  deleteTopic: string;
}

/**
 * Shopify ids are never reused, so a delete is final: an update delivered after its record's
 * delete (out of order), a sync page or bulk file read before it, must not bring the record back.
 * deleteRecord writes a Tombstone row (primary key (shopId, shopifyId): an index lookup) in the
 * transaction that deletes; every ingest path skips tombstoned records and their children
 * (upsert-rows.ts). Writes and deletes of one webhook record are serialised by an advisory lock.
 */
async function lockRecord(tx: Tx, shopId: string, resourceId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`webhook-record:${shopId}:${resourceId}`}))`;
}

async function isDeletedUpstream(tx: Tx, shopId: string, tombstone: Tombstone): Promise<boolean> {
  await lockRecord(tx, shopId, tombstone.resourceId);
  return (
    (await tx.tombstone.findUnique({
      where: { shopId_shopifyId: { shopId, shopifyId: tombstone.resourceId } },
      select: { shopId: true },
    })) !== null
  );
}

export type UpsertOutcome = { deletedUpstream: true } | { deletedUpstream: false; written: boolean; result: IngestResult };

export interface ParentWithChildren {
  parent: IncomingRecord;
  children: IncomingRecord[];
  /**
   * Whether the children are the parent's complete list: then stored children missing from it
   * (a variant deleted, a line removed by an order edit) are deleted with the new copy.
   */
  isCompleteList: boolean;
}

/**
 * Stores a parent and its children from one copy of the record. The children are written only when
 * the parent was (this copy is at least as new as the stored one): a child the newer copy dropped
 * has no stored row left to guard it, so an older copy must not write children at all. When the
 * copy won and lists every child, stored children it no longer has are deleted.
 */
export async function upsertParentWithChildren(
  shopId: string,
  type: "Product" | "Order",
  record: ParentWithChildren,
  tombstone: Tombstone,
): Promise<UpsertOutcome> {
  return db().$transaction(async (tx): Promise<UpsertOutcome> => {
    await lockInstalledShop(tx, shopId);
    if (await isDeletedUpstream(tx, shopId, tombstone)) return { deletedUpstream: true };
    const parent = await ingestRecords(tx, { shopId }, [record.parent]);
    const written = (parent.byType[type]?.written ?? 0) > 0;
    if (!written) return { deletedUpstream: false, written, result: parent };
    const children = await ingestRecords(tx, { shopId }, record.children);
    if (record.isCompleteList) {
      const parentId = (record.parent.value as { id: string }).id;
      const where = { shopId, shopifyId: { notIn: record.children.map((child) => (child.value as { id: string }).id) } };
      if (type === "Product") await tx.productVariant.deleteMany({ where: { ...where, productId: parentId } });
      else await tx.orderLineItem.deleteMany({ where: { ...where, orderId: parentId } });
    }
    return {
      deletedUpstream: false,
      written,
      result: { byType: { ...parent.byType, ...children.byType }, deadLettered: parent.deadLettered + children.deadLettered },
    };
  }, WEBHOOK_TX_OPTIONS);
}

/** Stores records (parents before children, as ingestRecords orders them). */
export async function upsertRecords(shopId: string, records: IncomingRecord[], tombstone?: Tombstone): Promise<UpsertOutcome> {
  return db().$transaction(async (tx): Promise<UpsertOutcome> => {
    await lockInstalledShop(tx, shopId);
    if (tombstone && (await isDeletedUpstream(tx, shopId, tombstone))) return { deletedUpstream: true };
    const result = await ingestRecords(tx, { shopId }, records);
    return { deletedUpstream: false, written: Object.values(result.byType).some((counts) => counts.written > 0), result };
  }, WEBHOOK_TX_OPTIONS);
}

export type DeletableType = "Product" | "Order" | "Customer";

/**
 * Deletes one record (its children, variants or line items, cascade) and leaves its Tombstone, so
 * no copy read before the delete stores it again. Returns rows deleted.
 */
export async function deleteRecord(shopId: string, type: DeletableType, shopifyId: string): Promise<number> {
  return db().$transaction(async (tx) => {
    await lockInstalledShop(tx, shopId);
    await lockRecord(tx, shopId, shopifyId);
    await tx.tombstone.createMany({ data: [{ shopId, shopifyId, resource: type }], skipDuplicates: true });
    const where = { shopId, shopifyId };
    const { count } =
      type === "Product"
        ? await tx.product.deleteMany({ where })
        : type === "Order"
          ? await tx.order.deleteMany({ where })
          : await tx.customer.deleteMany({ where });
    return count;
  }, WEBHOOK_TX_OPTIONS);
}

/**
 * Deletes up to `limit` tombstones that no longer matter, oldest first; returns how many. A
 * tombstone keeps a deleted record from coming back through a copy read before the delete, so it
 * stays while such a copy can still arrive: at least until `before` (the retention: Shopify's
 * retries of an update end after hours), and beyond while a sync of the shop that started before
 * the delete is still queued or running (its pages or bulk file predate it), an open dead letter
 * names the record (a replay of a record or of a webhook about it), or a delivery about it waits in
 * the inbox. (A dead letter of a child needs no tombstone: without its parent row a child is not
 * stored.) Each condition is an index probe; the rows found are deleted by their physical address.
 */
export async function pruneTombstones(before: Date, limit: number): Promise<number> {
  return db().$executeRaw`
    DELETE FROM "Tombstone" WHERE ctid = ANY(ARRAY(
      SELECT c.ctid FROM "Tombstone" c
      WHERE c."deletedAt" < ${before}
        AND NOT EXISTS (SELECT 1 FROM "SyncRun" r WHERE r."shopId" = c."shopId" AND r.status IN ('QUEUED', 'RUNNING') AND r."createdAt" <= c."deletedAt")
        AND NOT EXISTS (SELECT 1 FROM "FailedSyncItem" f WHERE f."shopId" = c."shopId" AND f."shopifyId" = c."shopifyId" AND f."isOpen")
        AND NOT EXISTS (SELECT 1 FROM "WebhookLog" w WHERE w."shopId" = c."shopId" AND w.status = 'RECEIVED' AND w."resourceId" = c."shopifyId")
      ORDER BY c."deletedAt"
      LIMIT ${limit}))`;
}

/**
 * Removes an inventory level Shopify no longer has (its item is no longer stocked at the location).
 * No Tombstone: unlike products, a level's id names an (item, location) pair that can be stocked
 * again, and the handlers decide by Shopify's current answer, not by the delivery's age.
 */
export async function deleteInventoryLevel(shopId: string, shopifyId: string): Promise<number> {
  return db().$transaction(async (tx) => {
    await lockInstalledShop(tx, shopId);
    await lockRecord(tx, shopId, shopifyId);
    const { count } = await tx.inventoryLevel.deleteMany({ where: { shopId, shopifyId } });
    return count;
  }, WEBHOOK_TX_OPTIONS);
}
