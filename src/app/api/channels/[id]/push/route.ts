import { handleRoute } from "@/lib/http/handle-route";
import { requireSameOrigin } from "@/lib/http/require-same-origin";
import { requireSession } from "@/lib/http/require-session";
import { requestChannelPush } from "@/lib/channels/manage-channels";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** Push the channel's pending quantities now: 202 { eventId }; the push runs as the push-channel function. */
export const POST = handleRoute<Context>(async (request, { params }) => {
  requireSameOrigin(request);
  const { shop } = requireSession(request);
  const { id } = await params;
  return Response.json(await requestChannelPush(shop, id), { status: 202 });
});
