/**
 * The id exports of the daily reconciliation (src/lib/reconciliation). Webhooks can be lost (and
 * an incremental sync cannot see what no longer exists), so every day each reconciled table's ids
 * are exported from Shopify (one id-only bulk operation each: cheap at any store size) and diffed
 * with the copy. Without read_all_orders Shopify shows only the last 60 days of orders, so only
 * that window of orders is exported and compared.
 */
import { db } from "../db";
import type { ShopifyAdmin } from "../shopify/admin-client";
import { ID_EXPORTS } from "../shopify/queries/reconcile";
import { RUN_BULK_QUERY } from "../shopify/queries/sync";
import { ShopifyRequestError } from "../shopify/shopify-errors";
import { RESOURCE_TABLES } from "./resources";
import { recentOrdersSince } from "./sync-windows";

export type ReconciledResource = keyof typeof ID_EXPORTS;

const isReconciled = (key: string): key is ReconciledResource => key in ID_EXPORTS;

/** The registry's reconciled tables, in stage order: the key names the id export, the table what is swept. */
const RECONCILED_TABLES = RESOURCE_TABLES.filter((table) => table.reconciled).map((table) => {
  if (!isReconciled(table.key)) throw new Error(`resources.ts marks ${table.table} reconciled, but ID_EXPORTS has no "${table.key}"`);
  return { key: table.key, table: table.table };
});

export const RECONCILED: readonly ReconciledResource[] = RECONCILED_TABLES.map((table) => table.key);

export interface IdsExport {
  operationId: string;
  /** Orders created before this are outside Shopify's visible window (no read_all_orders). */
  ordersSince: string | null;
  startedAt: string;
}

export async function startIdsExport(admin: ShopifyAdmin, resource: ReconciledResource, scopes: string[]): Promise<IdsExport> {
  const ordersSince = resource === "orders" && !scopes.includes("read_all_orders") ? recentOrdersSince(new Date()) : null;
  const query =
    resource === "orders" ? ID_EXPORTS.orders(ordersSince ? `created_at:>='${ordersSince}'` : undefined) : ID_EXPORTS[resource]();
  // On the database's clock, as the rows' syncedAt is: a row written after the export started is
  // never taken for one Shopify no longer has, whatever the app's clock says.
  const [{ now }] = await db().$queryRaw<[{ now: Date }]>`SELECT now() AS now`;
  const startedAt = now.toISOString();
  const { data } = await admin.request(RUN_BULK_QUERY, { query, groupObjects: false });
  const operation = data.bulkOperationRunQuery?.bulkOperation;
  if (!operation)
    throw new ShopifyRequestError(
      `id export of ${resource} refused: ${(data.bulkOperationRunQuery?.userErrors ?? []).map((e) => e.message).join("; ")}`,
    );
  return { operationId: operation.id, ordersSince, startedAt };
}

/** The PostgreSQL table a reconciled resource's ids are compared with. */
export function reconciledTable(resource: ReconciledResource): string {
  return RECONCILED_TABLES.find((entry) => entry.key === resource)!.table;
}
