import { startMarketplaceSim, type MarketplaceSimHandle, type MarketplaceSimOptions } from "../marketplace-sim-kit/start.ts";
import { createShopeeServer } from "./server.ts";

/** Shopee's access token lives 4 hours; its refresh token 30 days. */
export async function startShopeeSim(options: MarketplaceSimOptions = {}): Promise<MarketplaceSimHandle> {
  return startMarketplaceSim(
    {
      defaultPort: 4500,
      tokenPrefix: "shopee_",
      tokenLifetime: 4 * 3600,
      refreshLifetime: 30 * 86_400,
      firstItemId: 800_000_000n,
      firstSkuId: 9_000_000_000n,
      seed: 51,
    },
    createShopeeServer,
    options,
  );
}

export { DEMO_SHOPEE_APP, DEMO_SHOPEE_SHOP, shopeeSign } from "./server.ts";
