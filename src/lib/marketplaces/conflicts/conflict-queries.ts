/** Reads and writes of ListingConflict and ConflictRule rows. */
import { type Prisma } from "../../../generated/prisma/client";
import { db } from "../../db";
import { CONFLICT_RULES, ruleFieldOf, RULE_FIELDS, type ConflictRuleChoice, type RuleField } from "./conflict-fields";

type Tx = Prisma.TransactionClient;

export interface ConflictView {
  id: string;
  channelId: string;
  channelKind: string;
  channelName: string;
  productId: string;
  field: string;
  masterValue: string;
  channelValue: string;
  detectedAt: string;
  status: string;
  resolution: string | null;
  resolvedValue: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

const conflictSelect = {
  id: true,
  channelId: true,
  productId: true,
  field: true,
  masterValue: true,
  channelValue: true,
  detectedAt: true,
  status: true,
  resolution: true,
  resolvedValue: true,
  resolvedBy: true,
  resolvedAt: true,
  listing: { select: { channel: { select: { kind: true, name: true } } } },
} as const;

type ConflictRow = Prisma.ListingConflictGetPayload<{ select: typeof conflictSelect }>;

const toView = (row: ConflictRow): ConflictView => ({
  id: row.id,
  channelId: row.channelId,
  channelKind: row.listing.channel.kind,
  channelName: row.listing.channel.name,
  productId: row.productId,
  field: row.field,
  masterValue: row.masterValue,
  channelValue: row.channelValue,
  detectedAt: row.detectedAt.toISOString(),
  status: row.status,
  resolution: row.resolution,
  resolvedValue: row.resolvedValue,
  resolvedBy: row.resolvedBy,
  resolvedAt: row.resolvedAt?.toISOString() ?? null,
});

export async function listConflicts(
  shopId: string,
  filter: { status?: "open" | "resolved"; productId?: string; channelId?: string } = {},
): Promise<ConflictView[]> {
  const rows = await db().listingConflict.findMany({
    where: {
      shopId,
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.productId ? { productId: filter.productId } : {}),
      ...(filter.channelId ? { channelId: filter.channelId } : {}),
    },
    orderBy: { detectedAt: "desc" },
    take: 500,
    select: conflictSelect,
  });
  return rows.map(toView);
}

export async function findConflictView(id: string): Promise<ConflictView | null> {
  const row = await db().listingConflict.findUnique({ where: { id }, select: conflictSelect });
  return row ? toView(row) : null;
}

export async function openConflictsOfListing(tx: Tx, listingId: string) {
  return tx.listingConflict.findMany({
    where: { listingId, status: "open" },
    select: { id: true, field: true, masterValue: true, channelValue: true },
  });
}

/** A new open conflict on a listing's field: what ShopSync has for it, and what the channel shows. */
export async function openConflict(
  tx: Tx,
  listing: { id: string; shopId: string; channelId: string; productId: string },
  field: string,
  values: { masterValue: string; channelValue: string },
): Promise<string> {
  const created = await tx.listingConflict.create({
    data: { shopId: listing.shopId, channelId: listing.channelId, listingId: listing.id, productId: listing.productId, field, ...values },
    select: { id: true },
  });
  return created.id;
}

export async function conflictRules(channelId: string): Promise<Record<RuleField, ConflictRuleChoice>> {
  const rows = await db().conflictRule.findMany({ where: { channelId }, select: { field: true, rule: true } });
  const rules = Object.fromEntries(RULE_FIELDS.map((field) => [field, "ask"])) as Record<RuleField, ConflictRuleChoice>;
  for (const row of rows)
    if ((RULE_FIELDS as readonly string[]).includes(row.field) && (CONFLICT_RULES as readonly string[]).includes(row.rule))
      rules[row.field as RuleField] = row.rule as ConflictRuleChoice;
  return rules;
}

export async function ruleForField(channelId: string, field: string): Promise<ConflictRuleChoice> {
  return (await conflictRules(channelId))[ruleFieldOf(field)];
}

export async function saveConflictRules(channelId: string, rules: Partial<Record<RuleField, ConflictRuleChoice>>): Promise<void> {
  await db().$transaction(
    Object.entries(rules).map(([field, rule]) =>
      db().conflictRule.upsert({
        where: { channelId_field: { channelId, field } },
        create: { channelId, field, rule: rule! },
        update: { rule: rule! },
        select: { id: true },
      }),
    ),
  );
}
