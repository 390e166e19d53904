import { handleRoute } from "@/lib/http/handle-route";
import { requireSession } from "@/lib/http/require-session";
import { conflictListQuerySchema, shopConflicts } from "@/lib/marketplaces/conflicts/shop-conflicts";

export const dynamic = "force-dynamic";

/** The shop's conflicts (open by default; `?status=resolved|all`, `productId`, `channelId`), newest first. */
export const GET = handleRoute(async (request) => {
  const { shop } = requireSession(request);
  const query = conflictListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json({ conflicts: await shopConflicts(shop, query) });
});
