/**
 * One resource of a shop's daily reconciliation, after Shopify's id export finished: the id diff
 * (id-diff.ts) recorded as the pass's line for the resource, the extra rows removed in the same
 * transaction, then the missing records fetched by id and stored (fetch-missing.ts). Safe to
 * retry: the line keeps what the first attempt found, and healing only adds.
 */
import { envVar } from "../env";
import type { ShopifyAdmin } from "../shopify/admin-client";
import { reconciledTable, type IdsExport, type ReconciledResource } from "../sync/reconcile-deletions";
import { fetchAndStoreMissing } from "./fetch-missing";
import { diffAndRemoveExtra, REPORTED_IDS, UnreadableExportError } from "./id-diff";
import { reconciliationStatus } from "./reconcile-status";
import { recordFound, recordHealed } from "./report-queries";
import type { ReconciliationStatus } from "../../generated/prisma/enums";

export interface ReconcileResourceOptions {
  admin: ShopifyAdmin;
  shopId: string;
  passId: string;
  resource: ReconciledResource;
  /** The export's result file; null when Shopify has no records of the resource. */
  url: string | null;
  exported: IdsExport;
}

export interface ResourceOutcome {
  status: ReconciliationStatus;
  missing: number;
  extra: number;
  healed: number;
  removed: number;
}

/** Past the limit, fetching by id costs more than a full sync would: the first ones are healed, and the line says so. */
const tooManyToFetch = (missing: number, limit: number) =>
  `${missing} missing: at most RECONCILE_HEAL_LIMIT (${limit}) are fetched by id per pass; a full sync restores the rest`;

const thresholds = () => ({
  warningPercent: envVar("RECONCILE_WARNING_PERCENT"),
  criticalPercent: envVar("RECONCILE_CRITICAL_PERCENT"),
});

export async function reconcileResource(options: ReconcileResourceOptions): Promise<ResourceOutcome> {
  const { admin, shopId, passId, resource, exported } = options;
  const healLimit = envVar("RECONCILE_HEAL_LIMIT");
  let status: ReconciliationStatus = "OK";
  let diff;
  try {
    diff = await diffAndRemoveExtra({
      shopId,
      table: reconciledTable(resource),
      exported,
      url: options.url,
      missingLimit: healLimit,
      record: async (tx, found, removed) => {
        status = reconciliationStatus(found, thresholds());
        await recordFound(
          {
            shopId,
            passId,
            resource,
            shopifyCount: found.shopifyCount,
            localCount: found.localCount,
            missing: found.missing,
            extra: found.extra,
            missingIds: found.missingIds.slice(0, REPORTED_IDS),
            extraIds: found.extraIds,
            removed,
            status,
            note: found.missing > healLimit ? tooManyToFetch(found.missing, healLimit) : undefined,
            startedAt: exported.startedAt,
          },
          tx,
        );
      },
    });
  } catch (error) {
    if (!(error instanceof UnreadableExportError)) throw error;
    // Retrying would read the same file: the line says why this resource was not compared.
    return recordNotCompared({ shopId, passId, resource, startedAt: exported.startedAt, reason: error.message });
  }
  const { healed } = await fetchAndStoreMissing(admin, shopId, resource, diff.missingIds.slice(0, healLimit));
  await recordHealed(passId, resource, healed);
  return { status, missing: diff.missing, extra: diff.extra, healed, removed: diff.removed };
}

/** The line of a resource whose export did not complete: nothing compared, nothing removed. */
export async function recordNotCompared(options: {
  shopId: string;
  passId: string;
  resource: ReconciledResource;
  startedAt: string;
  reason: string;
}): Promise<ResourceOutcome> {
  await recordFound({
    shopId: options.shopId,
    passId: options.passId,
    resource: options.resource,
    shopifyCount: null,
    localCount: null,
    missing: 0,
    extra: 0,
    missingIds: [],
    extraIds: [],
    // Unknown is not fine: a copy that cannot be compared is what an operator must look at.
    status: "CRITICAL",
    note: options.reason,
    startedAt: options.startedAt,
    finished: true,
  });
  return { status: "CRITICAL", missing: 0, extra: 0, healed: 0, removed: 0 };
}
