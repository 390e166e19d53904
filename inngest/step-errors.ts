/**
 * How Shopify failures surface in Inngest: a refused token cannot heal by retrying, so it becomes
 * a NonRetriableError (after the shop is marked as needing reinstall); everything else throws as
 * is and Inngest retries the step with backoff.
 */
import { NonRetriableError } from "inngest";
import { markShopNeedsReinstall } from "../src/lib/shops/shop-queries";
import { ShopifyAuthError } from "../src/lib/shopify/shopify-errors";

export async function failFastOnAuth<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ShopifyAuthError) {
      await markShopNeedsReinstall(error.shop, error.message);
      throw new NonRetriableError(error.message, { cause: error });
    }
    throw error;
  }
}
