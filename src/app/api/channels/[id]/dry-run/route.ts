import { handleRoute } from "@/lib/http/handle-route";
import { requireSession } from "@/lib/http/require-session";
import { shopChannelDryRun } from "@/lib/channels/manage-channels";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** What a push would send now: { changes: [{ sku, from, to }] }; nothing is sent. */
export const GET = handleRoute<Context>(async (request, { params }) => {
  const { shop } = requireSession(request);
  const { id } = await params;
  return Response.json(await shopChannelDryRun(shop, id));
});
