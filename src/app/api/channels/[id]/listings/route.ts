import { handleRoute } from "@/lib/http/handle-route";
import { requireSession } from "@/lib/http/require-session";
import { shopChannelListings } from "@/lib/channels/manage-channels";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** Every listing of the channel: sku, mapping, fba, desired and acknowledged quantities, error. */
export const GET = handleRoute<Context>(async (request, { params }) => {
  const { shop } = requireSession(request);
  const { id } = await params;
  return Response.json({ listings: await shopChannelListings(shop, id) });
});
