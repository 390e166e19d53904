import { env } from "@/lib/env";
import { handleRoute } from "@/lib/http/handle-route";
import { tagShop } from "@/lib/observability";
import { beginInstall } from "@/lib/shopify/oauth";
import { normalizeShopDomain, SHOP_DOMAIN_HINT } from "@/lib/shopify/shop-domain";

export const dynamic = "force-dynamic";

export const GET = handleRoute(async (request) => {
  const input = new URL(request.url).searchParams.get("shop") ?? "";
  const shop = normalizeShopDomain(input);
  if (!shop) {
    // Back to the form with the reason; nothing else happens for a domain that is not a shop's.
    const back = new URL("/", env().APP_URL);
    back.searchParams.set(
      "error",
      input ? `"${input.slice(0, 100)}" is not a Shopify store domain. ${SHOP_DOMAIN_HINT}.` : `${SHOP_DOMAIN_HINT}.`,
    );
    if (input) back.searchParams.set("shop", input.slice(0, 100));
    return Response.redirect(back, 303);
  }
  tagShop(shop);
  return beginInstall(request, shop);
});
