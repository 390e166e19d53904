/**
 * A sync the merchant asks for (dashboard, syncing page Retry, `npm run sync`). Limited to 3 per
 * hour per shop, counted in PostgreSQL by rate-limiter-flexible, so every app instance shares the
 * count. Asking while a sync is running returns that run and costs nothing.
 */
import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { z } from "zod";
import { SYNC_STAGES } from "./resources";
import { db } from "../db";
import { AppError } from "../errors";
import { assertSyncsNotPaused, findInstalledShop } from "../shops/shop-queries";
import { joinLiveSync, requestSync } from "./request-sync";

export const MANUAL_SYNCS_PER_HOUR = 3;

export const manualSyncRequestSchema = z
  .object({
    /** Stages to include (resources, platform_push); all when absent. */
    resources: z.array(z.enum(SYNC_STAGES)).min(1).optional(),
    /** Report what would be fetched without writing records. */
    dryRun: z.boolean().optional(),
    /** Re-read everything instead of what changed since the last sync. */
    full: z.boolean().optional(),
    /** Start even if a sync of the shop is running: that sync run is cancelled (replaced). */
    force: z.boolean().optional(),
  })
  .strict();

export type ManualSyncRequest = z.infer<typeof manualSyncRequestSchema>;

let limiter: RateLimiterPrisma | undefined;
/** The hour's manual syncs per shop (exported for tests, which spend it). */
export const manualSyncLimiter = () =>
  (limiter ??= new RateLimiterPrisma({
    storeClient: db(),
    tableName: "rateLimit",
    keyPrefix: "manual-sync",
    points: MANUAL_SYNCS_PER_HOUR,
    duration: 60 * 60,
  }));

export async function startManualSync(
  shopDomain: string,
  request: ManualSyncRequest,
  trigger: "manual" = "manual",
): Promise<{ runId: string; created: boolean }> {
  const shop = await findInstalledShop(shopDomain);
  await assertSyncsNotPaused(shop.id);
  try {
    await manualSyncLimiter().consume(shop.id);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    // The limit counts syncs started: joining the running one is always allowed (a forced
    // request would start one).
    const joined = request.force ? null : await joinLiveSync(shop.id);
    if (joined) return joined;
    const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw new AppError(
      "rate_limited",
      `At most ${MANUAL_SYNCS_PER_HOUR} manual syncs per hour. Try again in ${Math.ceil(seconds / 60)} minutes.`,
      {
        headers: { "Retry-After": String(seconds) },
        details: { retryAfterSeconds: seconds },
      },
    );
  }
  const previous = await db().syncRun.count({ where: { shopId: shop.id, status: "COMPLETED", dryRun: false } });
  const result = await requestSync({
    shopId: shop.id,
    shopDomain: shop.domain,
    kind: request.full || previous === 0 ? "FULL" : "INCREMENTAL",
    trigger,
    resources: request.resources,
    dryRun: request.dryRun,
    force: request.force,
  });
  // Asking while a sync runs joins that sync: it does not use up one of the hour's syncs.
  if (!result.created) await manualSyncLimiter().reward(shop.id, 1);
  return result;
}
