import { AppError } from "@/lib/errors";
import { handleRoute } from "@/lib/http/handle-route";
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
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    throw new AppError("bad_request", "the request body is not JSON");
  }
  return Response.json(await updateShopChannelSettings(shop, id, body));
});
