import { handleRoute } from "@/lib/http/handle-route";
import { requireSameOrigin } from "@/lib/http/require-same-origin";
import { requireSession } from "@/lib/http/require-session";
import { exportChannelMapping, importChannelMapping } from "@/lib/channels/manage-channels";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** The channel's mapping as CSV (channel_sku, variant_id, variant_sku, bundle_sku, fba, desired, acknowledged, error). */
export const GET = handleRoute<Context>(async (request, { params }) => {
  const { shop } = requireSession(request);
  const { id } = await params;
  return new Response(await exportChannelMapping(shop, id), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="channel-${id}-mapping.csv"` },
  });
});

/** Imports a mapping CSV: 200 { rows, changed }, or 400 with every bad line and nothing imported. */
export const PUT = handleRoute<Context>(async (request, { params }) => {
  requireSameOrigin(request);
  const { shop } = requireSession(request);
  const { id } = await params;
  return Response.json(await importChannelMapping(shop, id, await request.text()));
});
