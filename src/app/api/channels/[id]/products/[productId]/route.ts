import { merchantOrigin } from "@/lib/audit/audit-origin";
import { AppError } from "@/lib/errors";
import { handleRoute } from "@/lib/http/handle-route";
import { requireSameOrigin } from "@/lib/http/require-same-origin";
import { requireSession } from "@/lib/http/require-session";
import { listingOverridesSchema, setListingOverrides } from "@/lib/marketplaces/catalog";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string; productId: string }> };

/** A product's overrides on the channel ({ title?, description?, price?, stockBuffer?, categoryId?, attributes? }; null clears): 202 { outboxId }. */
export const PATCH = handleRoute<Context>(async (request, { params }) => {
  requireSameOrigin(request);
  const { shop } = requireSession(request);
  const { id, productId } = await params;
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    throw new AppError("bad_request", "the request body is not JSON");
  }
  return Response.json(
    await setListingOverrides(shop, id, decodeURIComponent(productId), listingOverridesSchema.parse(body), merchantOrigin(request)),
    {
      status: 202,
    },
  );
});
