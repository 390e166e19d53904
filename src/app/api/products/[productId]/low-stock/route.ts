import { handleRoute } from "@/lib/http/handle-route";
import { readJsonBody } from "@/lib/http/read-json-body";
import { requireSameOrigin } from "@/lib/http/require-same-origin";
import { requireSession } from "@/lib/http/require-session";
import { productLowStockThreshold, setProductLowStockThreshold } from "@/lib/marketplaces/low-stock";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ productId: string }> };

/** The product's low-stock threshold: { productId, threshold } (null: no alerts). */
export const GET = handleRoute<Context>(async (request, { params }) => {
  const { shop } = requireSession(request);
  return Response.json(await productLowStockThreshold(shop, decodeURIComponent((await params).productId)));
});

/** `{ "threshold": <units> | null }`: a listing of the product at or below it on any marketplace channel alerts the shop once. */
export const PUT = handleRoute<Context>(async (request, { params }) => {
  requireSameOrigin(request);
  const { shop } = requireSession(request);
  const body = await readJsonBody(request);
  return Response.json(await setProductLowStockThreshold(shop, decodeURIComponent((await params).productId), body));
});
