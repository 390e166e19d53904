/**
 * The paginated path: pages of a resource through its connection, each page's records and the
 * stage's new cursor committed in one transaction (so a retried step neither skips nor double
 * counts). A call runs pages until its time budget is spent, so a store of any size needs few
 * Inngest steps; it returns whether the stage has more to do.
 */
import { db } from "../db";
import type { ShopifyAdmin } from "../shopify/admin-client";
import { ingestRecords, type IncomingRecord } from "./ingest/ingest-records";
import type { ShopifySource } from "./resources";
import { encodeCursor, readPagesCursor, type PagesCursor } from "./stage-cursor";
import { advanceStage, continueWithoutProtectedData, readStage } from "./sync-runs";
import { newestUpdatedAt } from "./sync-windows";
import { analyzeIfGrown } from "./table-statistics";
import { ShopifyAccessDeniedError } from "../shopify/shopify-errors";
import { log } from "../log";

interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

interface Connection {
  pageInfo: PageInfo;
  nodes: Record<string, unknown>[];
}

export interface PageRunOptions {
  admin: ShopifyAdmin;
  shopId: string;
  runId: string;
  config: ShopifySource;
  passes: (string | null)[];
  /** Stop starting new pages after this long (the step then returns and the next one continues). */
  budgetMs?: number;
}

export interface PageRunResult {
  done: boolean;
  pages: number;
  records: number;
}

/** The rest of a nested connection that did not fit in the page (e.g. variants 21..n). */
async function fetchRemainingChildren(
  admin: ShopifyAdmin,
  config: ShopifySource,
  parentId: string,
  after: string | null,
): Promise<Record<string, unknown>[]> {
  const nested = config.nested!;
  const children: Record<string, unknown>[] = [];
  let cursor = after;
  while (cursor) {
    const { data } = await admin.request(nested.document, { id: parentId, after: cursor });
    // Generic over resources: the registry names the fields (each document's own type is generated).
    const connection = (data as Record<string, Record<string, Connection> | null>)[nested.rootField]?.[nested.field];
    if (!connection) break; // the parent was deleted meanwhile: its children go with it
    children.push(...connection.nodes);
    cursor = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
  }
  return children;
}

/** Flattens a page into records: each root, then each of its children tagged with the root id. */
export async function flattenPage(admin: ShopifyAdmin, config: ShopifySource, nodes: Record<string, unknown>[]): Promise<IncomingRecord[]> {
  const records: IncomingRecord[] = [];
  for (const node of nodes) {
    const nested = config.nested;
    if (!nested) {
      records.push({ value: node });
      continue;
    }
    const { [nested.field]: connection, ...root } = node as Record<string, unknown> & { [key: string]: Connection | undefined };
    records.push({ value: root });
    const parentId = String(root.id);
    const children = [...(connection?.nodes ?? [])];
    if (connection?.pageInfo.hasNextPage)
      children.push(...(await fetchRemainingChildren(admin, config, parentId, connection.pageInfo.endCursor)));
    for (const child of children) records.push({ value: child, parentId });
  }
  return records;
}

export async function syncPages(options: PageRunOptions): Promise<PageRunResult> {
  const { admin, shopId, runId, config, passes } = options;
  const resource = config.resource;
  const deadline = Date.now() + (options.budgetMs ?? 20_000);
  let pages = 0;
  let records = 0;
  for (;;) {
    const stage = await readStage(runId, resource);
    const cursor = readPagesCursor(stage.cursor);
    if (cursor.pass >= passes.length) return { done: true, pages, records };
    const fallback = config.withoutProtectedData;
    let data: Record<string, Connection>;
    try {
      const answer = await admin.request(cursor.withoutProtectedData && fallback ? fallback.pageDocument : config.pageDocument, {
        first: config.pageSize,
        after: cursor.after ?? null,
        query: passes[cursor.pass] ?? null,
      });
      // Generic over resources: the registry names the connection (each document's own type is generated).
      data = answer.data as Record<string, Connection>;
    } catch (error) {
      if (!(error instanceof ShopifyAccessDeniedError) || !fallback || cursor.withoutProtectedData) throw error;
      log.warn({ stage: resource, reason: error.message }, "protected data denied: continuing without it");
      await continueWithoutProtectedData(runId, resource, fallback.note);
      continue;
    }
    const page = data[config.connection]!;
    const batch = await flattenPage(admin, config, page.nodes);
    const next: PagesCursor = page.pageInfo.hasNextPage
      ? { ...cursor, after: page.pageInfo.endCursor }
      : { ...cursor, pass: cursor.pass + 1, after: null };
    await db().$transaction(
      async (tx) => {
        // Compare-and-set first: if another attempt already committed this page, write nothing.
        const moved = await advanceStage(tx, runId, resource, {
          fromCursor: stage.cursor,
          toCursor: encodeCursor(next),
          processed: page.nodes.length,
          newestUpdatedAt: newestUpdatedAt(page.nodes),
        });
        if (moved) await ingestRecords(tx, { shopId, syncRunId: runId }, batch);
      },
      { timeout: 60_000 },
    );
    pages += 1;
    records += page.nodes.length;
    log.info(
      { stage: resource, pass: cursor.pass, records: page.nodes.length, lines: batch.length, hasNextPage: page.pageInfo.hasNextPage },
      "page ingested",
    );
    await analyzeIfGrown(resource, stage.processed, stage.processed + page.nodes.length);
    if (next.pass >= passes.length) return { done: true, pages, records };
    if (Date.now() >= deadline) return { done: false, pages, records };
  }
}
