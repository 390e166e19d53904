import { handleRoute } from "@/lib/http/handle-route";
import { requireSession } from "@/lib/http/require-session";
import { channelCatalog } from "@/lib/marketplaces/catalog";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** The channel's listings: product, channel id, status and the channel's reasons, overrides, versions, what was last published. */
export const GET = handleRoute<Context>(async (request, { params }) => {
  const { shop } = requireSession(request);
  const { id } = await params;
  return Response.json({ listings: await channelCatalog(shop, id) });
});
