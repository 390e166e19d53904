import { merchantOrigin } from "@/lib/audit/audit-origin";
import { handleRoute } from "@/lib/http/handle-route";
import { readJsonBody } from "@/lib/http/read-json-body";
import { requireSameOrigin } from "@/lib/http/require-same-origin";
import { requireSession } from "@/lib/http/require-session";
import { previewCatalogPublish, publishRequestSchema, requestCatalogPublish } from "@/lib/marketplaces/catalog";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/**
 * Publish the catalogue (every active product, or `{ productIds }`) to a marketplace channel: 202 { outboxId, listings };
 * publish-channel does the work. `{ dryRun: true }`: 200 { dryRun, listings: [{ productId, draft }] }, what it would send.
 */
export const POST = handleRoute<Context>(async (request, { params }) => {
  requireSameOrigin(request);
  const { shop } = requireSession(request);
  const { id } = await params;
  const publish = publishRequestSchema.parse(await readJsonBody(request, { emptyAs: {} }));
  if (publish.dryRun) return Response.json(await previewCatalogPublish(shop, id, publish));
  return Response.json(await requestCatalogPublish(shop, id, merchantOrigin(request), publish), { status: 202 });
});
