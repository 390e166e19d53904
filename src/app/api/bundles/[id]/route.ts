import { handleRoute } from "@/lib/http/handle-route";
import { readJsonBody } from "@/lib/http/read-json-body";
import { requireSameOrigin } from "@/lib/http/require-same-origin";
import { requireSession } from "@/lib/http/require-session";
import { shopBundleHistory, updateShopBundle } from "@/lib/channels/mapping/manage-mapping";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** The bundle's history: { history: [{ source, before, after, changedAt }] }, oldest first (each version's definition). */
export const GET = handleRoute<Context>(async (request, { params }) => {
  const { shop } = requireSession(request);
  const { id } = await params;
  return Response.json({ history: await shopBundleHistory(shop, id) });
});

/** Edit a bundle: { sku, name, components, version? } -> { id, version }; 409 when `version` is no longer current. */
export const PUT = handleRoute<Context>(async (request, { params }) => {
  requireSameOrigin(request);
  const { shop } = requireSession(request);
  const { id } = await params;
  const body = await readJsonBody(request);
  return Response.json(await updateShopBundle(shop, id, body));
});
