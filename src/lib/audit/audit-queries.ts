/**
 * The audit trail's table (AuditEvent): written with the change it records (in the change's
 * transaction where the change is one), read per shop and per product together with the mapping
 * history issue 12 keeps (ChannelMappingHistory), so the trail shows every kind of change in one list.
 */
import { type Prisma } from "../../generated/prisma/client";
import { db } from "../db";

type Tx = Prisma.TransactionClient;

/** From where a change came: a signed-in merchant's request (route, user agent, address), a rule, a schedule, the CLI. */
export interface AuditOrigin {
  source: "merchant" | "rule" | "schedule" | "cli";
  route?: string;
  userAgent?: string;
  ip?: string;
}

export interface AuditEntry {
  shopId: string;
  action: string;
  subject: string;
  productId?: string | null;
  channelId?: string | null;
  before?: unknown;
  after?: unknown;
  origin: AuditOrigin;
}

const json = (value: unknown) => (value === undefined || value === null ? undefined : (value as Prisma.InputJsonValue));

export async function recordAudit(entry: AuditEntry, tx: Tx = db()): Promise<void> {
  const { source, ...origin } = entry.origin;
  await tx.auditEvent.create({
    data: {
      shopId: entry.shopId,
      action: entry.action,
      subject: entry.subject,
      productId: entry.productId ?? null,
      channelId: entry.channelId ?? null,
      before: json(entry.before),
      after: json(entry.after),
      source,
      origin: Object.keys(origin).length > 0 ? origin : undefined,
    },
    select: { id: true },
  });
}

export interface AuditView {
  id: string;
  action: string;
  subject: string;
  productId: string | null;
  channelId: string | null;
  before: unknown;
  after: unknown;
  source: string;
  origin: unknown;
  at: string;
}

/** The shop's trail, newest first, optionally one product's; mapping changes included. */
export async function listAudit(shopId: string, filter: { productId?: string; limit: number }): Promise<AuditView[]> {
  const events = await db().auditEvent.findMany({
    where: { shopId, ...(filter.productId ? { productId: filter.productId } : {}) },
    orderBy: { at: "desc" },
    take: filter.limit,
  });
  // Mapping changes: before/after are { variantId, bundleId, isFba }; the product is the mapped variant's.
  const mappings = await db().$queryRaw<
    {
      id: string;
      channelId: string;
      channelSku: string;
      productId: string | null;
      source: string;
      before: unknown;
      after: unknown;
      at: Date;
    }[]
  >`
    SELECT h.id, h."channelId", h."channelSku", v."productId", h.source, h.before, h.after, h."changedAt" AS at
    FROM "ChannelMappingHistory" h
    JOIN "ChannelConnection" c ON c.id = h."channelId"
    LEFT JOIN "ProductVariant" v ON v."shopId" = c."shopId"
      AND v."shopifyId" = COALESCE(h.after ->> 'variantId', h.before ->> 'variantId')
    WHERE c."shopId" = ${shopId}
      AND (${filter.productId ?? null}::text IS NULL OR v."productId" = ${filter.productId ?? null}::text)
    ORDER BY h."changedAt" DESC LIMIT ${filter.limit}`;
  const views: AuditView[] = [
    ...events.map((event) => ({
      id: event.id,
      action: event.action,
      subject: event.subject,
      productId: event.productId,
      channelId: event.channelId,
      before: event.before,
      after: event.after,
      source: event.source,
      origin: event.origin,
      at: event.at.toISOString(),
    })),
    ...mappings.map((row) => ({
      id: row.id,
      action: "mapping.changed",
      subject: row.channelSku,
      productId: row.productId,
      channelId: row.channelId,
      before: row.before,
      after: row.after,
      source: row.source,
      origin: null,
      at: row.at.toISOString(),
    })),
  ];
  return views.sort((a, b) => b.at.localeCompare(a.at)).slice(0, filter.limit);
}
