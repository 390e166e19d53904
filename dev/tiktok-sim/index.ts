import { startMarketplaceSim, type MarketplaceSimHandle, type MarketplaceSimOptions } from "../marketplace-sim-kit/start.ts";
import { createTikTokServer } from "./server.ts";

/** TikTok Shop's access token lives 7 days, its refresh token about a year (unverified; see the doc). */
export async function startTikTokSim(options: MarketplaceSimOptions = {}): Promise<MarketplaceSimHandle> {
  return startMarketplaceSim(
    {
      defaultPort: 4600,
      tokenPrefix: "TTP_",
      tokenLifetime: 7 * 86_400,
      refreshLifetime: 365 * 86_400,
      firstItemId: 1_729_000_000_000_000_000n,
      firstSkuId: 1_729_500_000_000_000_000n,
      seed: 61,
    },
    createTikTokServer,
    options,
  );
}

export { DEMO_TIKTOK_APP, DEMO_TIKTOK_SHOP, DEMO_WAREHOUSE_ID, tiktokSign } from "./server.ts";
