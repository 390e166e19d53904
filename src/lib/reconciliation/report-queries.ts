/** The ReconciliationReport table: each pass's lines (one per resource), kept as history. */
import { db, type Db } from "../db";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
import type { ReconciliationStatus } from "../../generated/prisma/enums";

export interface ReportLine {
  resource: string;
  shopifyCount: number | null;
  localCount: number | null;
  missing: number;
  extra: number;
  healed: number;
  removed: number;
  missingIds: string[];
  extraIds: string[];
  status: ReconciliationStatus;
  note: string | null;
  startedAt: Date;
  createdAt: Date;
  finishedAt: Date | null;
}

const LINE_SELECT = {
  resource: true,
  shopifyCount: true,
  localCount: true,
  missing: true,
  extra: true,
  healed: true,
  removed: true,
  missingIds: true,
  extraIds: true,
  status: true,
  note: true,
  startedAt: true,
  createdAt: true,
  finishedAt: true,
} as const;

export interface FoundLine {
  shopId: string;
  passId: string;
  resource: string;
  shopifyCount: number | null;
  localCount: number | null;
  missing: number;
  extra: number;
  missingIds: string[];
  extraIds: string[];
  removed?: number;
  status: ReconciliationStatus;
  note?: string;
  startedAt: string;
  /** Nothing left to do for the line (nothing was compared). */
  finished?: boolean;
}

/**
 * Records what a pass found for a resource. The first record wins: a retried step (after healing
 * part of it) would find less, and the report must say what was found.
 */
export async function recordFound(line: FoundLine, tx: Tx | Db = db()): Promise<void> {
  await tx.reconciliationReport.upsert({
    where: { passId_resource: { passId: line.passId, resource: line.resource } },
    create: { ...line, note: line.note ?? null, startedAt: new Date(line.startedAt), finishedAt: line.finished ? new Date() : null },
    update: {},
  });
}

/** Adds the records healing stored and marks the line final (an increment: a retried step adds what its own attempt stored). */
export async function recordHealed(passId: string, resource: string, healed: number): Promise<void> {
  await db().reconciliationReport.update({
    where: { passId_resource: { passId, resource } },
    data: { healed: { increment: healed }, finishedAt: new Date() },
  });
}

export async function findPassLines(passId: string): Promise<ReportLine[]> {
  return db().reconciliationReport.findMany({ where: { passId }, select: LINE_SELECT, orderBy: { createdAt: "asc" } });
}

/** The shop's newest pass, whole. */
export async function findLatestPass(shopId: string): Promise<{ passId: string; lines: ReportLine[] } | null> {
  const newest = await db().reconciliationReport.findFirst({ where: { shopId }, orderBy: { createdAt: "desc" }, select: { passId: true } });
  return newest ? { passId: newest.passId, lines: await findPassLines(newest.passId) } : null;
}

/** The last `limit` lines of each resource, oldest first: the trend the page draws. */
export async function findTrend(shopId: string, limit = 30): Promise<Map<string, ReportLine[]>> {
  const rows = await db().reconciliationReport.findMany({
    where: { shopId },
    select: LINE_SELECT,
    orderBy: { createdAt: "desc" },
    take: limit * 8,
  });
  const byResource = new Map<string, ReportLine[]>();
  for (const row of rows.reverse()) {
    const lines = byResource.get(row.resource) ?? [];
    lines.push(row);
    if (lines.length > limit) lines.shift();
    byResource.set(row.resource, lines);
  }
  return byResource;
}
