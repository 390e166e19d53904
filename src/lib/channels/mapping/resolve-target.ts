/**
 * What a merchant types to name a mapping target, resolved against the shop: a ProductVariant GID
 * (it must be the shop's), else a SKU that exactly one of the shop's variants has, else a bundle's
 * SKU. Used by single-listing mapping and the bundle editor (components are variants only).
 */
import { db } from "../../db";
import { AppError } from "../../errors";

export const VARIANT_GID = /^gid:\/\/shopify\/ProductVariant\/\d+$/;

export type MappingTarget = { variantId: string; bundleId: null } | { variantId: null; bundleId: string };

/** The variant a GID or unique SKU names, or a 400 saying why not. */
export async function resolveVariant(shopId: string, reference: string): Promise<string> {
  const text = reference.trim();
  if (VARIANT_GID.test(text)) {
    const known = await db().productVariant.findFirst({ where: { shopId, shopifyId: text }, select: { shopifyId: true } });
    if (!known) throw new AppError("validation_failed", `${text} is not a variant of this shop`);
    return text;
  }
  const matches = await db().productVariant.findMany({ where: { shopId, sku: text }, select: { shopifyId: true }, take: 2 });
  if (matches.length === 1) return matches[0]!.shopifyId;
  throw new AppError(
    "validation_failed",
    matches.length ? `SKU ${text} belongs to more than one variant: give the variant's GID` : `no variant has SKU ${text}`,
  );
}

/** A variant (GID or unique SKU) or, failing that, a bundle by its SKU. */
export async function resolveMappingTarget(shopId: string, reference: string): Promise<MappingTarget> {
  const text = reference.trim();
  if (!text) throw new AppError("validation_failed", "name a variant (SKU or GID) or a bundle SKU");
  try {
    return { variantId: await resolveVariant(shopId, text), bundleId: null };
  } catch (error) {
    const bundle = VARIANT_GID.test(text)
      ? null
      : await db().bundle.findUnique({ where: { shopId_sku: { shopId, sku: text } }, select: { id: true } });
    if (bundle) return { variantId: null, bundleId: bundle.id };
    if (error instanceof AppError && error.message.startsWith("no variant has SKU"))
      throw new AppError("validation_failed", `no variant or bundle has SKU ${text}`);
    throw error;
  }
}
