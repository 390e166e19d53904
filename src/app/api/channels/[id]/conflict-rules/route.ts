import { handleRoute } from "@/lib/http/handle-route";
import { readJsonBody } from "@/lib/http/read-json-body";
import { requireSameOrigin } from "@/lib/http/require-same-origin";
import { requireSession } from "@/lib/http/require-session";
import { channelConflictRules, setChannelConflictRules } from "@/lib/marketplaces/conflicts/shop-conflicts";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** How the channel's conflicts are resolved per field: `{ title, description, price }`, each master, channel or ask. */
export const GET = handleRoute<Context>(async (request, { params }) => {
  const { shop } = requireSession(request);
  return Response.json(await channelConflictRules(shop, (await params).id));
});

export const PUT = handleRoute<Context>(async (request, { params }) => {
  requireSameOrigin(request);
  const { shop } = requireSession(request);
  const body = await readJsonBody(request);
  return Response.json(await setChannelConflictRules(shop, (await params).id, body));
});
