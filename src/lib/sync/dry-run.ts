/**
 * A dry run: what a sync would fetch and what it would cost, without writing a record. Per stage it
 * keeps the total (from the plan's count query: every record for a full sync, those updated since
 * the watermark for an incremental one) and an estimated API cost in Shopify query-cost points.
 *
 * The estimate:
 * - paginated stage: pages x the page query's requested cost. Pages are ceil(total / page size)
 *   plus one per extra search pass (orders read recent, then history), at least one per pass. The
 *   page query's requested cost is Shopify's own number: the dry run sends the stage's first page
 *   query once and reads extensions.cost.requestedQueryCost (computed from `first`, not from what
 *   came back, so it is what every page is charged up front). Children beyond a page's nested
 *   connection (a product's 21st variant) and the inventory stage's one locations query are not
 *   counted: an upper bound per page, a lower bound on those extras.
 * - bulk stage: one bulkOperationRunQuery mutation per pass at Shopify's mutation cost (10). The
 *   export itself does not draw from the rate limit; the status polls (1 point each) are not
 *   counted because their number depends on how long Shopify takes.
 */
import { db } from "../db";
import type { ShopifyAdmin } from "../shopify/admin-client";
import { ShopifyAccessDeniedError } from "../shopify/shopify-errors";
import type { ResourcePlan } from "./plan-sync";
import { RESOURCES } from "./resources";
import { finishStage } from "./sync-runs";

/** Shopify's cost of a mutation field (bulkOperationRunQuery). */
export const BULK_RUN_QUERY_COST = 10;

export interface CostEstimateInput {
  strategy: ResourcePlan["strategy"];
  total: number;
  pageSize: number;
  passes: number;
  /** Requested cost of one page query (paginated only). */
  pageCost: number;
}

/** Requests a paginated stage makes: every pass reads at least one page. */
export function estimatePages(total: number, pageSize: number, passes: number): number {
  const passCount = Math.max(1, passes);
  return Math.max(passCount, Math.ceil(total / pageSize) + passCount - 1);
}

export function estimateCost(input: CostEstimateInput): number {
  if (input.strategy === "bulk") return Math.max(1, input.passes) * BULK_RUN_QUERY_COST;
  return estimatePages(input.total, input.pageSize, input.passes) * input.pageCost;
}

export type DryRunStageResult = { estimatedCost: number } | { denied: string };

/** The requested cost of the stage's first page query, as Shopify reports it. */
async function pageQueryCost(admin: ShopifyAdmin, plan: ResourcePlan): Promise<number> {
  const config = RESOURCES[plan.resource];
  const variables = { first: config.pageSize, after: null, query: plan.passes[0] ?? null };
  let cost;
  try {
    ({ cost } = await admin.request(config.pageDocument, variables));
  } catch (error) {
    // The sync reads orders without protected customer data when it is denied: so does the estimate.
    if (!(error instanceof ShopifyAccessDeniedError) || !config.withoutProtectedData) throw error;
    ({ cost } = await admin.request(config.withoutProtectedData.pageDocument, variables));
  }
  if (!cost) throw new Error(`Shopify returned no query cost for the ${plan.resource} page query`);
  return cost.requestedQueryCost;
}

export async function estimateStageCost(admin: ShopifyAdmin, plan: ResourcePlan): Promise<DryRunStageResult> {
  const config = RESOURCES[plan.resource];
  try {
    const pageCost = plan.strategy === "bulk" ? 0 : await pageQueryCost(admin, plan);
    return {
      estimatedCost: estimateCost({
        strategy: plan.strategy,
        total: plan.total,
        pageSize: config.pageSize,
        passes: plan.passes.length,
        pageCost,
      }),
    };
  } catch (error) {
    if (error instanceof ShopifyAccessDeniedError) return { denied: error.message };
    throw error;
  }
}

/** Estimates a stage and records it (total came from the plan): SKIPPED, nothing written. */
export async function recordDryRunStage(admin: ShopifyAdmin, runId: string, plan: ResourcePlan): Promise<DryRunStageResult> {
  const result = await estimateStageCost(admin, plan);
  if ("estimatedCost" in result) {
    await db().syncStage.update({
      where: { syncRunId_resource: { syncRunId: runId, resource: plan.resource } },
      data: { estimatedCost: result.estimatedCost },
    });
  }
  await finishStage(runId, plan.resource, {
    status: "SKIPPED",
    error: "denied" in result ? `dry run: Shopify denied access: ${result.denied}` : `dry run (${plan.strategy}): nothing written`,
  });
  return result;
}
