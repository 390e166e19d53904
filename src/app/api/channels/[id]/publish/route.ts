import { handleRoute } from "@/lib/http/handle-route";
import { requireSameOrigin } from "@/lib/http/require-same-origin";
import { requireSession } from "@/lib/http/require-session";
import { requestCatalogPublish } from "@/lib/marketplaces/catalog";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** Publish the catalogue (every active product) to a marketplace channel: 202 { outboxId, listings }; publish-channel does the work. */
export const POST = handleRoute<Context>(async (request, { params }) => {
  requireSameOrigin(request);
  const { shop } = requireSession(request);
  const { id } = await params;
  return Response.json(await requestCatalogPublish(shop, id), { status: 202 });
});
