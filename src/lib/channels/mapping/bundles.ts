/**
 * Bundles (a channel SKU sold as several of the shop's variants): created and edited by the
 * merchant, each component a variant (GID or unique SKU) times units. Every create and edit bumps
 * the bundle's version and writes a `bundle` row to the mapping history with the definition before
 * and after, in the same transaction. An edit may name the version it was made from: if the bundle
 * changed since, it is refused (409) rather than silently overwritten.
 */
import { z } from "zod";
import { Prisma } from "../../../generated/prisma/client";
import { db } from "../../db";
import { AppError } from "../../errors";
import { resolveVariant } from "./resolve-target";

export const bundleInputSchema = z
  .object({
    sku: z.string().trim().min(1).max(200),
    name: z.string().trim().min(1).max(200),
    components: z
      .array(z.object({ variant: z.string().trim().min(1), units: z.number().int().min(1).max(10_000) }).strict())
      .min(1)
      .max(50),
    /** The version the edit was made from (edits only). */
    version: z.number().int().min(1).optional(),
  })
  .strict();
export type BundleInput = z.infer<typeof bundleInputSchema>;

/** A type, not an interface: Prisma's JSON input takes it as a plain object. */
export type BundleDefinition = {
  sku: string;
  name: string;
  version: number;
  components: { variantId: string; units: number }[];
};

export interface BundleView extends Omit<BundleDefinition, "components"> {
  id: string;
  components: { variantId: string; variantSku: string | null; units: number }[];
  /** Channel listings mapped to it. */
  listings: number;
}

export interface BundleHistoryEntry {
  source: string;
  before: BundleDefinition | null;
  after: BundleDefinition | null;
  changedAt: string;
}

export async function listBundles(shopId: string): Promise<BundleView[]> {
  const bundles = await db().bundle.findMany({
    where: { shopId },
    orderBy: { sku: "asc" },
    select: {
      id: true,
      sku: true,
      name: true,
      version: true,
      components: { orderBy: { variantId: "asc" } },
      _count: { select: { listings: true } },
    },
  });
  const variantIds = bundles.flatMap((bundle) => bundle.components.map((component) => component.variantId));
  const variants = await db().productVariant.findMany({
    where: { shopId, shopifyId: { in: variantIds } },
    select: { shopifyId: true, sku: true },
  });
  const skuOf = new Map(variants.map((variant) => [variant.shopifyId, variant.sku]));
  return bundles.map((bundle) => ({
    id: bundle.id,
    sku: bundle.sku,
    name: bundle.name,
    version: bundle.version,
    components: bundle.components.map((c) => ({ variantId: c.variantId, variantSku: skuOf.get(c.variantId) ?? null, units: c.units })),
    listings: bundle._count.listings,
  }));
}

export async function bundleHistory(shopId: string, bundleId: string): Promise<BundleHistoryEntry[]> {
  await findShopBundle(shopId, bundleId);
  const rows = await db().channelMappingHistory.findMany({
    where: { bundleId },
    orderBy: { changedAt: "asc" },
    select: { source: true, before: true, after: true, changedAt: true },
  });
  return rows.map((row) => ({
    source: row.source,
    before: row.before as BundleDefinition | null,
    after: row.after as BundleDefinition | null,
    changedAt: row.changedAt.toISOString(),
  }));
}

async function findShopBundle(shopId: string, bundleId: string) {
  const bundle = await db().bundle.findFirst({ where: { id: bundleId, shopId }, select: { id: true } });
  if (!bundle) throw new AppError("not_found", "no such bundle");
  return bundle;
}

/** Components resolved to the shop's variants; the same variant twice is a mistake, not a sum. */
async function resolveComponents(shopId: string, input: BundleInput): Promise<BundleDefinition["components"]> {
  const components: BundleDefinition["components"] = [];
  for (const [index, component] of input.components.entries()) {
    let variantId: string;
    try {
      variantId = await resolveVariant(shopId, component.variant);
    } catch (error) {
      if (error instanceof AppError) throw new AppError("validation_failed", `component ${index + 1}: ${error.message}`);
      throw error;
    }
    if (components.some((c) => c.variantId === variantId))
      throw new AppError(
        "validation_failed",
        `component ${index + 1}: ${component.variant} is already a component (raise its units instead)`,
      );
    components.push({ variantId, units: component.units });
  }
  return components.sort((a, b) => (a.variantId < b.variantId ? -1 : 1));
}

const uniqueSku = (error: unknown, sku: string) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002"
    ? new AppError("conflict", `a bundle with SKU ${sku} already exists`)
    : error;

export async function createBundle(shopId: string, input: BundleInput): Promise<{ id: string; version: number }> {
  const components = await resolveComponents(shopId, input);
  try {
    return await db().$transaction(async (tx) => {
      const bundle = await tx.bundle.create({
        data: { shopId, sku: input.sku, name: input.name, components: { create: components } },
        select: { id: true, version: true },
      });
      const after: BundleDefinition = { sku: input.sku, name: input.name, version: bundle.version, components };
      await tx.channelMappingHistory.create({
        data: { bundleId: bundle.id, channelSku: input.sku, source: "bundle", after },
        select: { id: true },
      });
      return bundle;
    });
  } catch (error) {
    throw uniqueSku(error, input.sku);
  }
}

export async function updateBundle(shopId: string, bundleId: string, input: BundleInput): Promise<{ id: string; version: number }> {
  await findShopBundle(shopId, bundleId);
  const components = await resolveComponents(shopId, input);
  try {
    return await db().$transaction(async (tx) => {
      // Locked, so two edits of one bundle take turns and each history row has the true "before".
      const [current] = await tx.$queryRaw<{ sku: string; name: string; version: number }[]>`
        SELECT sku, name, version FROM "Bundle" WHERE id = ${bundleId} FOR UPDATE`;
      if (!current) throw new AppError("not_found", "no such bundle");
      if (input.version !== undefined && input.version !== current.version)
        throw new AppError("conflict", `the bundle was changed since version ${input.version} (now version ${current.version}); reload it`);
      const previous = await tx.bundleComponent.findMany({
        where: { bundleId },
        select: { variantId: true, units: true },
        orderBy: { variantId: "asc" },
      });
      const before: BundleDefinition = { ...current, components: previous };
      const after: BundleDefinition = { sku: input.sku, name: input.name, version: current.version + 1, components };
      await tx.bundleComponent.deleteMany({ where: { bundleId } });
      await tx.bundle.update({
        where: { id: bundleId },
        data: { sku: input.sku, name: input.name, version: after.version, components: { create: components } },
        select: { id: true },
      });
      await tx.channelMappingHistory.create({
        data: { bundleId, channelSku: input.sku, source: "bundle", before, after },
        select: { id: true },
      });
      return { id: bundleId, version: after.version };
    });
  } catch (error) {
    throw uniqueSku(error, input.sku);
  }
}

/** Channels with listings mapped to the bundle: what a change to it must be pushed to. */
export async function channelsOfBundle(bundleId: string): Promise<{ id: string; shopId: string }[]> {
  return db().channelConnection.findMany({
    where: { status: "active", listings: { some: { bundleId } } },
    select: { id: true, shopId: true },
  });
}
