import { handleRoute } from "@/lib/http/handle-route";
import { requireSession } from "@/lib/http/require-session";
import { beginMarketplaceConnect, parseMarketplaceKind } from "@/lib/channels/marketplace/connect";

export const dynamic = "force-dynamic";

/** GET ?kind=shopee|tiktok: to the platform's authorization page, with a state remembered in a signed cookie. */
export const GET = handleRoute(async (request) => {
  const { shop } = requireSession(request);
  const kind = parseMarketplaceKind(new URL(request.url).searchParams.get("kind"));
  const { location, cookie } = await beginMarketplaceConnect(shop, kind);
  return new Response(null, { status: 302, headers: { Location: location, "Set-Cookie": cookie } });
});
