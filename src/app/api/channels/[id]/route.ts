import { handleRoute } from "@/lib/http/handle-route";
import { readJsonBody } from "@/lib/http/read-json-body";
import { requireSameOrigin } from "@/lib/http/require-same-origin";
import { requireSession } from "@/lib/http/require-session";
import { updateShopChannelSettings } from "@/lib/channels/mapping/manage-mapping";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** Change a channel's settings: { locationIds?, safetyBuffer? } -> { locationIds, safetyBuffer }; a push follows. */
export const PATCH = handleRoute<Context>(async (request, { params }) => {
  requireSameOrigin(request);
  const { shop } = requireSession(request);
  const { id } = await params;
  const body = await readJsonBody(request);
  return Response.json(await updateShopChannelSettings(shop, id, body));
});
