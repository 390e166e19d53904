/**
 * How Shopify failures surface in Inngest, in one place:
 * - a refused token cannot heal by retrying: the shop is marked as needing reinstall (and, the first
 *   time, a reinstall_needed notification is asked for) and the step throws NonRetriableError;
 * - ACCESS_DENIED on protected data is an answer, not an error: with `{ deniedIsAnswer: true }` the
 *   step returns `{ denied }` instead of being retried (the stage is skipped or read without it);
 * - everything else throws as is and Inngest retries the step with backoff.
 */
import { NonRetriableError } from "inngest";
import { env } from "../../src/lib/env";
import { requestNotification } from "../../src/lib/notifications/request-notification";
import { markShopNeedsReinstall } from "../../src/lib/shops/shop-queries";
import { ShopifyAccessDeniedError, ShopifyAuthError } from "../../src/lib/shopify/shopify-errors";

export type ShopifyStepResult<T> = { ok: T } | { denied: string };

export function runShopifyStep<T>(work: () => Promise<T>): Promise<T>;
export function runShopifyStep<T>(work: () => Promise<T>, options: { deniedIsAnswer: true }): Promise<ShopifyStepResult<T>>;
export async function runShopifyStep<T>(work: () => Promise<T>, options?: { deniedIsAnswer: true }): Promise<T | ShopifyStepResult<T>> {
  try {
    const value = await work();
    return options?.deniedIsAnswer ? { ok: value } : value;
  } catch (error) {
    if (error instanceof ShopifyAuthError) {
      const { newlyMarkedShopId } = await markShopNeedsReinstall(error.shop, error.message);
      // Told once, when the shop becomes "needs reinstall" (not at every step that meets the refusal).
      if (newlyMarkedShopId)
        await requestNotification({
          shopId: newlyMarkedShopId,
          kind: "reinstall_needed",
          id: `reinstall-needed:${newlyMarkedShopId}:${Date.now()}`,
          facts: { reason: error.message, reinstallUrl: `${env().APP_URL}/api/auth/shopify/install?shop=${error.shop}` },
        });
      throw new NonRetriableError(error.message, { cause: error });
    }
    if (options?.deniedIsAnswer && error instanceof ShopifyAccessDeniedError) return { denied: error.message };
    throw error;
  }
}
