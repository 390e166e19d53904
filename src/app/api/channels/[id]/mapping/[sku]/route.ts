import { z } from "zod";
import { handleRoute } from "@/lib/http/handle-route";
import { readJsonBody } from "@/lib/http/read-json-body";
import { requireSameOrigin } from "@/lib/http/require-same-origin";
import { requireSession } from "@/lib/http/require-session";
import { mapShopListing } from "@/lib/channels/mapping/manage-mapping";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string; sku: string }> };

const mapSchema = z.object({ target: z.string().trim().min(1).max(300) }).strict();

/** Map one listing: { target: variant GID, unique variant SKU or bundle SKU } -> { sku, variantId, bundleId, changed }. */
export const PUT = handleRoute<Context>(async (request, { params }) => {
  requireSameOrigin(request);
  const { shop } = requireSession(request);
  const { id, sku } = await params;
  const body = await readJsonBody(request);
  return Response.json(await mapShopListing(shop, id, sku, mapSchema.parse(body).target));
});

/** Unmap one listing (it is no longer pushed) -> { sku, variantId: null, bundleId: null, changed }. */
export const DELETE = handleRoute<Context>(async (request, { params }) => {
  requireSameOrigin(request);
  const { shop } = requireSession(request);
  const { id, sku } = await params;
  return Response.json(await mapShopListing(shop, id, sku, null));
});
