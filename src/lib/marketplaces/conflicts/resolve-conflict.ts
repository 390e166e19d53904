/**
 * Resolving a conflict, by hand (POST /api/conflicts/{id}/resolve) or by the channel's rule for the
 * field: "master" publishes ShopSync's value over the channel's, "channel" keeps the channel's value
 * as the listing's override, "value" makes a given value the override. The conflict's resolution,
 * the listing's change and the publish it needs are written in one transaction (the outbox).
 */
import { z } from "zod";
import { recordAudit, type AuditOrigin } from "../../audit/audit-queries";
import { db } from "../../db";
import { AppError } from "../../errors";
import { findInstalledShop } from "../../shops/shop-queries";
import { enqueuePublish, relaySoon } from "../catalog";
import { overrideFor, parseFieldValue, ruleFieldOf } from "./conflict-fields";
import { findConflictView, ruleForField, type ConflictView } from "./conflict-queries";

export const resolutionSchema = z
  .object({ use: z.enum(["master", "channel", "value"]), value: z.union([z.string(), z.number()]).optional() })
  .strict()
  .refine((resolution) => resolution.use !== "value" || resolution.value !== undefined, {
    message: '"use": "value" needs a "value"',
    path: ["value"],
  });
export type Resolution = z.infer<typeof resolutionSchema>;

export async function resolveConflict(
  conflictId: string,
  resolution: Resolution,
  origin: AuditOrigin,
): Promise<{ conflict: ConflictView; outboxId: string }> {
  const by = origin.source === "rule" ? "rule" : "merchant";
  const outboxId = await db().$transaction(async (tx) => {
    const [conflict] = await tx.$queryRaw<
      {
        id: string;
        shopId: string;
        channelId: string;
        listingId: string;
        productId: string;
        field: string;
        masterValue: string;
        channelValue: string;
        status: string;
      }[]
    >`SELECT id, "shopId", "channelId", "listingId", "productId", field, "masterValue", "channelValue", status
      FROM "ListingConflict" WHERE id = ${conflictId} FOR UPDATE`;
    if (!conflict) throw new AppError("not_found", "no such conflict");
    if (conflict.status !== "open") throw new AppError("conflict", "the conflict is already resolved");
    const kept =
      resolution.use === "master"
        ? conflict.masterValue
        : resolution.use === "channel"
          ? conflict.channelValue
          : parseFieldValue(conflict.field, resolution.value);
    const listing = await tx.marketplaceListing.findUniqueOrThrow({ where: { id: conflict.listingId }, select: { skuPrices: true } });
    await tx.marketplaceListing.update({
      where: { id: conflict.listingId },
      data: {
        ...(resolution.use === "master" ? {} : overrideFor(conflict.field, kept, (listing.skuPrices ?? {}) as Record<string, string>)),
        version: { increment: 1 },
      },
      select: { id: true },
    });
    await tx.listingConflict.update({
      where: { id: conflict.id },
      data: { status: "resolved", resolution: resolution.use, resolvedValue: kept, resolvedBy: by, resolvedAt: new Date() },
      select: { id: true },
    });
    await recordAudit(
      {
        shopId: conflict.shopId,
        action: "conflict.resolved",
        subject: conflict.id,
        productId: conflict.productId,
        channelId: conflict.channelId,
        before: { field: conflict.field, masterValue: conflict.masterValue, channelValue: conflict.channelValue },
        after: { field: conflict.field, use: resolution.use, value: kept },
        origin,
      },
      tx,
    );
    return enqueuePublish(tx, conflict.shopId, conflict.channelId);
  });
  await relaySoon();
  return { conflict: (await findConflictView(conflictId))!, outboxId };
}

/** Resolves each conflict still open by its channel's rule for the field; "ask" leaves it for the merchant. */
export async function resolveByRules(channelId: string, conflictIds: string[]): Promise<void> {
  for (const id of conflictIds) {
    const conflict = await db().listingConflict.findUnique({ where: { id }, select: { field: true, status: true } });
    if (conflict?.status !== "open") continue;
    const rule = await ruleForField(channelId, conflict.field);
    if (rule !== "ask")
      await resolveConflict(id, { use: rule }, { source: "rule", route: `conflict rule for ${ruleFieldOf(conflict.field)}` });
  }
}

/** A merchant's resolution: only of their own shop's conflicts (another shop's is a 404). */
export async function resolveShopConflict(shopDomain: string, conflictId: string, body: unknown, origin: AuditOrigin) {
  const resolution = resolutionSchema.parse(body);
  const shop = await findInstalledShop(shopDomain);
  const owned = await db().listingConflict.findFirst({ where: { id: conflictId, shopId: shop.id }, select: { id: true } });
  if (!owned) throw new AppError("not_found", "no such conflict");
  return resolveConflict(conflictId, resolution, origin);
}
