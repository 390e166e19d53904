import { handleRoute } from "@/lib/http/handle-route";
import { readJsonBody } from "@/lib/http/read-json-body";
import { requireSameOrigin } from "@/lib/http/require-same-origin";
import { requireSession } from "@/lib/http/require-session";
import { createShopBundle, shopBundles } from "@/lib/channels/mapping/manage-mapping";

export const dynamic = "force-dynamic";

/** The shop's bundles: { bundles: [{ id, sku, name, version, components: [{ variantId, variantSku, units }], listings }] }. */
export const GET = handleRoute(async (request) => {
  const { shop } = requireSession(request);
  return Response.json({ bundles: await shopBundles(shop) });
});

/** Create a bundle: { sku, name, components: [{ variant: GID or unique SKU, units }] } -> 201 { id, version }. */
export const POST = handleRoute(async (request) => {
  requireSameOrigin(request);
  const { shop } = requireSession(request);
  const body = await readJsonBody(request);
  return Response.json(await createShopBundle(shop, body), { status: 201 });
});
