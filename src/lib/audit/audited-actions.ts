/**
 * Actions of other modules recorded in the audit trail: a manual sync and the dead-letter actions
 * (retry, resolve). Each reads what it changes before and after, so the trail says what it was.
 */
import { db } from "../db";
import { retryShopDeadLetter, resolveShopDeadLetter } from "../dead-letters/manage-dead-letters";
import { findInstalledShop } from "../shops/shop-queries";
import { startManualSync, type ManualSyncRequest } from "../sync/manual-sync";
import { recordAudit, type AuditOrigin } from "./audit-queries";

export async function auditedManualSync(shopDomain: string, request: ManualSyncRequest, origin: AuditOrigin) {
  const result = await startManualSync(shopDomain, request);
  const shop = await findInstalledShop(shopDomain);
  await recordAudit({
    shopId: shop.id,
    action: "sync.requested",
    subject: result.runId,
    after: { request, runId: result.runId, started: result.created },
    origin,
  });
  return result;
}

const deadLetterState = (id: string) =>
  db().failedSyncItem.findUnique({
    where: { id },
    select: { shopId: true, entityType: true, shopifyId: true, resolution: true, retryCount: true, failureCount: true, errorMessage: true },
  });

/** The dead letter's product, when the record is one of a product's (a product or a variant). */
async function productOfDeadLetter(shopId: string, shopifyId: string | null): Promise<string | null> {
  if (!shopifyId) return null;
  if (shopifyId.includes("/Product/")) return shopifyId;
  if (!shopifyId.includes("/ProductVariant/")) return null;
  const variant = await db().productVariant.findUnique({
    where: { shopId_shopifyId: { shopId, shopifyId } },
    select: { productId: true },
  });
  return variant?.productId ?? null;
}

async function auditDeadLetterAction<T>(
  shopDomain: string,
  id: string,
  action: string,
  origin: AuditOrigin,
  act: () => Promise<T>,
): Promise<T> {
  const before = await deadLetterState(id);
  const result = await act();
  const after = await deadLetterState(id);
  if (before) {
    const { shopId, ...beforeState } = before;
    const afterState = after ? (({ shopId: _shop, ...rest }) => rest)(after) : {};
    await recordAudit({
      shopId,
      action,
      subject: id,
      productId: await productOfDeadLetter(shopId, before.shopifyId),
      before: beforeState,
      after: { ...afterState, result },
      origin,
    });
  }
  return result;
}

export const auditedRetryDeadLetter = (shopDomain: string, id: string, origin: AuditOrigin) =>
  auditDeadLetterAction(shopDomain, id, "dead_letter.retried", origin, () => retryShopDeadLetter(shopDomain, id));

export const auditedResolveDeadLetter = (shopDomain: string, id: string, origin: AuditOrigin) =>
  auditDeadLetterAction(shopDomain, id, "dead_letter.resolved", origin, () => resolveShopDeadLetter(shopDomain, id));
